// Package redactbench benchmarks otelaudit's redaction side by side with the
// OpenTelemetry Collector contrib redactionprocessor (v0.165.1), on the same
// workload: a batch of 1,000 decision spans of about 7.3 KB each from
// internal/benchdata, 10% of them carrying personal data and secrets.
//
// The benchmarks are exported functions so that both `go test -bench` (see
// BenchmarkRedact) and the cmd/ratio program (`make bench-redact`), which
// prints the comparison table and the speed ratio, run the same code.
//
// Both processors redact pdata in place, so every iteration works on a
// fresh copy of the batch, made while the benchmark timer is stopped.
package redactbench
