// Package chinsert sends the Native blocks of internal/native to a
// ClickHouse endpoint as inserts: over the HTTP interface (`INSERT ...
// FORMAT Native` with the block as the body) or over the native protocol
// (ch-go's client). The endpoint is the one internal/chconn parses, so
// inserts and queries reach the same server with the same credentials,
// TLS and compression.
//
// Server errors come back as *clickhouse.Exception (clickhouse-go's type,
// whichever protocol carried them), so callers classify them by code in
// one place.
package chinsert
