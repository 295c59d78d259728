module example.invalid/cec-cobrowse/packages/docs/samples/go

go 1.23

require (
	example.invalid/cec-cobrowse/packages/client-go/generated v0.0.0
	example.invalid/cec-cobrowse/packages/client-go/sdk v0.0.0
)

replace (
	example.invalid/cec-cobrowse/packages/client-go/generated => ../../../client-go/generated
	example.invalid/cec-cobrowse/packages/client-go/sdk => ../../../client-go/sdk
)
