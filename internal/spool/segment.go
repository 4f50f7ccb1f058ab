package spool

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Segment files start with this magic.
const (
	segmentMagic     = "OTASPL01"
	segmentHeaderLen = 8 // len(segmentMagic)
	segmentExt       = ".seg"
)

// segment is one segment file. size is its length on disk; base+size is
// the offset after its last byte.
type segment struct {
	base int64
	size int64
	path string
}

// end is the logical offset just past the segment.
func (s *segment) end() int64 { return s.base + s.size }

// segmentName is the file name of the segment starting at base.
func segmentName(base int64) string { return fmt.Sprintf("%020d%s", base, segmentExt) }

// listSegments returns dir's segments in offset order.
func listSegments(dir string) ([]*segment, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("spool: list %s: %w", dir, err)
	}
	var segs []*segment
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, segmentExt) || e.IsDir() {
			continue
		}
		base, err := strconv.ParseInt(strings.TrimSuffix(name, segmentExt), 10, 64)
		if err != nil || base < 0 {
			continue // not ours
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("spool: stat %s: %w", name, err)
		}
		segs = append(segs, &segment{base: base, size: info.Size(), path: filepath.Join(dir, name)})
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].base < segs[j].base })
	return segs, nil
}

// scanValidPrefix reads the segment file at path and returns the length
// of its valid prefix: the header and every record up to the first
// damaged one. damage says what was found there (nil when the whole file
// is valid).
func scanValidPrefix(path string) (valid int64, damage error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, fmt.Errorf("spool: open segment: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, nil, fmt.Errorf("spool: stat segment: %w", err)
	}
	size := info.Size()
	r := bufio.NewReaderSize(f, 1<<20)
	head := make([]byte, segmentHeaderLen)
	if _, err := io.ReadFull(r, head); err != nil || string(head) != segmentMagic {
		return 0, fmt.Errorf("%w: missing segment header", ErrCorrupt), nil
	}
	pos := int64(segmentHeaderLen)
	h := make([]byte, FrameHeaderLen)
	var payload []byte
	for pos < size {
		if size-pos < FrameHeaderLen {
			return pos, fmt.Errorf("%w: %d stray bytes at the end", ErrCorrupt, size-pos), nil
		}
		if _, err := io.ReadFull(r, h); err != nil {
			return pos, nil, fmt.Errorf("spool: read segment: %w", err)
		}
		n, crc, derr := parseFrameHeader(h, size-pos-FrameHeaderLen)
		if derr != nil {
			return pos, derr, nil
		}
		if cap(payload) < n {
			payload = make([]byte, n)
		}
		payload = payload[:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return pos, nil, fmt.Errorf("spool: read segment: %w", err)
		}
		if derr := checkFrame(h, payload, crc); derr != nil {
			return pos, derr, nil
		}
		pos += int64(FrameHeaderLen + n)
	}
	return pos, nil, nil
}

// zeroFrom reports whether every byte of the file at path from offset off
// on is zero.
func zeroFrom(path string, off int64) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("spool: open segment: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(io.NewSectionReader(f, off, math.MaxInt64-off), 64<<10)
	for {
		b, err := r.ReadByte()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("spool: read segment tail: %w", err)
		}
		if b != 0 {
			return false, nil
		}
	}
}

// createSegment creates the segment file starting at base with its header
// and returns it open for reading and writing.
func createSegment(dir string, base int64, sync bool) (*segment, *os.File, error) {
	path := filepath.Join(dir, segmentName(base))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_RDWR, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("spool: create segment: %w", err)
	}
	if _, err := f.Write([]byte(segmentMagic)); err != nil {
		return nil, nil, errors.Join(fmt.Errorf("spool: write segment header: %w", err), f.Close())
	}
	if sync {
		if err := f.Sync(); err != nil {
			return nil, nil, errors.Join(fmt.Errorf("spool: fsync segment: %w", err), f.Close())
		}
		if err := syncDir(dir); err != nil {
			return nil, nil, errors.Join(err, f.Close())
		}
	}
	return &segment{base: base, size: segmentHeaderLen, path: path}, f, nil
}

// syncDir fsyncs a directory, making renames and new files in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("spool: open directory for fsync: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("spool: fsync directory %s: %w", dir, err)
	}
	return nil
}
