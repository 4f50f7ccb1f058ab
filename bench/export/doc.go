// Package exportbench benchmarks otelaudit's export side by side with the
// OpenTelemetry Collector contrib clickhouseexporter (v0.165.1), on the same
// workload: a batch of 1,000 decision spans of about 7.3 KB each from
// internal/benchdata, 10% of them carrying personal data.
//
// Two figures come out of it:
//
//   - Conversion: the per-span cost of turning pdata spans into a
//     clickhouse-go block of the otel_traces columns and encoding that block
//     as the native protocol sends it (without compression, and with LZ4).
//     No server is involved: both sides append into the same in-process
//     [BlockBatch] (a driver.Batch over a clickhouse-go proto.Block, which is
//     what clickhouse-go's own batches append into) and are encoded by the
//     same [Encoder], which does what clickhouse-go does when it sends a
//     block. Only the row conversion differs; see contrib.go for exactly how
//     the contrib side is driven.
//   - The SDK path: decisions per second on one core through record (the
//     otelaudit API on an OTel SDK TracerProvider), redact (redactproc),
//     spool (exporter/durable, on a temporary directory) and the shipper's
//     encode (spooled spans into LZ4-compressed clickhouse-go blocks).
//
// The benchmarks are exported functions so that `go test -bench` (see
// bench_test.go) and the cmd/ratio program (`make bench-export`) run the
// same code.
package exportbench
