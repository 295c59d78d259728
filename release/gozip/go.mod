module github.com/cec-cobrowse/cec-cobrowse/release/gozip

go 1.24.0

require golang.org/x/mod v0.31.0
