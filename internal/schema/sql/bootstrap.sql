{{/*
What Migrate runs before reading which migrations are applied: the database
and the table recording them. One row per application of a migration
(concurrent starts may record one twice, which is harmless); the checksum
is the SHA-256 of the migration's statements rendered with the
configuration's names and cluster, see Migration.Checksum.
*/ -}}
CREATE DATABASE IF NOT EXISTS {{quoteIdent .Database}}{{.OnCluster}};

CREATE TABLE IF NOT EXISTS {{.Local .MigrationsTable}}{{.OnCluster}} (
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{.Engine "MergeTree"}}
ORDER BY (version, applied_at);

{{.Distributed .MigrationsTable "version"}};
