SELECT RequestModel, Outcome, count() AS decisions
FROM {{ident .Database}}.{{ident .AuditTable}}
GROUP BY RequestModel, Outcome
ORDER BY RequestModel, Outcome
