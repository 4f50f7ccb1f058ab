package spool

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// filesBytes is the total size of the segment files in dir, the spare
// file included.
func filesBytes(t *testing.T, dir string) int64 {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*"+segmentExt))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, spareFile)); err == nil {
		paths = append(paths, filepath.Join(dir, spareFile))
	}
	var n int64
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		n += info.Size()
	}
	return n
}

// TestDiskBytesCountsReservedSpace checks that the space reserved ahead
// of the active segment's records is counted and kept under MaxBytes: at
// every step DiskBytes is the size of the files on disk and within the
// bound, until a record no longer fits, which happens only when the
// records fill the bound; after Close the files hold just the records.
func TestDiskBytesCountsReservedSpace(t *testing.T) {
	for _, tc := range []struct {
		name      string
		max, segs int64
		record    int
		mapped    bool // whether appends go through the mapping
	}{
		{"reserve step below the bound", 8 << 20, 4 << 20, 3000, true},
		{"bound below the reserve step", 200 << 10, 64 << 10, 1000, true},
		{"record larger than the mapping", 64 << 10, 8 << 10, 9000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openT(t, Config{Dir: dir, MaxBytes: tc.max, SegmentBytes: tc.segs, Full: Drop, Fsync: FsyncNever()})
			payload := bytes.Repeat([]byte{'x'}, tc.record)
			n := 0
			for {
				err := s.Append(context.Background(), payload)
				if errors.Is(err, ErrFull) {
					break
				}
				if err != nil {
					t.Fatalf("Append %d: %v", n, err)
				}
				n++
				if mapped := s.active.mem != nil; mapped != tc.mapped && runtime.GOOS == "linux" {
					t.Fatalf("after %d records: mapped %v, want %v", n, mapped, tc.mapped)
				}
				st := s.Stats()
				if got := filesBytes(t, dir); st.DiskBytes != got || got > tc.max {
					t.Fatalf("after %d records: DiskBytes %d, files %d bytes, MaxBytes %d", n, st.DiskBytes, got, tc.max)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			got := filesBytes(t, dir)
			if st := s.Stats(); got != st.DiskBytes {
				t.Fatalf("after Close: files %d bytes, DiskBytes %d", got, st.DiskBytes)
			}
			// Full means full of records, not of reserved space: what is
			// left is less than the frame that failed plus the end of a
			// segment too short for it, plus a segment header.
			if frame := int64(FrameHeaderLen + tc.record); got+2*frame+segmentHeaderLen <= tc.max {
				t.Fatalf("full after %d records in %d bytes of files, with a %d-byte bound", n, got, tc.max)
			}
			segs, err := listSegments(dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, damage, err := scanValidPrefix(segs[len(segs)-1]); damage != nil || err != nil {
				t.Fatalf("after Close the last segment does not end with its last record: %v %v", damage, err)
			}
			s = openT(t, Config{Dir: dir, MaxBytes: tc.max, SegmentBytes: tc.segs, Full: Drop, Fsync: FsyncNever()})
			if got := len(drain(t, s, n, BatchLimits{MaxRecords: 1000, MaxBytes: 1 << 30})); got != n {
				t.Fatalf("read back %d records, want %d", got, n)
			}
		})
	}
}
