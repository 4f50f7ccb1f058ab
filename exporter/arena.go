package exporter

import (
	"encoding/hex"
	"strconv"
	"strings"
)

// stringArena makes the strings the rows render (hex ids, integers, the
// JSON of arrays and maps) out of few allocations: it writes them one after the other into a
// strings.Builder and returns each as a substring of the Builder's string.
// A Builder never changes bytes it has written, so the strings stay valid;
// when it is full the arena starts a new one (Reset gives the old buffer
// up to the strings that refer to it, it does not reuse it).
type stringArena struct {
	b strings.Builder
}

// arenaChunk is the size of the arena's buffers: the ids of 64 spans.
const arenaChunk = 4096

// add returns a string holding the bytes of s.
func (a *stringArena) add(s []byte) string {
	if a.b.Cap()-a.b.Len() < len(s) {
		a.b.Reset()
		a.b.Grow(max(arenaChunk, len(s)))
	}
	start := a.b.Len()
	_, _ = a.b.Write(s) // never fails
	return a.b.String()[start:]
}

// formatInt returns strconv.FormatInt(i, 10).
func (a *stringArena) formatInt(i int64) string {
	var buf [20]byte
	return a.add(strconv.AppendInt(buf[:0], i, 10))
}

// idsHex returns the trace, span and parent span ids in lowercase hex,
// each "" when all zero (empty), as traceIDHex and spanIDHex render them.
func (a *stringArena) idsHex(traceID [16]byte, spanID, parentSpanID [8]byte) (trace, span, parent string) {
	var buf [idsHexLen]byte
	hex.Encode(buf[:32], traceID[:])
	hex.Encode(buf[32:48], spanID[:])
	hex.Encode(buf[48:], parentSpanID[:])
	all := a.add(buf[:])
	return hexOrEmpty(all[:32]), hexOrEmpty(all[32:48]), hexOrEmpty(all[48:])
}
