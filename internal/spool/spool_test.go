package spool

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// openT opens a spool in dir or fails the test; it is closed at cleanup.
func openT(t *testing.T, cfg Config) *Spool {
	t.Helper()
	s, err := Open(cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// appendN appends records "prefix-i" for i in [from, to).
func appendN(t *testing.T, s *Spool, prefix string, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if err := s.Append(context.Background(), []byte(fmt.Sprintf("%s-%d", prefix, i))); err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
	}
}

// drain reads and acks batches until n records were read; it returns them.
func drain(t *testing.T, s *Spool, n int, lim BatchLimits) []string {
	t.Helper()
	var got []string
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for len(got) < n {
		b, err := s.ReadBatch(ctx, lim)
		if err != nil {
			t.Fatalf("ReadBatch after %d records: %v", len(got), err)
		}
		for _, r := range b.Records {
			got = append(got, string(r.Data))
		}
		if err := s.Ack(b.Range); err != nil {
			t.Fatalf("Ack: %v", err)
		}
	}
	return got
}

func want(prefix string, from, to int) []string {
	var w []string
	for i := from; i < to; i++ {
		w = append(w, fmt.Sprintf("%s-%d", prefix, i))
	}
	return w
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d:\n%q", len(got), len(want), got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("record %d = %q, want %q", i, got[i], want[i])
		}
	}
}

var smallBatches = BatchLimits{MaxRecords: 5, MaxBytes: 1 << 20}

func TestRoundTripAcrossSegmentsAndReopen(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 256}
	s := openT(t, cfg)
	appendN(t, s, "a", 0, 100)
	if st := s.Stats(); st.Segments < 5 {
		t.Fatalf("want several segments, got %+v", st)
	}
	equal(t, drain(t, s, 50, smallBatches)[:50], want("a", 0, 50))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openT(t, cfg)
	got := drain(t, s, 50, smallBatches)
	equal(t, got, want("a", 50, 100))
	st := s.Stats()
	if st.PendingBytes != 0 || st.Segments != 1 {
		t.Fatalf("after acking everything: %+v, want no pending bytes and one segment", st)
	}
	// Offsets go on growing: appending again continues after the cursor.
	appendN(t, s, "b", 0, 3)
	equal(t, drain(t, s, 3, smallBatches), want("b", 0, 3))
}

func TestInFlightRangeIsResentWithSameBoundaries(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 256}
	s := openT(t, cfg)
	appendN(t, s, "r", 0, 30)
	b, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 12, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Records) != 12 || b.Resent {
		t.Fatalf("first batch: %d records, resent %v", len(b.Records), b.Resent)
	}
	// Read again in the same process without an Ack: the same range.
	again, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 3, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if again.Range != b.Range || len(again.Records) != 12 || !again.Resent {
		t.Fatalf("second read: %v (%d records, resent %v), want %v", again.Range, len(again.Records), again.Resent, b.Range)
	}
	s.Close() // as if killed before the Ack

	s = openT(t, cfg)
	if st := s.Stats(); st.InFlight != b.Range {
		t.Fatalf("in flight after reopen = %v, want %v", st.InFlight, b.Range)
	}
	re, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 100, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if re.Range != b.Range || !re.Resent {
		t.Fatalf("after reopen: range %v resent %v, want %v resent", re.Range, re.Resent, b.Range)
	}
	var got []string
	for _, r := range re.Records {
		got = append(got, string(r.Data))
	}
	equal(t, got, want("r", 0, 12))
	if err := s.Ack(re.Range); err != nil {
		t.Fatal(err)
	}
	if err := s.Ack(re.Range); err == nil {
		t.Fatal("acking a range twice: want an error")
	}
	equal(t, drain(t, s, 18, smallBatches), want("r", 12, 30))
}

// lastSegment returns the path of the newest segment in dir.
func lastSegment(t *testing.T, dir string) string {
	t.Helper()
	segs, err := listSegments(dir)
	if err != nil || len(segs) == 0 {
		t.Fatalf("segments: %v %v", segs, err)
	}
	return segs[len(segs)-1].path
}

