module github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk

go 1.23

require github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated v0.1.0
