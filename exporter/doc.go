// Package exporter writes OpenTelemetry spans into ClickHouse: every span
// into the traces table (column-compatible with the Collector contrib
// clickhouseexporter) and every decision span (gen_ai.operation.name =
// "invoke_agent") into the audit table as one typed row.
//
// [Writer] is the part shared by the SDK exporter and the Collector
// exporter: it takes pdata traces and sends them with clickhouse-go/v2
// batches. [SpanExporter] is the OpenTelemetry Go SDK exporter on top of it.
package exporter
