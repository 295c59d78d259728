module github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated

go 1.23

require (
)
