package spool

import (
	"bytes"
	"errors"
	"testing"
)

func TestDecodeSegment(t *testing.T) {
	seg := []byte(segmentMagic)
	seg = append(seg, encodeFrame([]byte("one"))...)
	seg = append(seg, encodeFrame([]byte("two"))...)
	recs, valid, err := DecodeSegment(seg)
	if err != nil || len(recs) != 2 || valid != len(seg) || string(recs[1]) != "two" {
		t.Fatalf("DecodeSegment = %q, %d, %v", recs, valid, err)
	}
	torn := append(bytes.Clone(seg), encodeFrame([]byte("three"))[:6]...)
	recs, valid, err = DecodeSegment(torn)
	if !errors.Is(err, ErrCorrupt) || len(recs) != 2 || valid != len(seg) {
		t.Fatalf("torn: %q, %d, %v", recs, valid, err)
	}
}

// FuzzDecode feeds arbitrary bytes to the segment decoder: it must never
// panic, and what it accepts must re-encode to the same bytes.
func FuzzDecode(f *testing.F) {
	seg := []byte(segmentMagic)
	seg = append(seg, encodeFrame([]byte("hello"))...)
	f.Add(seg)
	f.Add(append(bytes.Clone(seg), 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4))
	f.Add([]byte(segmentMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, valid, err := DecodeSegment(data)
		if valid > len(data) || (err == nil && valid != len(data)) {
			t.Fatalf("valid prefix %d of %d bytes, err %v", valid, len(data), err)
		}
		if valid == 0 {
			return
		}
		re := []byte(segmentMagic)
		for _, r := range recs {
			re = append(re, encodeFrame(r)...)
		}
		if !bytes.Equal(re, data[:valid]) {
			t.Fatalf("re-encoding the valid prefix differs")
		}
	})
}
