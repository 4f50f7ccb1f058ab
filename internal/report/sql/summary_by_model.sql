SELECT
    RequestModel,
    count() AS decisions,
    countIf(StatusCode = 'Error') AS errors,
    quantile(0.5)(DurationNs) AS p50_ns,
    quantile(0.95)(DurationNs) AS p95_ns,
    sum(InputTokens) AS input_tokens,
    sum(OutputTokens) AS output_tokens,
    sum(CostUSD) AS cost_usd
FROM {{ident .Database}}.{{ident .AuditTable}}
GROUP BY RequestModel
ORDER BY RequestModel
