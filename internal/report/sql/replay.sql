SELECT
    Timestamp,
    toString(DecisionId),
    SessionId,
    UserId,
    AgentName,
    AgentVersion,
    Provider,
    RequestModel,
    ResponseModel,
    DurationNs,
    InputTokens,
    OutputTokens,
    CostUSD,
    Input,
    Reasoning,
    Output,
    Outcome,
    StatusCode,
    ErrorType,
    ErrorMessage,
    Variant
FROM {{ident .Database}}.{{ident .AuditTable}}
WHERE ({{if .BySession}}SessionId{{else}}UserId{{end}} = ?)
  AND Timestamp >= fromUnixTimestamp64Nano(toInt64(?))
  AND Timestamp < fromUnixTimestamp64Nano(toInt64(?))
ORDER BY Timestamp, DecisionId
