package spool

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Errors returned by Append (wrapped).
var (
	// ErrFull means the record did not fit: at once under Drop, after
	// BlockTimeout under Block.
	ErrFull = errors.New("spool: full")
	// ErrTooLarge means the record can never fit: it is larger than
	// MaxRecordBytes or than MaxBytes minus a segment.
	ErrTooLarge = errors.New("spool: record too large")
	// ErrEmpty means the record has no bytes.
	ErrEmpty = errors.New("spool: empty record")
	// ErrClosed means the spool is closed.
	ErrClosed = errors.New("spool: closed")
)

// Spool is a durable FIFO of records in one directory. Append is safe for
// concurrent use; ReadBatch and Ack belong to one reader goroutine.
type Spool struct {
	cfg  Config
	id   string
	lock *os.File

	mu        sync.Mutex
	segs      []*segment     // in offset order; the last one is active
	active    *activeSegment // the last segment, open for appending
	writeOff  int64          // end of the last record written
	syncedOff int64          // records ending at or before it are readable
	diskBytes int64          // total size of the segment files, reserved space and spare included
	// spareBytes is the size of the spare file, 0 when there is none.
	spareBytes int64
	st         state // as persisted in STATE; a new batch starts at st.acked
	closed     bool
	changed    chan struct{} // closed and replaced on every change

	syncMu sync.Mutex // one fsync of the active segment at a time

	readMu  sync.Mutex
	readers map[int64]*os.File // read handles by segment base

	states *stateStore // the STATE file, written by the reader

	// ahead holds segment bytes the reader has read ahead and not yet
	// returned, from offset aheadOff on: a slice of the buffer of the last
	// pread, which is never written again. Only ReadBatch uses them.
	ahead    []byte
	aheadOff int64
	aheadKey uint32 // the key of the segment ahead is from

	stop chan struct{}
	wg   sync.WaitGroup
}

// Open opens or creates the spool in cfg.Dir, taking its lock and
// recovering from an unclean stop (see the package documentation).
func Open(cfg Config) (*Spool, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("spool: create %s: %w", cfg.Dir, err)
	}
	lock, err := lockDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &Spool{cfg: cfg, lock: lock, changed: make(chan struct{}), readers: make(map[int64]*os.File), stop: make(chan struct{})}
	if err := s.recover(); err != nil {
		if s.active != nil {
			s.active.close()
		}
		if s.states != nil {
			s.states.close()
		}
		lock.Close()
		return nil, err
	}
	if cfg.Fsync.Mode == FsyncModeInterval {
		s.wg.Add(1)
		go s.syncLoop()
	}
	return s, nil
}

// recover loads the id and state, truncates a torn tail, removes acked
// segments and opens the active segment.
func (s *Spool) recover() error {
	dir := s.cfg.Dir
	var err error
	if s.id, err = loadOrCreateID(dir); err != nil {
		return err
	}
	if s.states, s.st, err = openState(dir, s.cfg.Fsync.Mode != FsyncModeNever); err != nil {
		return fmt.Errorf("%w (delete %s to resend everything still in the spool)", err, stateFile)
	}
	segs, err := listSegments(dir)
	if err != nil {
		return err
	}
	dataEnd := int64(0)
	if n := len(segs); n > 0 {
		last := segs[n-1]
		if err := s.truncateTornTail(last); err != nil {
			return err
		}
		dataEnd = last.end()
	}
	if s.st.inflight.End > dataEnd || s.st.inflight.Start < s.st.acked {
		if !s.st.inflight.Empty() {
			s.cfg.ErrorHandler(fmt.Errorf("spool: in-flight range %v is not in the spool (data ends at %d); dropping it", s.st.inflight, dataEnd))
		}
		s.st.inflight = Range{}
	}
	for _, sg := range segs {
		s.diskBytes += sg.size
	}
	if info, err := os.Stat(filepath.Join(dir, spareFile)); err == nil {
		s.spareBytes = info.Size()
		s.diskBytes += s.spareBytes
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("spool: stat spare segment file: %w", err)
	}
	// Never reuse an offset that may have been named in a token.
	next := max(s.st.acked, s.st.inflight.End)
	if len(segs) == 0 || segs[len(segs)-1].end() < next {
		seg, err := s.newSegment(max(next, dataEnd))
		if err != nil {
			return err
		}
		segs = append(segs, seg)
	} else {
		last := segs[len(segs)-1]
		f, err := os.OpenFile(last.path, os.O_RDWR, 0o600)
		if err != nil {
			return fmt.Errorf("spool: open segment: %w", err)
		}
		s.active = openActive(last, f, last.size, s.cfg.SegmentBytes)
	}
	s.segs = segs
	s.writeOff = segs[len(segs)-1].end()
	s.syncedOff = s.writeOff
	s.removeAcked()
	return nil
}

