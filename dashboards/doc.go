// Package dashboards holds the Grafana dashboards for otelaudit (JSON files
// for the grafana-clickhouse-datasource plugin) and their provisioning files.
//
// The package has no Go API. Its test parses every dashboard, expands the
// Grafana and plugin macros of every query into plain ClickHouse SQL, and
// runs the queries against the real ClickHouse engine (the embedded chDB
// store) over sample audit rows.
package dashboards
