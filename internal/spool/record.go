package spool

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// frameHeaderLen is the size of a record's length and CRC fields.
const frameHeaderLen = 8

// castagnoli is the CRC-32C table.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt marks a record that fails its length or CRC check.
var ErrCorrupt = errors.New("spool: damaged record")

// encodeFrame returns payload framed as a record.
func encodeFrame(payload []byte) []byte {
	frame := make([]byte, frameHeaderLen+len(payload))
	binary.LittleEndian.PutUint32(frame[0:4], uint32(len(payload)))
	copy(frame[frameHeaderLen:], payload)
	binary.LittleEndian.PutUint32(frame[4:8], frameCRC(frame[0:4], payload))
	return frame
}

// frameCRC is the CRC-32C of the length field followed by the payload.
func frameCRC(lenField, payload []byte) uint32 {
	c := crc32.Update(0, castagnoli, lenField)
	return crc32.Update(c, castagnoli, payload)
}

// parseFrameHeader checks a record header and returns its payload length
// and CRC. avail is how many bytes follow the header in the segment; a
// length beyond it is a torn record.
func parseFrameHeader(h []byte, avail int64) (int, uint32, error) {
	n := binary.LittleEndian.Uint32(h[0:4])
	if n == 0 || n > MaxRecordBytes {
		return 0, 0, fmt.Errorf("%w: length %d out of range", ErrCorrupt, n)
	}
	if int64(n) > avail {
		return 0, 0, fmt.Errorf("%w: length %d runs past the end (%d bytes left)", ErrCorrupt, n, avail)
	}
	return int(n), binary.LittleEndian.Uint32(h[4:8]), nil
}

// checkFrame verifies payload against the header h.
func checkFrame(h, payload []byte, want uint32) error {
	if got := frameCRC(h[0:4], payload); got != want {
		return fmt.Errorf("%w: CRC %08x, want %08x", ErrCorrupt, got, want)
	}
	return nil
}

// decodeFrame decodes the record at the start of buf and returns its
// payload (aliasing buf) and the frame's total length.
func decodeFrame(buf []byte) (payload []byte, n int, err error) {
	if len(buf) < frameHeaderLen {
		return nil, 0, fmt.Errorf("%w: %d bytes, shorter than a header", ErrCorrupt, len(buf))
	}
	size, crc, err := parseFrameHeader(buf, int64(len(buf)-frameHeaderLen))
	if err != nil {
		return nil, 0, err
	}
	payload = buf[frameHeaderLen : frameHeaderLen+size]
	if err := checkFrame(buf, payload, crc); err != nil {
		return nil, 0, err
	}
	return payload, frameHeaderLen + size, nil
}

// DecodeSegment decodes the records of a whole segment file's bytes. It
// returns the payloads of the valid records before the first damaged one,
// the length of that valid prefix (where a torn tail would be truncated),
// and the damage met, if any. It never panics, whatever data holds.
func DecodeSegment(data []byte) (records [][]byte, valid int, err error) {
	if len(data) < segmentHeaderLen {
		return nil, 0, fmt.Errorf("%w: segment of %d bytes has no header", ErrCorrupt, len(data))
	}
	if string(data[:segmentHeaderLen]) != segmentMagic {
		return nil, 0, fmt.Errorf("%w: segment header %q is not %q", ErrCorrupt, data[:segmentHeaderLen], segmentMagic)
	}
	pos := segmentHeaderLen
	for pos < len(data) {
		payload, n, err := decodeFrame(data[pos:])
		if err != nil {
			return records, pos, fmt.Errorf("at byte %d: %w", pos, err)
		}
		records = append(records, payload)
		pos += n
	}
	return records, pos, nil
}
