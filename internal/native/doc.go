// Package native builds the columns of ClickHouse inserts in the Native
// format, straight from the Go strings and numbers they hold.
//
// clickhouse-go's batches copy every value into their column buffers and
// copy it again when they encode the block; these columns keep references
// to the caller's strings and write each value once, into the encoder's
// buffer. They implement ch-go's proto.ColInput (and proto.StateEncoder
// where the type has a serialization prefix), so one column set encodes
// both a Native body for the HTTP interface ([Block.EncodeHTTP]) and the
// data packets of the native protocol (ch-go's client, through
// [Block.Input]).
//
// Only the types the otelaudit schema inserts are here: String,
// LowCardinality(String), Map(LowCardinality(String), String) and arrays
// of those; fixed-width columns (UInt64, DateTime64, UUID...) are ch-go's.
package native
