module github.com/cec-cobrowse/cec-cobrowse/packages/docs/samples/go

go 1.23

require (
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated v0.1.0
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk v0.1.0
)

replace (
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated => ../../../client-go/generated
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk => ../../../client-go/sdk
)
