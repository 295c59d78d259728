module github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk

go 1.24.0

require (
	github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated v0.1.0
	go.opentelemetry.io/otel v1.41.0
	go.opentelemetry.io/otel/trace v1.41.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.3 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/metric v1.41.0 // indirect
)
