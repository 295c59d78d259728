// The program runs as one more module of the copy's go.work, which supplies both modules from
// the copy: the versions below are never fetched.
module github.com/cec-cobrowse/cec-cobrowse/packages/spec-evolution/programs/go

go 1.23

require (
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated v0.1.0
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk v0.1.0
)
