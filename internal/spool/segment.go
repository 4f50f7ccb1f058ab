package spool

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Segment files start with a magic: segmentMagic, or segmentMagicV1 in
// spools written by earlier versions, whose frames' CRCs are not masked.
const (
	segmentMagic     = "OTASPL02"
	segmentMagicV1   = "OTASPL01"
	segmentHeaderLen = 8 // len(segmentMagic)
	segmentExt       = ".seg"
	// spareFile is an acknowledged segment file kept for reuse.
	spareFile = "SPARE"
)

// segment is one segment file. size is the length of its header and
// records; base+size is the offset after its last record.
type segment struct {
	base int64
	size int64
	path string
	// key masks the CRCs of the segment's frames (0 in a segmentMagicV1
	// segment).
	key uint32
}

// segmentKey is the key of the segment starting at base: never 0, and
// different for different bases but with a chance of 2^-32. Masking every
// frame's CRC with it means that a frame a reused file holds from its
// previous use fails its check instead of passing as a record.
func segmentKey(base int64) uint32 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(base))
	return max(crc32.Checksum(b[:], castagnoli), 1)
}

// headerKey returns the key of the segment starting at base whose header
// is head, or false when head is not a segment header.
func headerKey(head []byte, base int64) (uint32, bool) {
	switch string(head) {
	case segmentMagic:
		return segmentKey(base), true
	case segmentMagicV1:
		return 0, true
	}
	return 0, false
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
		sg := &segment{base: base, size: info.Size(), path: filepath.Join(dir, name)}
		if sg.key, err = readKey(sg); err != nil {
			return nil, err
		}
		segs = append(segs, sg)
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].base < segs[j].base })
	return segs, nil
}

// readKey reads the header of segment sg and returns its key. A segment
// without a valid header gets key 0: the reader reports its records as
// damaged unless they are from an earlier version.
func readKey(sg *segment) (uint32, error) {
	f, err := os.Open(sg.path)
	if err != nil {
		return 0, fmt.Errorf("spool: open segment: %w", err)
	}
	defer f.Close()
	head := make([]byte, segmentHeaderLen)
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && err != io.EOF {
		return 0, fmt.Errorf("spool: read segment header: %w", err)
	}
	key, _ := headerKey(head, sg.base)
	return key, nil
}

// scanValidPrefix reads segment sg's file and returns the length of its
// valid prefix: the header and every record up to the first damaged one.
// damage says what was found there (nil when the whole file is valid).
func scanValidPrefix(sg *segment) (valid int64, damage error, err error) {
	f, err := os.Open(sg.path)
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
	if _, err := io.ReadFull(r, head); err != nil {
		return 0, fmt.Errorf("%w: missing segment header", ErrCorrupt), nil
	}
	key, ok := headerKey(head, sg.base)
	if !ok {
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
		if derr := checkFrame(h, payload, crc, key); derr != nil {
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

// createSegment creates the segment file starting at base, with its
// header, and returns it open for reading and writing. When spare is set
// it reuses the file spareFile, whose old records then lie past the new
// header (their CRCs fail the new key's check) until appends overwrite
// them; the file keeps its length.
func createSegment(dir string, base int64, spare, sync bool) (*segment, *os.File, error) {
	path := filepath.Join(dir, segmentName(base))
	from, flags := path, os.O_CREATE|os.O_TRUNC|os.O_RDWR
	if spare {
		from, flags = filepath.Join(dir, spareFile), os.O_RDWR
	}
	f, err := os.OpenFile(from, flags, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("spool: create segment: %w", err)
	}
	fail := func(err error) (*segment, *os.File, error) {
		return nil, nil, errors.Join(err, f.Close())
	}
	// The header goes first, so that a reused file never carries its new
	// name with its old header.
	if _, err := f.WriteAt([]byte(segmentMagic), 0); err != nil {
		return fail(fmt.Errorf("spool: write segment header: %w", err))
	}
	if sync {
		if err := f.Sync(); err != nil {
			return fail(fmt.Errorf("spool: fsync segment: %w", err))
		}
	}
	if spare {
		if err := os.Rename(from, path); err != nil {
			return fail(fmt.Errorf("spool: reuse spare segment file: %w", err))
		}
	}
	if sync {
		if err := syncDir(dir); err != nil {
			return fail(err)
		}
	}
	return &segment{base: base, size: segmentHeaderLen, path: path, key: segmentKey(base)}, f, nil
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
