CREATE DATABASE IF NOT EXISTS `otelaudit`;

CREATE TABLE IF NOT EXISTS `otelaudit`.`schema_migrations` (
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = MergeTree()
ORDER BY (version, applied_at);

CREATE TABLE IF NOT EXISTS `otelaudit`.`otel_traces` (
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
) ENGINE = MergeTree()
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS `otelaudit`.`otel_traces_trace_id_ts` (
    TraceId String CODEC(ZSTD(3)),
    Start DateTime CODEC(Delta, ZSTD(3)),
    End DateTime CODEC(Delta, ZSTD(3)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = MergeTree()
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS `otelaudit`.`otel_traces_trace_id_ts_mv`
TO `otelaudit`.`otel_traces_trace_id_ts`
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End
FROM `otelaudit`.`otel_traces`
WHERE TraceId != ''
GROUP BY TraceId;

CREATE TABLE IF NOT EXISTS `otelaudit`.`audit_decisions` (
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
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (AgentName, toDateTime(Timestamp))
TTL toDateTime(Timestamp) + toIntervalDay(90) TO VOLUME 'cold'
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000, storage_policy = 'hot_and_cold';

CREATE TABLE IF NOT EXISTS `otelaudit`.`model_prices` (
    model LowCardinality(String),
    input_usd_per_million Float64,
    output_usd_per_million Float64,
    valid_from DateTime('UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (model, valid_from)
SETTINGS non_replicated_deduplication_window = 1000;

INSERT INTO `otelaudit`.`model_prices` (model, input_usd_per_million, output_usd_per_million, valid_from, updated_at) VALUES
    ('gpt-4o', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('gpt-4o-mini', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('claude-3-5-sonnet', 3.00, 15.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-a', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-b', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00');

CREATE TABLE IF NOT EXISTS `otelaudit`.`audit_decisions_1m` (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS `otelaudit`.`audit_decisions_1m_mv`
TO `otelaudit`.`audit_decisions_1m`
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
FROM `otelaudit`.`audit_decisions` AS a
ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `otelaudit`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE TABLE IF NOT EXISTS `otelaudit`.`audit_decisions_1h` (
    Time DateTime CODEC(Delta, ZSTD(3)),
    AgentName LowCardinality(String) CODEC(ZSTD(3)),
    RequestModel LowCardinality(String) CODEC(ZSTD(3)),
    Decisions SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    DurationNsQuantiles AggregateFunction(quantiles(0.5, 0.95, 0.99), UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    CostUSD SimpleAggregateFunction(sum, Float64)
) ENGINE = AggregatingMergeTree()
PARTITION BY toYear(Time)
ORDER BY (Time, AgentName, RequestModel)
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS `otelaudit`.`audit_decisions_1h_mv`
TO `otelaudit`.`audit_decisions_1h`
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
FROM `otelaudit`.`audit_decisions` AS a
ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `otelaudit`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from
GROUP BY Time, AgentName, RequestModel;

CREATE VIEW IF NOT EXISTS `otelaudit`.`audit_decisions_priced`
AS SELECT
    a.*,
    if(a.CostUSD > 0, a.CostUSD, (a.InputTokens * ifNull(p.input_usd_per_million, 0) + a.OutputTokens * ifNull(p.output_usd_per_million, 0)) / 1000000) AS EffectiveCostUSD
FROM `otelaudit`.`audit_decisions` AS a
ASOF LEFT JOIN (SELECT model, valid_from, input_usd_per_million, output_usd_per_million FROM `otelaudit`.`model_prices` FINAL) AS p
    ON a.RequestModel = p.model AND toDateTime(a.Timestamp, 'UTC') >= p.valid_from;

INSERT INTO `otelaudit`.`otel_traces` (
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

INSERT INTO `otelaudit`.`audit_decisions` (
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
