// Package schema holds otelaudit's ClickHouse schema: the DDL and INSERT
// statements as embedded .sql templates, rendered with validated, quoted
// identifiers.
//
// The traces table is column-compatible with the OpenTelemetry Collector
// contrib clickhouseexporter's table (with its trace-id lookup table and
// materialized view), so the Grafana ClickHouse plugin's trace view and
// existing queries work unchanged. The audit table holds one row per
// decision in typed columns.
package schema
