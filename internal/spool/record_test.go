package spool

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// testBase is the base of the segments the record tests decode.
const testBase = 4096

func TestDecodeSegment(t *testing.T) {
	key := segmentKey(testBase)
	seg := []byte(segmentMagic)
	seg = append(seg, encodeFrame([]byte("one"), key)...)
	seg = append(seg, encodeFrame([]byte("two"), key)...)
	recs, valid, err := decodeSegment(seg, testBase)
	if err != nil || len(recs) != 2 || valid != len(seg) || string(recs[1]) != "two" {
		t.Fatalf("decodeSegment = %q, %d, %v", recs, valid, err)
	}
	torn := append(bytes.Clone(seg), encodeFrame([]byte("three"), key)[:6]...)
	recs, valid, err = decodeSegment(torn, testBase)
	if !errors.Is(err, ErrCorrupt) || len(recs) != 2 || valid != len(seg) {
		t.Fatalf("torn: %q, %d, %v", recs, valid, err)
	}
	// A frame masked with another segment's key, as a reused file holds
	// after its new records, is damage.
	stale := append(bytes.Clone(seg), encodeFrame([]byte("old"), segmentKey(0))...)
	if recs, valid, err = decodeSegment(stale, testBase); !errors.Is(err, ErrCorrupt) || len(recs) != 2 || valid != len(seg) {
		t.Fatalf("stale frame: %q, %d, %v", recs, valid, err)
	}
	// A segment of an earlier version: CRCs not masked.
	v1 := []byte(segmentMagicV1)
	v1 = append(v1, encodeFrame([]byte("one"), 0)...)
	if recs, valid, err = decodeSegment(v1, testBase); err != nil || len(recs) != 1 || valid != len(v1) {
		t.Fatalf("earlier version: %q, %d, %v", recs, valid, err)
	}
}

// FuzzDecode feeds arbitrary bytes to the segment decoder: it must never
// panic, and what it accepts must re-encode to the same bytes.
func FuzzDecode(f *testing.F) {
	seg := []byte(segmentMagic)
	seg = append(seg, encodeFrame([]byte("hello"), segmentKey(testBase))...)
	f.Add(seg)
	f.Add(append(bytes.Clone(seg), 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4))
	f.Add([]byte(segmentMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, valid, err := decodeSegment(data, testBase)
		if valid > len(data) || (err == nil && valid != len(data)) {
			t.Fatalf("valid prefix %d of %d bytes, err %v", valid, len(data), err)
		}
		if valid == 0 {
			return
		}
		re := bytes.Clone(data[:segmentHeaderLen])
		key, _ := headerKey(re, testBase)
		for _, r := range recs {
			re = append(re, encodeFrame(r, key)...)
		}
		if !bytes.Equal(re, data[:valid]) {
			t.Fatalf("re-encoding the valid prefix differs")
		}
	})
}

// encodeFrame returns payload framed as a record of a segment with key,
// as Append writes it.
func encodeFrame(payload []byte, key uint32) []byte {
	frame := make([]byte, FrameHeaderLen+len(payload))
	copy(frame[FrameHeaderLen:], payload)
	putFrameHeader(frame)
	maskFrame(frame, key)
	return frame
}

// decodeFrame decodes the record at the start of buf and returns its
// payload (aliasing buf) and the frame's total length.
func decodeFrame(buf []byte, key uint32) (payload []byte, n int, err error) {
	if len(buf) < FrameHeaderLen {
		return nil, 0, fmt.Errorf("%w: %d bytes, shorter than a header", ErrCorrupt, len(buf))
	}
	size, crc, err := parseFrameHeader(buf, int64(len(buf)-FrameHeaderLen))
	if err != nil {
		return nil, 0, err
	}
	payload = buf[FrameHeaderLen : FrameHeaderLen+size]
	if err := checkFrame(buf, payload, crc, key); err != nil {
		return nil, 0, err
	}
	return payload, FrameHeaderLen + size, nil
}

// decodeSegment decodes the records of a whole segment file's bytes. It
// returns the payloads of the valid records before the first damaged one,
// the length of that valid prefix (where a torn tail would be truncated),
// and the damage met, if any. It never panics, whatever data holds.
func decodeSegment(data []byte, base int64) (records [][]byte, valid int, err error) {
	if len(data) < segmentHeaderLen {
		return nil, 0, fmt.Errorf("%w: segment of %d bytes has no header", ErrCorrupt, len(data))
	}
	key, ok := headerKey(data[:segmentHeaderLen], base)
	if !ok {
		return nil, 0, fmt.Errorf("%w: segment header %q", ErrCorrupt, data[:segmentHeaderLen])
	}
	pos := segmentHeaderLen
	for pos < len(data) {
		payload, n, err := decodeFrame(data[pos:], key)
		if err != nil {
			return records, pos, fmt.Errorf("at byte %d: %w", pos, err)
		}
		records = append(records, payload)
		pos += n
	}
	return records, pos, nil
}
