package spool

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Record is one record read back from the spool.
type Record struct {
	// Offset is where the record's frame starts; End where it ends.
	Offset, End int64
	// Data is the payload. The records of a batch are slices of a few
	// large read buffers, each with its own bytes and its capacity ending
	// with them; the spool never writes to a buffer it has returned
	// records from, so Data stays valid as long as it is referenced (and
	// keeps its buffer alive meanwhile: copy what is kept for long).
	Data []byte
}

// Batch is a run of consecutive records.
type Batch struct {
	// Range covers the records (and any damaged bytes skipped among them);
	// acknowledge it with Ack.
	Range Range
	// Records are the records in order. It can be empty when only damaged
	// records were skipped; acknowledge such a batch too.
	Records []Record
	// Resent is true when the batch is an in-flight range that was read
	// before and not acknowledged, e.g. by a process that crashed: it has
	// the same boundaries as then.
	Resent bool
}

// BatchLimits bound a batch. A batch holds at least one record, even one
// larger than MaxBytes.
type BatchLimits struct {
	// MaxRecords is the most records in a batch (>= 1).
	MaxRecords int
	// MaxBytes is the most payload bytes in a batch (>= 1).
	MaxBytes int
	// Linger is how long to wait, after the first record, for more to
	// fill the batch; 0 returns what is there at once.
	Linger time.Duration
}

// maxPreallocRecords bounds the room ReadBatch makes for records before
// it knows how many there are.
const maxPreallocRecords = 1024

// errNoData means no complete record is readable at the position yet.
var errNoData = errors.New("spool: no data")

// ReadBatch returns the next batch and persists its range as in flight
// before returning it. If a range is in flight already (read and not
// acknowledged, in this process or before a crash), it returns exactly
// that range again. Otherwise it waits for at least one readable record,
// then up to lim.Linger for the batch to fill. It returns ctx's error if
// ctx ends first and ErrClosed when the spool closes.
func (s *Spool) ReadBatch(ctx context.Context, lim BatchLimits) (Batch, error) {
	if lim.MaxRecords < 1 || lim.MaxBytes < 1 || lim.Linger < 0 {
		return Batch{}, fmt.Errorf("spool: invalid batch limits %+v", lim)
	}
	s.mu.Lock()
	inflight := s.st.inflight
	start := s.st.acked
	s.mu.Unlock()
	if !inflight.Empty() {
		recs, err := s.readRange(inflight)
		if err != nil {
			return Batch{}, err
		}
		return Batch{Range: inflight, Records: recs, Resent: true}, nil
	}

	var (
		recs    = make([]Record, 0, min(lim.MaxRecords, maxPreallocRecords))
		bytes   int
		pos     = start
		skipped bool
		full    bool
		linger  <-chan time.Time
	)
fill:
	for {
		s.mu.Lock()
		limit, ch, closed := s.syncedOff, s.changed, s.closed
		s.mu.Unlock()
		for len(recs) < lim.MaxRecords && bytes < lim.MaxBytes {
			rec, next, err := s.readAt(pos, limit)
			if errors.Is(err, errNoData) {
				break
			}
			if err != nil {
				return Batch{}, err
			}
			if rec.Data == nil {
				pos, skipped = next, true // damaged records skipped
				continue
			}
			if len(recs) > 0 && bytes+len(rec.Data) > lim.MaxBytes {
				full = true // leave it for the next batch
				break
			}
			pos = next
			recs = append(recs, rec)
			bytes += len(rec.Data)
			s.consumed(next)
		}
		switch {
		case full || len(recs) >= lim.MaxRecords || bytes >= lim.MaxBytes:
			break fill
		case len(recs) == 0 && skipped:
			break fill
		case closed:
			if len(recs) > 0 {
				break fill
			}
			return Batch{}, ErrClosed
		case len(recs) > 0 && linger == nil:
			if lim.Linger == 0 {
				break fill
			}
			t := time.NewTimer(lim.Linger)
			defer t.Stop()
			linger = t.C
		}
		select {
		case <-ch:
		case <-linger:
			break fill
		case <-ctx.Done():
			return Batch{}, ctx.Err()
		}
	}
	r := Range{Start: start, End: pos}
	if err := s.persist(state{acked: start, inflight: r}); err != nil {
		return Batch{}, err
	}
	return Batch{Range: r, Records: recs}, nil
}

