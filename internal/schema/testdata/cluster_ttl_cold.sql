CREATE DATABASE IF NOT EXISTS `audit_prod` ON CLUSTER `prod-eu.1`;

CREATE TABLE IF NOT EXISTS `audit_prod`.`schema_migrations_local` ON CLUSTER `prod-eu.1` (
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (version, applied_at);

CREATE TABLE IF NOT EXISTS `audit_prod`.`schema_migrations` ON CLUSTER `prod-eu.1` AS `audit_prod`.`schema_migrations_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'schema_migrations_local', version);

CREATE TABLE IF NOT EXISTS `audit_prod`.`otel_traces_local` ON CLUSTER `prod-eu.1` (
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(3)),
    TraceId String CODEC(ZSTD(3)),
    SpanId String CODEC(ZSTD(3)),
    ParentSpanId String CODEC(ZSTD(3)),
    TraceState String CODEC(ZSTD(3)),
    SpanName LowCardinality(String) CODEC(ZSTD(3)),
    SpanKind LowCardinality(String) CODEC(ZSTD(3)),
    ServiceName LowCardinality(String) CODEC(ZSTD(3)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    ScopeName String CODEC(ZSTD(3)),
    ScopeVersion String CODEC(ZSTD(3)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    Duration UInt64 CODEC(ZSTD(3)),
    StatusCode LowCardinality(String) CODEC(ZSTD(3)),
    StatusMessage String CODEC(ZSTD(3)),
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(3)),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(3)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(14)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`otel_traces` ON CLUSTER `prod-eu.1` AS `audit_prod`.`otel_traces_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'otel_traces_local', cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `audit_prod`.`otel_traces_trace_id_ts_local` ON CLUSTER `prod-eu.1` (
    TraceId String CODEC(ZSTD(3)),
    Start DateTime CODEC(Delta, ZSTD(3)),
    End DateTime CODEC(Delta, ZSTD(3)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
TTL toDateTime(Start) + toIntervalDay(14)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`otel_traces_trace_id_ts` ON CLUSTER `prod-eu.1` AS `audit_prod`.`otel_traces_trace_id_ts_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'otel_traces_trace_id_ts_local', cityHash64(TraceId));

CREATE MATERIALIZED VIEW IF NOT EXISTS `audit_prod`.`otel_traces_trace_id_ts_mv` ON CLUSTER `prod-eu.1`
TO `audit_prod`.`otel_traces_trace_id_ts_local`
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End
FROM `audit_prod`.`otel_traces_local`
WHERE TraceId != ''
GROUP BY TraceId;

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions_local` ON CLUSTER `prod-eu.1` (
    DecisionId UUID,
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(3)),
    TraceId String CODEC(ZSTD(3)),
    SpanId String CODEC(ZSTD(3)),
    SessionId String CODEC(ZSTD(3)),
    UserId String CODEC(ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    AgentVersion LowCardinality(String) CODEC(ZSTD(3)),
    AgentId LowCardinality(String) CODEC(ZSTD(3)),
    ServiceName LowCardinality(String) CODEC(ZSTD(3)),
    Operation LowCardinality(String) CODEC(ZSTD(3)),
    Provider LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    ResponseModel LowCardinality(String) CODEC(ZSTD(3)),
    Input String CODEC(ZSTD(3)),
    Reasoning String CODEC(ZSTD(3)),
    Output String CODEC(ZSTD(3)),
    Outcome LowCardinality(String) CODEC(ZSTD(3)),
    StatusCode LowCardinality(String) CODEC(ZSTD(3)),
    ErrorType LowCardinality(String) CODEC(ZSTD(3)),
    ErrorMessage String CODEC(ZSTD(3)),
    DurationNs UInt64 CODEC(T64, ZSTD(3)),
    InputTokens UInt64 CODEC(T64, ZSTD(3)),
    OutputTokens UInt64 CODEC(T64, ZSTD(3)),
    CostUSD Float64 CODEC(Gorilla, ZSTD(3)),
    RedactionCount UInt32 CODEC(T64, ZSTD(3)),
    RedactionKinds Array(LowCardinality(String)) CODEC(ZSTD(3)),
    Variant LowCardinality(String) CODEC(ZSTD(3)),
    Attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    INDEX idx_decision_id DecisionId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_session_id SessionId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_user_id UserId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (AgentName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(365) TO VOLUME 'cold'
SETTINGS index_granularity = 8192, replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions` ON CLUSTER `prod-eu.1` AS `audit_prod`.`audit_decisions_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'audit_decisions_local', cityHash64(TraceId));

CREATE TABLE IF NOT EXISTS `audit_prod`.`model_prices_local` ON CLUSTER `prod-eu.1` (
    model LowCardinality(String),
    input_usd_per_million Float64,
    output_usd_per_million Float64,
    valid_from DateTime('UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', updated_at)
ORDER BY (model, valid_from)
SETTINGS replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`model_prices` ON CLUSTER `prod-eu.1` AS `audit_prod`.`model_prices_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'model_prices_local', cityHash64(model));

INSERT INTO `audit_prod`.`model_prices` (model, input_usd_per_million, output_usd_per_million, valid_from, updated_at) VALUES
    ('gpt-4o', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('gpt-4o-mini', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('claude-3-5-sonnet', 3.00, 15.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-a', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-b', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00');

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions_1m_local` ON CLUSTER `prod-eu.1` (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions_1m` ON CLUSTER `prod-eu.1` AS `audit_prod`.`audit_decisions_1m_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'audit_decisions_1m_local');

CREATE MATERIALIZED VIEW IF NOT EXISTS `audit_prod`.`audit_decisions_1m_mv` ON CLUSTER `prod-eu.1`
TO `audit_prod`.`audit_decisions_1m_local`
AS SELECT
    toStartOfMinute(a.Timestamp) AS Time,
    a.AgentName AS AgentName,
    a.RequestModel AS RequestModel,
    count() AS Decisions,
    countIf(a.StatusCode = 'Error') AS Errors,
    quantilesState(0.5, 0.95, 0.99)(a.DurationNs) AS DurationNsQuantiles,
    sum(a.InputTokens) AS InputTokens,
    sum(a.OutputTokens) AS OutputTokens,
    sum(if(a.CostUSD > 0, a.CostUSD, (a.InputTokens * ifNull(p.input_usd_per_million, 0) + a.OutputTokens * ifNull(p.output_usd_per_million, 0)) / 1000000)) AS CostUSD
FROM `audit_prod`.`audit_decisions_local` AS a
ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `audit_prod`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions_1h_local` ON CLUSTER `prod-eu.1` (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYear(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, replicated_deduplication_window = 1000, replicated_deduplication_window_seconds = 604800;

CREATE TABLE IF NOT EXISTS `audit_prod`.`audit_decisions_1h` ON CLUSTER `prod-eu.1` AS `audit_prod`.`audit_decisions_1h_local`
ENGINE = Distributed('prod-eu.1', 'audit_prod', 'audit_decisions_1h_local');

CREATE MATERIALIZED VIEW IF NOT EXISTS `audit_prod`.`audit_decisions_1h_mv` ON CLUSTER `prod-eu.1`
TO `audit_prod`.`audit_decisions_1h_local`
AS SELECT
    toStartOfHour(a.Timestamp) AS Time,
    a.AgentName AS AgentName,
    a.RequestModel AS RequestModel,
    count() AS Decisions,
    countIf(a.StatusCode = 'Error') AS Errors,
    quantilesState(0.5, 0.95, 0.99)(a.DurationNs) AS DurationNsQuantiles,
    sum(a.InputTokens) AS InputTokens,
    sum(a.OutputTokens) AS OutputTokens,
    sum(if(a.CostUSD > 0, a.CostUSD, (a.InputTokens * ifNull(p.input_usd_per_million, 0) + a.OutputTokens * ifNull(p.output_usd_per_million, 0)) / 1000000)) AS CostUSD
FROM `audit_prod`.`audit_decisions_local` AS a
ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `audit_prod`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE VIEW IF NOT EXISTS `audit_prod`.`audit_decisions_priced` ON CLUSTER `prod-eu.1`
AS SELECT
    a.*,
    if(a.CostUSD > 0, a.CostUSD, (a.InputTokens * ifNull(p.input_usd_per_million, 0) + a.OutputTokens * ifNull(p.output_usd_per_million, 0)) / 1000000) AS EffectiveCostUSD
FROM `audit_prod`.`audit_decisions` AS a
GLOBAL ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `audit_prod`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from;

INSERT INTO `audit_prod`.`otel_traces` (
    Timestamp,
    TraceId,
    SpanId,
    ParentSpanId,
    TraceState,
    SpanName,
    SpanKind,
    ServiceName,
    ResourceAttributes,
    ScopeName,
    ScopeVersion,
    SpanAttributes,
    Duration,
    StatusCode,
    StatusMessage,
    Events.Timestamp,
    Events.Name,
    Events.Attributes,
    Links.TraceId,
    Links.SpanId,
    Links.TraceState,
    Links.Attributes
);

INSERT INTO `audit_prod`.`audit_decisions` (
    DecisionId,
    Timestamp,
    TraceId,
    SpanId,
    SessionId,
    UserId,
    AgentName,
    AgentVersion,
    AgentId,
    ServiceName,
    Operation,
    Provider,
    RequestModel,
    ResponseModel,
    Input,
    Reasoning,
    Output,
    Outcome,
    StatusCode,
    ErrorType,
    ErrorMessage,
    DurationNs,
    InputTokens,
    OutputTokens,
    CostUSD,
    RedactionCount,
    RedactionKinds,
    Variant,
    Attributes
);
