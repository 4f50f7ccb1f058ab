CREATE MATERIALIZED VIEW IF NOT EXISTS {{ident .Database}}.{{ident .TraceIDTSView}}
TO {{ident .Database}}.{{ident .TraceIDTSTable}}
AS SELECT
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End
FROM {{ident .Database}}.{{ident .TracesTable}}
WHERE TraceId != ''
GROUP BY TraceId
