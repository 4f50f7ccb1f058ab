// Package schema holds otelaudit's ClickHouse schema: the DDL and INSERT
// statements as embedded .sql templates, rendered with validated, quoted
// identifiers, and the migrations that apply them.
//
// # Tables
//
// The traces table is column-compatible with the OpenTelemetry Collector
// contrib clickhouseexporter's table (with its trace-id lookup table and
// materialized view), so the Grafana ClickHouse plugin's trace view and
// existing queries work unchanged. The audit table holds one row per
// decision in typed columns; it has no TTL unless AuditColdVolume moves old
// parts to a cold volume (they are never deleted). The rollups
// <audit>_1m and <audit>_1h (AggregatingMergeTree, filled by materialized
// views) hold per minute and per hour × agent × requested model the
// decisions, errors, latency quantile states, tokens and cost; model_prices
// holds the price per million tokens of each model.
//
// # Migrations
//
// sql/migrations/NNNN_name.sql are the numbered migrations, each one or
// more statements ending with ";" at the end of a line. Migrate creates the
// database and schema_migrations, applies the versions not recorded there
// in order and records each (version, name, checksum, applied_at). Every
// statement is idempotent, so a re-run or two writers migrating at once are
// harmless. A released migration never changes: a change is a new file.
// The checksum is taken with the tuning fields (TTL, cold volume, storage
// policy) replaced by placeholders, so changing them does not fail the
// start; it does not alter existing tables either (ALTER TABLE ... MODIFY
// TTL is the operator's call). Names and cluster mode are part of the
// checksum: they decide what the statements create.
//
// # Cost
//
// A decision's cost is the span's CostUSD when it is > 0, otherwise input
// and output tokens × the model_prices row of its requested model with the
// latest valid_from not after the decision (ASOF JOIN), 0 for an unknown
// model. The rollups store the cost computed at insert; the view
// <audit>_priced prices every decision with the current table. A user adds
// or corrects a price with a plain INSERT INTO model_prices (model,
// input_usd_per_million, output_usd_per_million, valid_from); for the same
// model and valid_from the latest insert wins (ReplacingMergeTree on
// updated_at, read with FINAL). A dictionary (dictGetOrDefault) works in
// the engine too, but a ClickHouse-sourced dictionary on a server needs its
// own credentials and sees new prices only after its LIFETIME; the join
// reads a table of a few rows per insert block and needs neither.
//
// # Cluster mode
//
// With Config.Cluster every statement runs ON CLUSTER; each data table is
// <name>_local with a Replicated engine (path
// /clickhouse/tables/{shard}/{database}/{table}, replica {replica}) and
// <name> is a Distributed table over it, so the exporter, the dashboards
// and the CLI use the same names in both modes. Spans and decisions are
// sharded by cityHash64(TraceId): random ids spread evenly, a decision and
// its spans share a shard, and a retried batch splits across shards exactly
// as the first try, so each shard's deduplication recognises its part.
// model_prices is sharded by model (FINAL per shard is then exact); the
// rollups are only read through their Distributed tables. Materialized
// views read the local tables and write the local rollups.
//
// # Retries
//
// A retried batch is kept out of every result by insert deduplication: the
// exporter sends insert_deduplication_token, the tables keep a window of
// 1000 recent blocks, and the rollups' views deduplicate with tokens
// derived from the audit block's. Measured against ReplacingMergeTree with
// FINAL (TestIdempotencyCost), this keeps queries free of FINAL and the
// rollups exact; a ReplacingMergeTree audit table would count a duplicate
// in every view-built rollup until a merge that never reaches them.
package schema
