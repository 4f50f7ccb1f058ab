SELECT count()
FROM {{ident .Database}}.{{ident .AuditTable}}
WHERE SessionId IN ?
