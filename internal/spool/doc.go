// Package spool is a durable first-in-first-out queue of opaque records on
// local disk, for one writer process at a time. It knows nothing about
// OpenTelemetry: the durable exporter stores encoded spans in it and a
// shipper reads them back in batches.
//
// # On-disk format
//
// A spool directory holds:
//
//	LOCK                     flock(2)-ed by the process that has the spool open; holds its pid
//	ID                       the spool's random id (32 hex digits), written once at creation
//	STATE                    the acknowledged cursor and the in-flight batch (see below)
//	<base>.seg               segment files; base is the segment's first logical offset, 20 digits
//	SPARE                    an acknowledged segment file kept for reuse (see Writing); at most one
//
// Every byte of every segment has a logical offset: the segment's base plus
// the byte's position in the file. Offsets grow forever and are never
// reused, so a range of offsets names a batch for good (the durable
// exporter derives ClickHouse deduplication tokens from it). A segment
// starts with the 8-byte magic "OTASPL02", followed by records, each framed
// as
//
//	length  uint32, little endian: payload length, 1..MaxRecordBytes
//	crc     uint32, little endian: CRC-32C (Castagnoli) of length's 4 bytes and the payload, XOR the segment's key
//	payload length bytes
//
// The segment's key is the CRC-32C of its base as a little-endian uint64
// (1 if that is 0). A zero length is never valid, so zero-filled blocks
// left by a crash do not read as records; the key makes a record that a
// reused file holds from its previous segment fail its check. Segments
// written by earlier versions start with "OTASPL01", and their CRCs are not
// XORed; they are read and appended to as they are.
//
// STATE is 4144 bytes: two 48-byte slots, at byte 0 and byte 4096 (each in
// its own file-system block), each
//
//	magic "OTASTA02" | seq uint64 | acked uint64 | inflight start uint64 | inflight end uint64 | crc32c of the previous 40 bytes uint32 | 4 zero bytes
//
// The state is updated in place (a pwrite, then an fsync unless
// FsyncNever): each update goes to the slot that does not hold the newest
// state, with the next sequence number seq, and the state is that of the
// valid slot with the higher seq. A write torn by a crash damages only
// the slot it was writing, and the other one holds the state from before
// that write. Open rewrites a missing STATE, or the single 40-byte record
// of earlier versions (magic "OTASTA01", no seq), in this format (write a
// temporary file, fsync, rename, fsync the directory).
//
// acked is the offset up to which everything was acknowledged; an in-flight
// range with start == end means none.
//
// # Writing
//
// On Linux the active segment (the last one) is mapped into memory,
// shared, and a record is copied into the mapping: no system call per
// record. The mapped pages are the file's page cache, so a copied record
// survives a process crash just as a write(2) would, and fsync writes it
// to disk. Disk space is reserved ahead of the records with fallocate(2),
// 1 MiB at a time, so that a full disk fails an Append with an error
// instead of faulting in the copy. Elsewhere, when reserving is not
// supported, and for a record larger than the mapping, appends use
// pwrite(2).
//
// When a segment is acknowledged whole, its file becomes SPARE unless there
// is one already (then it is deleted), and the next segment reuses it: its
// pages are in the page cache and its blocks allocated, which makes
// writing it cheaper than writing a new file. The new header is written
// before the rename, so the file never has its new name with its old
// header.
//
// The active segment's file is thus longer than its records: it ends in
// zeros or in the records of its previous segment, until it is sealed or
// the spool closed, when the file is cut after the last record. MaxBytes
// counts this space and SPARE; a spool that is full otherwise deletes
// SPARE before it refuses a record.
//
// # Recovery
//
// Open takes the lock (a second process gets ErrLocked), then checks the
// last segment record by record: the first record whose length is out of
// range, whose bytes run past the end of the file or whose CRC does not
// match, and everything after it, is cut. That is a torn tail, reported
// through Config.ErrorHandler, unless it is all zeros (the reserved space
// of a process that did not close the spool); after a crash in a reused
// file, the records of its previous segment are reported as a torn tail
// too. Records before it are kept. A damaged record in an older, sealed
// segment (disk corruption: sealed segments were fsynced whole) is
// reported when the reader meets it, and the reader continues with the
// next segment.
//
// # Durability (FsyncPolicy)
//
//   - FsyncAlways (the default): Append returns after the record is
//     fsynced. Appends running at the same time share one fsync (group
//     commit). A record reported appended survives a process crash, a
//     kernel crash and a power loss.
//   - FsyncEvery(d): a background goroutine fsyncs every d. Append returns
//     once the record is in the page cache: it survives a process crash
//     (SIGKILL), but an OS crash or power loss can lose up to d of appends.
//   - FsyncNever: the OS writes back when it likes. Like FsyncEvery for a
//     process crash; for a power loss nothing is promised. For tests and
//     throwaway data.
//
// The reader only sees records that are as durable as the policy makes
// them (under FsyncAlways and FsyncEvery, fsynced ones), so nothing is
// shipped that a power loss could take back, and offsets already named in
// an in-flight range are never reused.
//
// # Bounded size (FullPolicy)
//
// MaxBytes bounds the bytes of all segment files. When an Append does not
// fit:
//
//   - Block (the default) waits for the shipper to free space, up to
//     BlockTimeout; then Append returns an error wrapping ErrFull. The bound
//     is a promise about disk use that protects the host, so it is never
//     overshot; instead the caller learns of every record it failed to
//     store (the durable exporter reports it through otel.Handle and counts
//     it as dropped with reason "block_timeout"). Size MaxBytes for the
//     longest outage to ride out (rate × span size × outage).
//   - Drop returns an error wrapping ErrFull at once; the caller counts it.
//
// # Reading
//
// ReadBatch returns the next records in order and persists the batch's
// range as in flight before it returns; Ack(range) advances the cursor and
// deletes segments that are fully acknowledged. After a crash, the first
// ReadBatch returns exactly the in-flight range again, with the same
// boundaries, so the resend carries the same deduplication token.
package spool