// newSegment creates the segment starting at base, reusing the spare file
// when there is one, and makes it the active segment; s.mu is held or the
// spool is being opened.
func (s *Spool) newSegment(base int64) (*segment, error) {
	spare := s.spareBytes > 0
	seg, f, err := createSegment(s.cfg.Dir, base, spare, s.cfg.Fsync.Mode != FsyncModeNever)
	if err != nil && spare {
		// Whatever step failed, the spare file is given up (under its
		// name or the new one), so that the next segment starts afresh.
		rerr := os.Remove(filepath.Join(s.cfg.Dir, segmentName(base)))
		if errors.Is(rerr, os.ErrNotExist) {
			rerr = nil
		}
		return nil, errors.Join(err, rerr, s.dropSpare())
	}
	if err != nil {
		return nil, err
	}
	disk := seg.size // the file's length: the header, or the spare's length
	if spare {
		disk, s.spareBytes = s.spareBytes, 0 // its bytes are the new segment's now
	} else {
		s.diskBytes += disk
	}
	s.active = openActive(seg, f, disk, s.cfg.SegmentBytes)
	return seg, nil
}

// truncateTornTail cuts the last segment after its last valid record.
func (s *Spool) truncateTornTail(last *segment) error {
	valid, damage, err := scanValidPrefix(last)
	if err != nil {
		return err
	}
	if damage == nil {
		return nil
	}
	// Zeros to the end are space reserved ahead of the records by a
	// process that did not close the spool (see activeSegment): no record
	// was torn there.
	reserved, err := zeroFrom(last.path, valid)
	if err != nil {
		return err
	}
	if !reserved {
		s.cfg.ErrorHandler(fmt.Errorf("spool: truncating torn tail of %s at byte %d of %d: %w", last.path, valid, last.size, damage))
	}
	f, err := os.OpenFile(last.path, os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("spool: open segment to truncate: %w", err)
	}
	defer f.Close()
	if valid < segmentHeaderLen {
		valid = 0
	}
	if err := f.Truncate(valid); err != nil {
		return fmt.Errorf("spool: truncate torn tail: %w", err)
	}
	if valid == 0 {
		if _, err := f.WriteAt([]byte(segmentMagic), 0); err != nil {
			return fmt.Errorf("spool: rewrite segment header: %w", err)
		}
		valid = segmentHeaderLen
		last.key = segmentKey(last.base)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("spool: fsync truncated segment: %w", err)
	}
	last.size = valid
	return nil
}

// ID returns the spool's id, unique to this spool directory.
func (s *Spool) ID() string { return s.id }

// Dir returns the spool directory.
func (s *Spool) Dir() string { return s.cfg.Dir }

// broadcast wakes everyone waiting for a change; s.mu is held.
func (s *Spool) broadcast() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Append stores payload as the next record. It returns once the record is
// durable per the fsync policy; after a nil error the record will be read
// back even if the process is killed. When the spool is full it follows
// the FullPolicy; ctx can end a Block wait early. It copies payload into
// a frame; AppendFrame spares the copy.
func (s *Spool) Append(ctx context.Context, payload []byte) error {
	if err := s.checkSize(len(payload)); err != nil {
		return err
	}
	bp, _ := appendFrames.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	frame := slices.Grow((*bp)[:0], FrameHeaderLen+len(payload))[:FrameHeaderLen]
	frame = append(frame, payload...)
	err := s.AppendFrame(ctx, frame)
	if cap(frame) <= maxKeptFrame {
		*bp = frame
		appendFrames.Put(bp)
	}
	return err
}

// appendFrames holds the frame buffers (*[]byte) Append copies payloads
// into, for reuse.
var appendFrames sync.Pool

// maxKeptFrame bounds the frame buffers kept in appendFrames, so that one
// huge record does not stay in memory.
const maxKeptFrame = 1 << 20