func TestTornTailIsTruncated(t *testing.T) {
	tails := map[string]func(frame []byte) []byte{
		"half a header":    func(f []byte) []byte { return f[:5] },
		"header only":      func(f []byte) []byte { return f[:FrameHeaderLen] },
		"partial payload":  func(f []byte) []byte { return f[:len(f)-3] },
		"zero-filled page": func(f []byte) []byte { return append(make([]byte, 4096), 1) },
		"bad crc":          func(f []byte) []byte { g := append([]byte(nil), f...); g[len(g)-1] ^= 0xff; return g },
		"huge length":      func(f []byte) []byte { return []byte{0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1, 2} },
	}
	for name, tail := range tails {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Dir: dir, MaxBytes: 1 << 20}
			var reported []error
			cfg.ErrorHandler = func(err error) { reported = append(reported, err) }
			s := openT(t, cfg)
			appendN(t, s, "k", 0, 5)
			s.Close()

			f, err := os.OpenFile(lastSegment(t, dir), os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.Write(tail(encodeFrame([]byte("torn record payload"), segmentKey(0))))
			f.Close()

			s = openT(t, cfg)
			if len(reported) != 1 || !errors.Is(reported[0], ErrCorrupt) {
				t.Fatalf("reported %v, want one ErrCorrupt", reported)
			}
			appendN(t, s, "k", 5, 8)
			equal(t, drain(t, s, 8, smallBatches), want("k", 0, 8))
		})
	}
}

// TestReservedSpaceIsCutSilently checks recovery from a process that
// stopped without closing the spool: the active segment's file ends in
// space reserved ahead of its records (zeros), which Open cuts without
// reporting damage, and appending and reading go on from the last record.
func TestReservedSpaceIsCutSilently(t *testing.T) {
	dir := t.TempDir()
	var reported []error
	cfg := Config{Dir: dir, MaxBytes: 1 << 20, ErrorHandler: func(err error) { reported = append(reported, err) }}
	s := openT(t, cfg)
	appendN(t, s, "k", 0, 5)
	s.Close()
	seg := lastSegment(t, dir)
	info, err := os.Stat(seg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(seg, info.Size()+3*4096); err != nil { // what a kill leaves
		t.Fatal(err)
	}

	s = openT(t, cfg)
	if len(reported) != 0 {
		t.Fatalf("reported %v for reserved space, want nothing", reported)
	}
	if st := s.Stats(); st.DiskBytes != info.Size() {
		t.Fatalf("DiskBytes %d after recovery, want %d (reserved space cut)", st.DiskBytes, info.Size())
	}
	appendN(t, s, "k", 5, 8)
	equal(t, drain(t, s, 8, smallBatches), want("k", 0, 8))
}

func TestCRCMismatchInSealedSegmentIsSkipped(t *testing.T) {
	// Segments hold 3 records of 11 bytes; the damage is in the first
	// segment's first record, or in its second one, which the reader
	// meets among the bytes it read ahead with the first.
	for _, tc := range []struct {
		name    string
		damaged int
		want    []string
	}{
		{name: "first record", damaged: 0, want: want("c", 3, 10)},
		{name: "second record", damaged: 1, want: append(want("c", 0, 1), want("c", 3, 10)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var mu sync.Mutex
			var reported []error
			cfg := Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 45, ErrorHandler: func(err error) {
				mu.Lock()
				reported = append(reported, err)
				mu.Unlock()
			}}
			s := openT(t, cfg)
			appendN(t, s, "c", 0, 10)
			s.Close()
			segs, _ := listSegments(dir)
			if len(segs) < 3 {
				t.Fatalf("want 3 segments, got %d", len(segs))
			}
			// Flip a payload byte of the damaged record.
			data, _ := os.ReadFile(segs[0].path)
			data[segmentHeaderLen+tc.damaged*11+FrameHeaderLen] ^= 0x20
			os.WriteFile(segs[0].path, data, 0o600)

			s = openT(t, cfg)
			// The damaged record and the rest of its segment are skipped.
			equal(t, drain(t, s, len(tc.want), smallBatches), tc.want)
			mu.Lock()
			defer mu.Unlock()
			if len(reported) != 1 || !errors.Is(reported[0], ErrCorrupt) {
				t.Fatalf("reported %v, want one ErrCorrupt", reported)
			}
		})
	}
}

