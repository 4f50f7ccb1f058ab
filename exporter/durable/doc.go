// Package durable is the durable export pipeline of the SDK path: a span
// processor that appends every ended span to an on-disk spool before the
// span counts as recorded, and a shipper that sends the spool to
// ClickHouse in batches, retries until ClickHouse acknowledges, and only
// then removes the spans from the spool.
//
//	TracerProvider ─▶ redact.Processor ─▶ durable.Processor ─▶ spool (disk) ─▶ shipper ─▶ exporter.Writer ─▶ ClickHouse
//
// # Delivery
//
// Each span is encoded as one spool record: a format byte (1) followed by
// an OTLP TracesData protobuf holding the span with its resource and
// scope. The shipper reads batches (Config.BatchSize spans,
// Config.BatchBytes bytes, waiting up to Config.Linger to fill one),
// persists the batch's spool range as in flight, and sends it with
// exporter.Writer.WriteBatch under the deduplication token
// "<spool id>:<start>-<end>". After a crash the same range is sent again
// with the same token, so ClickHouse stores it once
// (insert_deduplication_token; the tables keep a window of 1000 batches,
// far more than the one batch in flight).
//
// # Errors
//
// An error is permanent when ClickHouse rejects the data itself: a
// *clickhouse.Exception (native protocol, or wrapped in a
// *clickhouse.HTTPError over HTTP) whose code is one of the data error
// codes listed in permanentCodes (parse errors, type mismatch, too large,
// constraint violated, ...), or a record that does not decode. Everything
// else — connection refused, timeouts, server overload, unknown table,
// authentication, memory limits — is transient: it is retried with
// exponential backoff and full jitter (Config.RetryInitial doubling up to
// Config.RetryMax), without limit by default, because an operator can fix
// those and audit data must not be given up for them. A permanently
// rejected batch is split in halves, each half sent on its own (with the
// token of its own sub-range) and split again if rejected, so one bad span
// ends up alone in the dead-letter file and the good ones are stored.
//
// # Dead letters
//
// Dead-lettered spans go to deadletter.jsonl in the spool directory, one
// JSON object per line (see DeadLetter): id, time, reason, attempts, span
// count, decision ids, the spans as OTLP JSON and the exact OTLP protobuf
// (base64). "otelaudit deadletter list" prints them; "otelaudit deadletter
// resend" sends them again and keeps only those that fail, with the new
// reason. deadletter.lock serialises writers across processes.
//
// # Metrics
//
// With the meter "github.com/otelaudit/otelaudit/exporter/durable" of
// Config.MeterProvider (otel.GetMeterProvider() when nil):
//
//	otelaudit.spans.recorded       {span}    counter    spans appended to the spool; attribute decision (bool: an invoke_agent span)
//	otelaudit.spans.dropped        {span}    counter    spans not stored; attributes decision, reason (full, block_timeout, too_large, encode, shutdown, error)
//	otelaudit.spans.exported       {span}    counter    spans ClickHouse acknowledged; attribute decision
//	otelaudit.spans.dead_lettered  {span}    counter    spans moved to the dead-letter file; attribute decision
//	otelaudit.export.retries       {attempt} counter    failed send attempts that will be retried
//	otelaudit.export.duration      s         histogram  duration of each send to ClickHouse; attribute outcome (ok, transient, permanent)
//	otelaudit.spool.bytes          By        gauge      bytes in the spool not yet acknowledged
//	otelaudit.spool.disk.bytes     By        gauge      size of the spool's segment files (bounded by MaxBytes)
//
// dropped stays 0 unless the Drop policy is chosen, the Block policy's
// bound is exceeded or a span is larger than the spool can hold; every
// drop other than the Drop policy's is also reported through otel.Handle.
package durable
