package spool

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// FrameHeaderLen is the size of a record's header in a segment: its
// length and CRC fields. A frame passed to AppendFrame starts with
// FrameHeaderLen bytes reserved for it.
const FrameHeaderLen = 8

// castagnoli is the CRC-32C table.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt marks a record that fails its length or CRC check.
var ErrCorrupt = errors.New("spool: damaged record")

// putFrameHeader writes the length and CRC fields of the record whose
// payload is frame[FrameHeaderLen:] into frame's first FrameHeaderLen
// bytes, the CRC unmasked (see maskFrame).
func putFrameHeader(frame []byte) {
	binary.LittleEndian.PutUint32(frame[0:4], uint32(len(frame)-FrameHeaderLen))
	binary.LittleEndian.PutUint32(frame[4:8], frameCRC(frame[0:4], frame[FrameHeaderLen:]))
}

// maskFrame XORs the CRC field of a frame from putFrameHeader with key,
// the key of the segment it goes to (see segmentKey).
func maskFrame(frame []byte, key uint32) {
	binary.LittleEndian.PutUint32(frame[4:8], binary.LittleEndian.Uint32(frame[4:8])^key)
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

// checkFrame verifies payload against the header h, whose CRC field
// (want) is masked with key.
func checkFrame(h, payload []byte, want, key uint32) error {
	if got := frameCRC(h[0:4], payload) ^ key; got != want {
		return fmt.Errorf("%w: CRC %08x, want %08x", ErrCorrupt, got, want)
	}
	return nil
}