// TestReadBatchRecordSizes reads records of many sizes, some straddling
// the reader's read-ahead buffers and some larger than one, and checks
// that records returned earlier stay intact while later batches are read
// and acknowledged.
func TestReadBatchRecordSizes(t *testing.T) {
	s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 64 << 20, SegmentBytes: 8 << 20})
	var payloads [][]byte
	for i := range 300 {
		n := 1 + (i*7919)%9000
		if i%100 == 50 {
			n = readAheadBytes + 12345
		}
		p := make([]byte, n)
		for j := range p {
			p[j] = byte(i + j*31)
		}
		payloads = append(payloads, p)
		if err := s.Append(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	var got []Record
	for len(got) < len(payloads) {
		b, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 37, MaxBytes: 200 << 10})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ack(b.Range); err != nil {
			t.Fatal(err)
		}
		got = append(got, b.Records...)
	}
	for i, r := range got {
		if !bytes.Equal(r.Data, payloads[i]) {
			t.Fatalf("record %d: %d bytes differ from the %d appended", i, len(r.Data), len(payloads[i]))
		}
		if cap(r.Data) != len(r.Data) {
			t.Fatalf("record %d: capacity %d beyond its %d bytes", i, cap(r.Data), len(r.Data))
		}
	}
}

func TestFullPolicies(t *testing.T) {
	payload := make([]byte, 900)
	fill := func(t *testing.T, s *Spool) int {
		n := 0
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			err := s.Append(ctx, payload)
			cancel()
			if errors.Is(err, ErrFull) {
				return n
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	t.Run("drop", func(t *testing.T) {
		s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 8 << 10, Full: Drop})
		n := fill(t, s)
		if st := s.Stats(); st.DiskBytes > 8<<10 || n < 5 {
			t.Fatalf("after %d appends: %+v", n, st)
		}
		start := time.Now()
		if err := s.Append(context.Background(), payload); !errors.Is(err, ErrFull) {
			t.Fatalf("Append on a full spool = %v, want ErrFull", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("drop waited %v", d)
		}
	})
	t.Run("block times out", func(t *testing.T) {
		s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 8 << 10, BlockTimeout: 200 * time.Millisecond})
		fill(t, s)
		start := time.Now()
		err := s.Append(context.Background(), payload)
		d := time.Since(start)
		if !errors.Is(err, ErrFull) || d < 200*time.Millisecond || d > 2*time.Second {
			t.Fatalf("Append = %v after %v, want ErrFull after the 200ms bound", err, d)
		}
	})
	t.Run("block until acked", func(t *testing.T) {
		s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 8 << 10, SegmentBytes: 2 << 10, BlockTimeout: 10 * time.Second})
		n := fill(t, s)
		done := make(chan error, 1)
		go func() { done <- s.Append(context.Background(), payload) }()
		select {
		case err := <-done:
			t.Fatalf("Append on a full spool returned %v without waiting", err)
		case <-time.After(100 * time.Millisecond):
		}
		got := drain(t, s, n, BatchLimits{MaxRecords: 3, MaxBytes: 1 << 20})
		if len(got) < n {
			t.Fatalf("drained %d", len(got))
		}
		if err := <-done; err != nil {
			t.Fatalf("blocked Append after space was freed: %v", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 8 << 10})
		if err := s.Append(context.Background(), make([]byte, 8<<10)); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("got %v, want ErrTooLarge", err)
		}
		if err := s.Append(context.Background(), nil); !errors.Is(err, ErrEmpty) {
			t.Fatalf("got %v, want ErrEmpty", err)
		}
	})
}