// AppendFrame is Append for a payload the caller has already placed in a
// frame: frame[FrameHeaderLen:] is the payload and the first
// FrameHeaderLen bytes are reserved for the record header. AppendFrame
// overwrites them with the header and writes the frame to the segment as
// it is, with one write. The caller can reuse frame once it returns.
func (s *Spool) AppendFrame(ctx context.Context, frame []byte) error {
	if len(frame) < FrameHeaderLen {
		return fmt.Errorf("spool: a frame of %d bytes has no room for its %d-byte header", len(frame), FrameHeaderLen)
	}
	if err := s.checkSize(len(frame) - FrameHeaderLen); err != nil {
		return err
	}
	frameLen := int64(len(frame))
	putFrameHeader(frame)

	s.mu.Lock()
	if err := s.waitForSpace(ctx, frameLen); err != nil {
		s.mu.Unlock()
		return err
	}
	last := s.segs[len(s.segs)-1]
	if s.rotates(frameLen) {
		if err := s.rotate(); err != nil {
			s.mu.Unlock()
			return err
		}
		last = s.segs[len(s.segs)-1]
	}
	maskFrame(frame, last.key)
	grown, err := s.active.append(frame, s.cfg.MaxBytes-s.diskBytes)
	s.diskBytes += grown
	if err != nil {
		s.mu.Unlock()
		return err
	}
	last.size += frameLen
	s.writeOff = last.end()
	end := s.writeOff
	if s.cfg.Fsync.Mode == FsyncModeNever {
		s.syncedOff = end
		s.broadcast()
	}
	s.mu.Unlock()

	if s.cfg.Fsync.Mode == FsyncModeAlways {
		return s.syncTo(end)
	}
	return nil
}

// checkSize rejects a record payload of n bytes that is empty or can
// never fit.
func (s *Spool) checkSize(n int) error {
	if n == 0 {
		return ErrEmpty
	}
	if n > MaxRecordBytes || int64(FrameHeaderLen+n+segmentHeaderLen) > s.cfg.MaxBytes-s.cfg.SegmentBytes {
		return fmt.Errorf("%w: %d bytes", ErrTooLarge, n)
	}
	return nil
}

// rotates reports whether a frame of n bytes goes to a new segment; s.mu
// is held.
func (s *Spool) rotates(n int64) bool {
	last := s.segs[len(s.segs)-1]
	return last.size+n > s.cfg.SegmentBytes && last.size > int64(segmentHeaderLen)
}

// diskNeed is how many more bytes of disk appending a frame of n bytes
// takes at most; s.mu is held. A frame that fits in the space reserved
// ahead in the active segment takes none.
func (s *Spool) diskNeed(n int64) int64 {
	if s.rotates(n) {
		return int64(segmentHeaderLen) + n
	}
	return max(0, s.segs[len(s.segs)-1].size+n-s.active.disk)
}

// waitForSpace waits, with s.mu held (released while waiting), until a
// frame of frameLen bytes fits under MaxBytes, following the FullPolicy.
func (s *Spool) waitForSpace(ctx context.Context, frameLen int64) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if s.closed {
			return ErrClosed
		}
		if s.diskBytes+s.diskNeed(frameLen) <= s.cfg.MaxBytes {
			return nil
		}
		if s.spareBytes > 0 {
			if err := s.dropSpare(); err != nil {
				return err
			}
			continue
		}
		if s.cfg.Full == Drop {
			return fmt.Errorf("%w: %d of %d bytes used (drop policy)", ErrFull, s.diskBytes, s.cfg.MaxBytes)
		}
		if timer == nil {
			timer = time.NewTimer(s.cfg.BlockTimeout)
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
		case <-timer.C:
			s.mu.Lock()
			return fmt.Errorf("%w: no space freed within the block timeout of %v (%d of %d bytes used)",
				ErrFull, s.cfg.BlockTimeout, s.diskBytes, s.cfg.MaxBytes)
		case <-ctx.Done():
			s.mu.Lock()
			return fmt.Errorf("%w: %w", ErrFull, ctx.Err())
		}
	}
}

// rotate seals the active segment and starts the next; s.mu is held.
func (s *Spool) rotate() error {
	sync := s.cfg.Fsync.Mode != FsyncModeNever
	old := s.segs[len(s.segs)-1]
	freed, err := s.active.seal(sync)
	s.diskBytes -= freed
	if err != nil {
		return err
	}
	seg, err := s.newSegment(old.end())
	if err != nil {
		// Keep appending to the old segment rather than stop.
		f, err2 := os.OpenFile(old.path, os.O_RDWR, 0o600)
		if err2 != nil {
			return errors.Join(err, err2)
		}
		s.active = openActive(old, f, old.size, s.cfg.SegmentBytes)
		return err
	}
	s.segs = append(s.segs, seg)
	s.writeOff = seg.end()
	if sync && old.end() > s.syncedOff {
		s.syncedOff = old.end()
		s.broadcast()
	}
	return nil
}

