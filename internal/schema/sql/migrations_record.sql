INSERT INTO {{.Table .MigrationsTable}} (version, name, checksum) VALUES (?, ?, ?)