func TestFsyncPolicies(t *testing.T) {
	for _, p := range []FsyncPolicy{FsyncAlways(), FsyncEvery(5 * time.Millisecond), FsyncNever()} {
		t.Run(p.String(), func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 1 << 10, Fsync: p}
			s := openT(t, cfg)
			var wg sync.WaitGroup
			for g := range 4 {
				wg.Go(func() { appendN(t, s, fmt.Sprintf("g%d", g), 0, 50) })
			}
			wg.Wait()
			got := drain(t, s, 200, BatchLimits{MaxRecords: 64, MaxBytes: 1 << 20, Linger: time.Millisecond})
			seen := map[string]bool{}
			for _, r := range got {
				seen[r] = true
			}
			if len(seen) != 200 {
				t.Fatalf("read %d distinct records, want 200", len(seen))
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReadBatchWaitsAndLingers(t *testing.T) {
	s := openT(t, Config{Dir: t.TempDir(), MaxBytes: 1 << 20})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err := s.ReadBatch(ctx, smallBatches)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ReadBatch on an empty spool = %v, want the context's error", err)
	}
	go func() {
		for i := range 3 {
			time.Sleep(10 * time.Millisecond)
			_ = s.Append(context.Background(), []byte(fmt.Sprint("l-", i)))
		}
	}()
	b, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 3, MaxBytes: 1 << 20, Linger: 5 * time.Second})
	if err != nil || len(b.Records) != 3 {
		t.Fatalf("ReadBatch = %d records, %v; want the 3 that arrive within the linger", len(b.Records), err)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Config{Dir: dir})
	if _, err := Open(Config{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	s.Close()
	s2 := openT(t, Config{Dir: dir})
	if s2.ID() != s.ID() {
		t.Fatalf("spool id changed across opens: %s, %s", s.ID(), s2.ID())
	}
}

func TestValidate(t *testing.T) {
	err := Config{MaxBytes: 10, Full: 7, BlockTimeout: -1, Fsync: FsyncPolicy{Mode: FsyncModeInterval}}.Validate()
	for _, field := range []string{"Dir", "MaxBytes", "Full", "BlockTimeout", "Fsync.Interval"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Validate error %v does not name %s", err, field)
		}
	}
	if err := (Config{Dir: "x"}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestStateFile(t *testing.T) {
	older := state{acked: 123, inflight: Range{Start: 123, End: 456}}
	newer := state{acked: 456}
	// A file written at sequence 7, then 8: slot 1 holds older, slot 0 newer.
	file := encodeStateFile(older, 7)
	slot := encodeSlot(newer, 8)
	copy(file, slot[:])
	damage := func(b []byte, offs ...int) []byte {
		b = bytes.Clone(b)
		for _, off := range offs {
			b[off+20] ^= 1
		}
		return b
	}
	v1 := encodeStateV1(older)
	for _, tc := range []struct {
		name    string
		data    []byte
		want    state
		wantSeq uint64
		corrupt bool
	}{
		{name: "newest slot", data: file, want: newer, wantSeq: 8},
		{name: "torn newest slot", data: damage(file, 0), want: older, wantSeq: 7},
		{name: "damaged older slot", data: damage(file, stateSlotStride), want: newer, wantSeq: 8},
		{name: "both damaged", data: damage(file, 0, stateSlotStride), corrupt: true},
		{name: "earlier version", data: v1, want: older, wantSeq: 0},
		{name: "earlier version damaged", data: damage(v1, 0), corrupt: true},
		{name: "truncated", data: file[:100], corrupt: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, seq, err := decodeStateFile(tc.data)
			if tc.corrupt {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("decodeStateFile = %v, %v; want ErrCorrupt", got, err)
				}
				return
			}
			if err != nil || got != tc.want || seq != tc.wantSeq {
				t.Fatalf("decodeStateFile = %v, %d, %v; want %v, %d", got, seq, err, tc.want, tc.wantSeq)
			}
		})
	}
}

// TestStateSurvivesTornWrite: when the newest STATE slot is damaged, as
// by a crash during its write, Open goes back to the state before, here
// the batch in flight, which is then resent with the same boundaries.
func TestStateSurvivesTornWrite(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, MaxBytes: 1 << 20}
	s := openT(t, cfg)
	appendN(t, s, "t", 0, 10)
	b, err := s.ReadBatch(context.Background(), smallBatches)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ack(b.Range); err != nil {
		t.Fatal(err)
	}
	seq := s.states.seq
	s.Close()

	f, err := os.OpenFile(filepath.Join(dir, stateFile), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Tear the slot the Ack wrote.
	if _, err := f.WriteAt([]byte{0xff, 0xff}, int64(seq%2)*stateSlotStride+18); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s = openT(t, cfg)
	if st := s.Stats(); st.InFlight != b.Range {
		t.Fatalf("after a torn STATE write: in flight %v, want %v", st.InFlight, b.Range)
	}
	re, err := s.ReadBatch(context.Background(), smallBatches)
	if err != nil || re.Range != b.Range || !re.Resent {
		t.Fatalf("ReadBatch = %v (resent %v), %v; want %v resent", re.Range, re.Resent, err, b.Range)
	}
	if err := s.Ack(re.Range); err != nil {
		t.Fatal(err)
	}
	equal(t, drain(t, s, 5, smallBatches), want("t", 5, 10))
}

// TestStateFromEarlierVersion opens a spool whose STATE is in the format
// of earlier versions: its in-flight range is kept, and STATE is
// rewritten in the current format.
func TestStateFromEarlierVersion(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, MaxBytes: 1 << 20}
	s := openT(t, cfg)
	appendN(t, s, "v", 0, 10)
	b, err := s.ReadBatch(context.Background(), smallBatches)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	v1 := encodeStateV1(state{inflight: b.Range})
	if err := os.WriteFile(filepath.Join(dir, stateFile), v1, 0o600); err != nil {
		t.Fatal(err)
	}

	s = openT(t, cfg)
	if st := s.Stats(); st.InFlight != b.Range {
		t.Fatalf("in flight %v, want %v", st.InFlight, b.Range)
	}
	if info, err := os.Stat(filepath.Join(dir, stateFile)); err != nil || info.Size() != stateFileLen {
		t.Fatalf("STATE after Open: %v, %v; want %d bytes", info, err, stateFileLen)
	}
	re, err := s.ReadBatch(context.Background(), smallBatches)
	if err != nil || re.Range != b.Range || !re.Resent {
		t.Fatalf("ReadBatch = %v (resent %v), %v; want %v resent", re.Range, re.Resent, err, b.Range)
	}
}