// Ack acknowledges the in-flight batch r: the cursor moves to r.End and
// fully acknowledged segments are deleted.
func (s *Spool) Ack(r Range) error {
	s.mu.Lock()
	inflight := s.st.inflight
	s.mu.Unlock()
	if r != inflight || r.Empty() {
		return fmt.Errorf("spool: Ack(%v): the range in flight is %v", r, inflight)
	}
	if err := s.persist(state{acked: r.End}); err != nil {
		return err
	}
	s.mu.Lock()
	removed := s.removeAcked()
	s.broadcast()
	s.mu.Unlock()
	s.closeReaders(removed)
	return nil
}

// persist writes st to STATE and makes it the current state.
func (s *Spool) persist(st state) error {
	if err := s.states.write(st); err != nil {
		return err
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// removeAcked removes sealed segments that end at or before the acked
// cursor and returns their bases; s.mu is held. The first becomes the
// spare file when there is none, to be reused by the next segment (a file
// whose pages are in the page cache and whose blocks are allocated is
// cheaper to write than a new one); the others are deleted. A failed
// removal is reported and retried after the next Ack.
func (s *Spool) removeAcked() []int64 {
	var removed []int64
	for len(s.segs) > 1 && s.segs[0].end() <= s.st.acked {
		sg := s.segs[0]
		if s.spareBytes == 0 {
			if err := os.Rename(sg.path, filepath.Join(s.cfg.Dir, spareFile)); err != nil {
				s.cfg.ErrorHandler(fmt.Errorf("spool: keep acknowledged segment as spare: %w", err))
				break
			}
			s.spareBytes = sg.size
		} else {
			if err := os.Remove(sg.path); err != nil && !errors.Is(err, os.ErrNotExist) {
				s.cfg.ErrorHandler(fmt.Errorf("spool: remove acknowledged segment: %w", err))
				break
			}
			s.diskBytes -= sg.size
		}
		s.segs = s.segs[1:]
		removed = append(removed, sg.base)
	}
	return removed
}

// dropSpare deletes the spare file to free its space; s.mu is held.
func (s *Spool) dropSpare() error {
	if err := os.Remove(filepath.Join(s.cfg.Dir, spareFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("spool: remove spare segment file: %w", err)
	}
	s.diskBytes -= s.spareBytes
	s.spareBytes = 0
	return nil
}

// closeReaders closes the read handles of removed segments.
func (s *Spool) closeReaders(bases []int64) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	for _, b := range bases {
		if f, ok := s.readers[b]; ok {
			f.Close()
			delete(s.readers, b)
		}
	}
}

// normalize moves pos past segment headers, over gaps and from the end of
// a sealed segment to the first record of the next one.
func normalize(segs []*segment, pos int64) int64 {
	for i, sg := range segs {
		if pos < sg.base+int64(segmentHeaderLen) {
			return sg.base + int64(segmentHeaderLen)
		}
		if pos < sg.end() || i == len(segs)-1 {
			return pos
		}
	}
	return pos
}

// readRange reads the records of an in-flight range.
func (s *Spool) readRange(r Range) ([]Record, error) {
	var recs []Record
	pos := r.Start
	for pos < r.End {
		rec, next, err := s.readAt(pos, r.End)
		if errors.Is(err, errNoData) {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec.Data != nil {
			recs = append(recs, rec)
			s.consumed(next)
		}
		pos = next
	}
	return recs, nil
}

// readAt reads the record at pos (normalized first), not reading past
// limit, from the read-ahead bytes when they hold it and otherwise with a
// pread of up to readAheadBytes, whose rest is kept as read-ahead. It
// returns the record and the position after it; the caller that keeps
// the record calls consumed. A damaged record is reported to the
// ErrorHandler and skipped with the rest of its segment: the Record is
// then zero and next is the segment's end. errNoData says no complete
// record is there yet (next is pos normalized).
func (s *Spool) readAt(pos, limit int64) (Record, int64, error) {
	if pos < limit {
		if rec, ok := s.recordAhead(pos); ok {
			return rec, rec.End, nil
		}
	}
	s.mu.Lock()
	pos = normalize(s.segs, pos)
	var sg segment
	found, last := false, false
	for i, x := range s.segs {
		if pos >= x.base && pos < x.end() {
			sg, found, last = *x, true, i == len(s.segs)-1
			break
		}
	}
	s.mu.Unlock()
	if !found || pos >= limit {
		return Record{}, pos, errNoData
	}
	end := sg.end()
	if last {
		end = min(end, limit)
	}
	skip := func(damage error) (Record, int64, error) {
		s.cfg.ErrorHandler(fmt.Errorf("spool: skipping damaged records in %s from offset %d to %d: %w", sg.path, pos, end, damage))
		return Record{}, end, nil
	}
	if end-pos < FrameHeaderLen {
		if last {
			return Record{}, pos, errNoData
		}
		return skip(fmt.Errorf("%w: %d stray bytes", ErrCorrupt, end-pos))
	}
	buf, err := s.readSegment(sg, pos, min(end-pos, readAheadBytes))
	if err != nil {
		return Record{}, pos, err
	}
	n, crc, derr := parseFrameHeader(buf, end-pos-FrameHeaderLen)
	if derr != nil {
		return skip(derr)
	}
	size := FrameHeaderLen + n
	if len(buf) < size {
		// A record larger than readAheadBytes: read it whole.
		if buf, err = s.readSegment(sg, pos, int64(size)); err != nil {
			return Record{}, pos, err
		}
	}
	if derr := checkFrame(buf, buf[FrameHeaderLen:size], crc, sg.key); derr != nil {
		return skip(derr)
	}
	s.ahead, s.aheadOff, s.aheadKey = buf, pos, sg.key
	next := pos + int64(size)
	return Record{Offset: pos, End: next, Data: buf[FrameHeaderLen:size:size]}, next, nil
}

// readAheadBytes is how many bytes readAt reads with one pread when the
// record it needs is not in the read-ahead bytes (fewer when the segment
// or the readable data ends sooner).
const readAheadBytes = 1 << 20

// recordAhead returns the record at pos when the read-ahead bytes hold
// all of it and it passes its checks. Its Data aliases the read-ahead
// buffer, with its capacity cut at its end.
func (s *Spool) recordAhead(pos int64) (Record, bool) {
	if pos < s.aheadOff || pos-s.aheadOff > int64(len(s.ahead)) {
		return Record{}, false
	}
	b := s.ahead[pos-s.aheadOff:]
	if len(b) < FrameHeaderLen || FrameHeaderLen+int64(binary.LittleEndian.Uint32(b)) > int64(len(b)) {
		return Record{}, false // not all read ahead
	}
	n, crc, err := parseFrameHeader(b, int64(len(b)-FrameHeaderLen))
	if err != nil {
		return Record{}, false
	}
	size := FrameHeaderLen + n
	if checkFrame(b, b[FrameHeaderLen:size], crc, s.aheadKey) != nil {
		return Record{}, false
	}
	return Record{Offset: pos, End: pos + int64(size), Data: b[FrameHeaderLen:size:size]}, true
}

// consumed drops the read-ahead bytes before next, the end of a record
// readAt returned (always from the read-ahead bytes): they belong to
// records returned to the caller, and are not handed out a second time.
func (s *Spool) consumed(next int64) {
	s.ahead, s.aheadOff = s.ahead[next-s.aheadOff:], next
}

// readSegment reads n bytes of segment sg from offset pos into a new
// buffer.
func (s *Spool) readSegment(sg segment, pos, n int64) ([]byte, error) {
	f, err := s.reader(sg)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, pos-sg.base); err != nil {
		return nil, fmt.Errorf("spool: read %s: %w", sg.path, err)
	}
	return buf, nil
}

// reader returns a read handle on the segment.
func (s *Spool) reader(sg segment) (*os.File, error) {
	s.readMu.Lock()
	defer s.readMu.Unlock()
	if f, ok := s.readers[sg.base]; ok {
		return f, nil
	}
	f, err := os.Open(sg.path)
	if err != nil {
		return nil, fmt.Errorf("spool: open segment for reading: %w", err)
	}
	s.readers[sg.base] = f
	return f, nil
}
