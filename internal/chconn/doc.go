// Package chconn turns a ClickHouse endpoint URL into a clickhouse-go
// connection: the native protocol for clickhouse:// and tcp://, HTTP for
// http:// and https://. The exporter and the CLI connect through it, so both
// accept the same endpoints and fail with the same one-line messages.
package chconn
