module example.invalid/cec-cobrowse/packages/client-go/generated

go 1.23

require (
)
