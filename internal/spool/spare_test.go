package spool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// inode returns the inode number of the file at path.
func inode(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

// TestSpareIsReused checks that an acknowledged segment's file is kept as
// the spare and becomes the next segment, and that the records read back
// are exactly those appended, none of the file's old ones.
func TestSpareIsReused(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 256})
	appendN(t, s, "a", 0, 40)
	first := inode(t, filepath.Join(dir, segmentName(0)))
	equal(t, drain(t, s, 40, smallBatches), want("a", 0, 40))
	if got := inode(t, filepath.Join(dir, spareFile)); got != first {
		t.Fatalf("spare is inode %d, want the first segment's %d", got, first)
	}
	st := s.Stats()
	appendN(t, s, "b", 0, 40) // fills the active segment and starts the next
	segs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	reused := false
	for _, sg := range segs {
		reused = reused || inode(t, sg.path) == first
	}
	if !reused {
		t.Fatalf("no segment reuses the spare file (write offset was %d)", st.WriteOffset)
	}
	if got := filesBytes(t, dir); got != s.Stats().DiskBytes {
		t.Fatalf("files %d bytes, DiskBytes %d", got, s.Stats().DiskBytes)
	}
	equal(t, drain(t, s, 40, smallBatches), want("b", 0, 40))
}

// copyDir copies the regular files of dir into a new directory: what a
// crash would leave on disk, taken while the spool is open.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestReusedSegmentAfterCrash checks recovery when the active segment is
// a reused file, longer than its records, whose old records follow the
// new ones: Open cuts them, and only the records appended are read back.
func TestReusedSegmentAfterCrash(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, MaxBytes: 1 << 20, SegmentBytes: 4096, Fsync: FsyncNever()}
	s := openT(t, cfg)
	old := bytes.Repeat([]byte{'o'}, 100)
	for range 60 { // about a segment and a half
		if err := s.Append(context.Background(), old); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(drain(t, s, 60, BatchLimits{MaxRecords: 100, MaxBytes: 1 << 20})); got != 60 {
		t.Fatalf("drained %d", got)
	}
	var news []string
	for i := range 50 { // fills the active segment and reaches the reused file
		// As long as the old records, so that the first old record after
		// the new ones starts where a record would.
		rec := fmt.Sprintf("n-%03d-%s", i, bytes.Repeat([]byte{'n'}, len(old)-6))
		if err := s.Append(context.Background(), []byte(rec)); err != nil {
			t.Fatal(err)
		}
		news = append(news, rec)
	}
	if s.spareBytes != 0 {
		t.Fatalf("spare file not reused")
	}

	crashed := copyDir(t, dir)
	var reported []error
	c := openT(t, Config{Dir: crashed, MaxBytes: 1 << 20, SegmentBytes: 4096, ErrorHandler: func(err error) { reported = append(reported, err) }})
	for _, err := range reported {
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("reported %v", err)
		}
	}
	got := drain(t, c, len(news), BatchLimits{MaxRecords: 1000, MaxBytes: 1 << 20})
	equal(t, got, news)
	if st := c.Stats(); st.PendingBytes != 0 {
		t.Fatalf("records beyond those appended: %+v", st)
	}
}

// TestSpareIsDroppedWhenFull checks that the spare file does not take
// space records need: a full spool deletes it before refusing a record.
func TestSpareIsDroppedWhenFull(t *testing.T) {
	dir := t.TempDir()
	const maxBytes = 64 << 10
	s := openT(t, Config{Dir: dir, MaxBytes: maxBytes, SegmentBytes: 8 << 10, Full: Drop})
	payload := bytes.Repeat([]byte{'x'}, 500)
	fill := func() int {
		n := 0
		for {
			err := s.Append(context.Background(), payload)
			if errors.Is(err, ErrFull) {
				return n
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	first := fill()
	drain(t, s, first, BatchLimits{MaxRecords: 1000, MaxBytes: 1 << 20})
	if s.Stats().DiskBytes > maxBytes {
		t.Fatalf("DiskBytes %d over the bound", s.Stats().DiskBytes)
	}
	second := fill()
	// The active segment's records stay until the next segment, so the
	// second fill has a segment less at most.
	if perSegment := (8 << 10) / (FrameHeaderLen + len(payload)); second < first-perSegment-1 {
		t.Fatalf("second fill took %d records, the first %d", second, first)
	}
	if got := filesBytes(t, dir); got > maxBytes || got != s.Stats().DiskBytes {
		t.Fatalf("files %d bytes, DiskBytes %d, bound %d", got, s.Stats().DiskBytes, maxBytes)
	}
}

// TestEarlierVersionSegment checks that a segment written by an earlier
// version (magic OTASPL01, CRCs not masked) is read, appended to and
// read again after a reopen.
func TestEarlierVersionSegment(t *testing.T) {
	dir := t.TempDir()
	seg := []byte(segmentMagicV1)
	for _, r := range want("v1", 0, 3) {
		seg = append(seg, encodeFrame([]byte(r), 0)...)
	}
	if err := os.WriteFile(filepath.Join(dir, segmentName(0)), seg, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Dir: dir, MaxBytes: 1 << 20}
	s := openT(t, cfg)
	equal(t, drain(t, s, 2, BatchLimits{MaxRecords: 2, MaxBytes: 1 << 20}), want("v1", 0, 2))
	appendN(t, s, "v1", 3, 5)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openT(t, cfg)
	equal(t, drain(t, s, 3, smallBatches), want("v1", 2, 5))
}
