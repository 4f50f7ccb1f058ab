SELECT
    groupArray(version),
    groupArray(checksum)
FROM (SELECT DISTINCT version, checksum FROM {{.Table .MigrationsTable}})