// encodeStateV1 returns a STATE file in the format of earlier versions.
func encodeStateV1(s state) []byte {
	b := make([]byte, stateLenV1)
	copy(b, stateMagicV1)
	binary.LittleEndian.PutUint64(b[8:], uint64(s.acked))
	binary.LittleEndian.PutUint64(b[16:], uint64(s.inflight.Start))
	binary.LittleEndian.PutUint64(b[24:], uint64(s.inflight.End))
	binary.LittleEndian.PutUint32(b[32:], crc32.Checksum(b[:32], castagnoli))
	return b
}

// FuzzDecodeStateFile feeds arbitrary bytes to the STATE decoder: it must
// never panic, and a state it accepts must hold possible offsets and be
// the one its slot encodes.
func FuzzDecodeStateFile(f *testing.F) {
	st := state{acked: 10, inflight: Range{Start: 10, End: 99}}
	f.Add(encodeStateFile(st, 1))
	f.Add(encodeStateFile(st, 2))
	f.Add(encodeStateV1(st))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, seq, err := decodeStateFile(data)
		if err != nil {
			return
		}
		if checkState(got) != nil {
			t.Fatalf("accepted impossible state %v", got)
		}
		if len(data) == stateFileLen {
			slot := encodeSlot(got, seq)
			if !bytes.Equal(slot[:], data[:stateSlotLen]) && !bytes.Equal(slot[:], data[stateSlotStride:]) {
				t.Fatalf("state %v seq %d does not re-encode to a slot", got, seq)
			}
		}
	})
}
