module example.invalid/cec-cobrowse/packages/client-go/sdk

go 1.23

require example.invalid/cec-cobrowse/packages/client-go/generated v0.0.0

replace example.invalid/cec-cobrowse/packages/client-go/generated => ../generated
