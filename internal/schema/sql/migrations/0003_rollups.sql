{{/*
Migration 3: the rollups the dashboards read, per minute and per hour ×
agent × requested model: decisions, errors (StatusCode = 'Error'),
latency quantile states (0.5, 0.95, 0.99 of DurationNs), input and output
tokens, cost. Each is an AggregatingMergeTree table filled by a
materialized view on the audit table (the local table in cluster mode). Read
them with sum() on the SimpleAggregateFunction columns and
quantilesMerge(0.5, 0.95, 0.99)(DurationNsQuantiles), grouped by the
columns kept.

Cost: the span's CostUSD when it is > 0; otherwise tokens × the price of
the requested model from model_prices valid at the decision's time (ASOF
JOIN on valid_from), 0 for a model without a price. The rollups keep the
cost computed when the decision was inserted; the view <audit>_priced
prices every decision with the prices in the table when it is queried.

Retries: a retried audit batch (same insert_deduplication_token, or the
same block) still passes through the views; ClickHouse
(deduplicate_blocks_in_dependent_materialized_views, on by default since
24.x) gives the view's block a token derived from the audit block's, and
the rollup's own deduplication window drops it. So the rollups keep a
window like the audit table; two different audit batches that aggregate to
identical rollup blocks get different derived tokens and both count
(tested in the engine, ClickHouse 26.5).
In cluster mode each node's view fills its local rollup from the decisions
stored on that node; always read the rollups with GROUP BY, which merges
the rows of one key across shards and parts.

The views see only rows inserted after they exist: on a database that
already holds decisions, backfill once with
  INSERT INTO <audit>_1m SELECT ... (the view's query) WHERE Timestamp < <first insert after the upgrade>.
*/ -}}
{{- define "rollup_prices" -}}
(SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM {{.Table .ModelPrices}} FINAL)
{{- end -}}
{{- define "rollup_cost" -}}
if(a.CostUSD > 0, a.CostUSD, (a.InputTokens * ifNull(p.input_usd_per_million, 0) + a.OutputTokens * ifNull(p.output_usd_per_million, 0)) / 1000000)
{{- end -}}
CREATE TABLE IF NOT EXISTS {{.Local .Rollup1m}}{{.OnCluster}} (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = {{.Engine "AggregatingMergeTree"}}
PARTITION BY toYYYYMM(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, {{.DedupSetting}};

{{.Distributed .Rollup1m ""}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table .Rollup1mView}}{{.OnCluster}}
TO {{.Local .Rollup1m}}
AS SELECT
    toStartOfMinute(a.Timestamp) AS Time,
    a.AgentName AS AgentName,
    a.RequestModel AS RequestModel,
    count() AS Decisions,
    countIf(a.StatusCode = 'Error') AS Errors,
    quantilesState(0.5, 0.95, 0.99)(a.DurationNs) AS DurationNsQuantiles,
    sum(a.InputTokens) AS InputTokens,
    sum(a.OutputTokens) AS OutputTokens,
    sum({{template "rollup_cost"}}) AS CostUSD
FROM {{.Local .AuditTable}} AS a
ASOF LEFT JOIN {{template "rollup_prices" .}} AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE TABLE IF NOT EXISTS {{.Local .Rollup1h}}{{.OnCluster}} (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = {{.Engine "AggregatingMergeTree"}}
PARTITION BY toYear(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, {{.DedupSetting}};

{{.Distributed .Rollup1h ""}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table .Rollup1hView}}{{.OnCluster}}
TO {{.Local .Rollup1h}}
AS SELECT
    toStartOfHour(a.Timestamp) AS Time,
    a.AgentName AS AgentName,
    a.RequestModel AS RequestModel,
    count() AS Decisions,
    countIf(a.StatusCode = 'Error') AS Errors,
    quantilesState(0.5, 0.95, 0.99)(a.DurationNs) AS DurationNsQuantiles,
    sum(a.InputTokens) AS InputTokens,
    sum(a.OutputTokens) AS OutputTokens,
    sum({{template "rollup_cost"}}) AS CostUSD
FROM {{.Local .AuditTable}} AS a
ASOF LEFT JOIN {{template "rollup_prices" .}} AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE VIEW IF NOT EXISTS {{.Table .PricedView}}{{.OnCluster}}
AS SELECT
    a.*,
    {{template "rollup_cost"}} AS EffectiveCostUSD
FROM {{.Table .AuditTable}} AS a
{{.GlobalJoin}}ASOF LEFT JOIN {{template "rollup_prices" .}} AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from;
