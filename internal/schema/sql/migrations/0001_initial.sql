{{/*
Migration 1: the traces table (column-compatible with the OpenTelemetry
Collector contrib clickhouseexporter v0.165.1), its trace-id lookup table
and view, and the audit table. In cluster mode each table is created as
<name>_local with a Replicated engine and a Distributed table <name> over
it, sharded by cityHash64(TraceId): a decision's audit row and its spans
share a shard, and a retried batch splits across shards the same way, so
each shard recognises its part by the deduplication token.
Statements end with ";" at the end of a line.
*/ -}}
CREATE TABLE IF NOT EXISTS {{.Local .TracesTable}}{{.OnCluster}} (
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
) ENGINE = {{.Engine "MergeTree"}}
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
{{- if .TracesTTLDays}}
TTL toDateTime(Timestamp) + toIntervalDay({{.TracesTTLDays}})
{{- end}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, {{.DedupSetting}};

{{.Distributed .TracesTable "cityHash64(TraceId)"}};

CREATE TABLE IF NOT EXISTS {{.Local .TraceIDTSTable}}{{.OnCluster}} (
    TraceId String CODEC(ZSTD(3)),
    Start DateTime CODEC(Delta, ZSTD(3)),
    End DateTime CODEC(Delta, ZSTD(3)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = {{.Engine "MergeTree"}}
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
{{- if .TracesTTLDays}}
TTL toDateTime(Start) + toIntervalDay({{.TracesTTLDays}})
{{- end}}
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, {{.DedupSetting}};

{{.Distributed .TraceIDTSTable "cityHash64(TraceId)"}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{.Table .TraceIDTSView}}{{.OnCluster}}
TO {{.Local .TraceIDTSTable}}
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End
FROM {{.Local .TracesTable}}
WHERE TraceId != ''
GROUP BY TraceId;

CREATE TABLE IF NOT EXISTS {{.Local .AuditTable}}{{.OnCluster}} (
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
) ENGINE = {{.Engine "MergeTree"}}
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (AgentName, toDateTime(Timestamp))
{{- if .AuditColdVolume}}
TTL toDateTime(Timestamp) + toIntervalDay({{.AuditColdAfterDays}}) TO VOLUME {{quote .AuditColdVolume}}
{{- end}}
SETTINGS index_granularity = 8192, {{.DedupSetting}}
{{- if .AuditStoragePolicy}}, storage_policy = {{quote .AuditStoragePolicy}}{{end}};

{{.Distributed .AuditTable "cityHash64(TraceId)"}};