// syncTo fsyncs the active segment unless everything up to end is already
// synced. Callers arriving during an fsync share the next one.
func (s *Spool) syncTo(end int64) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	for {
		s.mu.Lock()
		if s.syncedOff >= end {
			s.mu.Unlock()
			return nil
		}
		if s.closed {
			s.mu.Unlock()
			return ErrClosed
		}
		f, target := s.active.f, s.writeOff
		s.mu.Unlock()

		err := f.Sync()

		s.mu.Lock()
		if err == nil && target > s.syncedOff {
			s.syncedOff = target
			s.broadcast()
		}
		done := s.syncedOff >= end
		s.mu.Unlock()
		if done {
			return nil
		}
		if err != nil && !errors.Is(err, os.ErrClosed) {
			return fmt.Errorf("spool: fsync: %w", err)
		}
		// The segment was sealed (and synced) meanwhile: look again.
	}
}

// Sync makes every record appended so far durable and readable; under
// FsyncNever, which never fsyncs, it does nothing.
func (s *Spool) Sync() error {
	s.mu.Lock()
	end := s.writeOff
	if s.cfg.Fsync.Mode == FsyncModeNever {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return s.syncTo(end)
}

// syncLoop fsyncs every Fsync.Interval until Close.
func (s *Spool) syncLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.Fsync.Interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if err := s.Sync(); err != nil && !errors.Is(err, ErrClosed) {
				s.cfg.ErrorHandler(err)
			}
		}
	}
}

// Stats is a snapshot of a spool's counters.
type Stats struct {
	// DiskBytes is the size of all segment files (bounded by MaxBytes).
	DiskBytes int64
	// PendingBytes is how many bytes of records are not acknowledged yet.
	PendingBytes int64
	// WriteOffset is the offset after the last record appended.
	WriteOffset int64
	// Acked is the acknowledged cursor.
	Acked int64
	// InFlight is the persisted in-flight range (empty when none).
	InFlight Range
	// Segments is the number of segment files.
	Segments int
}

// Stats returns the spool's counters.
func (s *Spool) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		DiskBytes:    s.diskBytes,
		PendingBytes: max(0, s.writeOff-normalize(s.segs, s.st.acked)),
		WriteOffset:  s.writeOff,
		Acked:        s.st.acked,
		InFlight:     s.st.inflight,
		Segments:     len(s.segs),
	}
}

// WaitAcked waits until every record before off is acknowledged, or ctx
// ends, or the spool closes.
func (s *Spool) WaitAcked(ctx context.Context, off int64) error {
	for {
		s.mu.Lock()
		if normalize(s.segs, s.st.acked) >= normalize(s.segs, off) {
			s.mu.Unlock()
			return nil
		}
		if s.closed {
			s.mu.Unlock()
			return ErrClosed
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close syncs (unless FsyncNever) and closes the spool and releases its
// lock. Appends and reads waiting return ErrClosed. Call it after the
// reader stopped. Later calls return nil.
func (s *Spool) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var errs []error
	freed, err := s.active.trim()
	s.diskBytes -= freed
	if err != nil {
		errs = append(errs, err)
	}
	if s.cfg.Fsync.Mode != FsyncModeNever {
		if err := s.active.f.Sync(); err != nil {
			errs = append(errs, fmt.Errorf("spool: fsync on close: %w", err))
		} else {
			s.syncedOff = s.writeOff
		}
	}
	if err := s.active.close(); err != nil {
		errs = append(errs, err)
	}
	s.broadcast()
	s.mu.Unlock()

	close(s.stop)
	s.wg.Wait()

	s.readMu.Lock()
	for base, f := range s.readers {
		f.Close()
		delete(s.readers, base)
	}
	s.readMu.Unlock()
	if err := s.states.close(); err != nil {
		errs = append(errs, err)
	}
	if err := s.lock.Close(); err != nil {
		errs = append(errs, fmt.Errorf("spool: release lock: %w", err))
	}
	return errors.Join(errs...)
}
