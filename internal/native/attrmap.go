package native

import (
	"encoding/binary"
	"slices"

	"github.com/ClickHouse/ch-go/proto"
)

// Map is a Map(LowCardinality(String), String) column, what attribute maps
// are stored as: per row, a run of entries, added with [Map.Add] and
// closed with [Map.EndRow].
type Map struct {
	offsets []uint64 // per row, the number of entries up to its end
	keys    LowCardinality
	values  Strings
	// prev holds the dictionary positions of the previous row's keys: maps
	// of one batch mostly repeat the same keys in the same order, so a key
	// equal to the one at the same position of the previous row reuses its
	// position without a lookup.
	prev, cur []uint32
}

var (
	_ proto.ColInput     = (*Map)(nil)
	_ proto.StateEncoder = (*Map)(nil)
)

// Add adds one entry to the current row.
func (c *Map) Add(key, value string) {
	if i := len(c.cur); i < len(c.prev) && c.keys.dict[c.prev[i]] == key {
		k := c.prev[i]
		c.keys.appendKey(k)
		c.cur = append(c.cur, k)
	} else {
		k := c.keys.key(key)
		c.keys.appendKey(k)
		c.cur = append(c.cur, k)
	}
	c.values.Append(value)
}

// EndRow closes the current row (an empty map when nothing was added).
func (c *Map) EndRow() {
	c.offsets = append(c.offsets, uint64(c.values.Rows()))
	c.prev, c.cur = c.cur, c.prev[:0]
}

// Reset empties the column, keeping its capacity.
func (c *Map) Reset() {
	c.offsets = c.offsets[:0]
	c.keys.Reset()
	c.values.Reset()
	c.prev, c.cur = c.prev[:0], c.cur[:0]
}

// Type is Map(LowCardinality(String), String).
func (c *Map) Type() proto.ColumnType { return "Map(LowCardinality(String), String)" }

// Rows returns the number of rows (maps, not entries).
func (c *Map) Rows() int { return len(c.offsets) }

// EncodeState writes the key column's serialization prefix.
func (c *Map) EncodeState(b *proto.Buffer) { c.keys.EncodeState(b) }

// EncodeColumn writes the offsets, then the keys, then the values.
func (c *Map) EncodeColumn(b *proto.Buffer) {
	if len(c.offsets) == 0 {
		return
	}
	encodeOffsets(b, c.offsets)
	c.keys.EncodeColumn(b)
	c.values.EncodeColumn(b)
}

// WriteColumn encodes the column into w's buffer.
func (c *Map) WriteColumn(w *proto.Writer) { w.ChainBuffer(c.EncodeColumn) }

// encodeOffsets writes array or map offsets as UInt64 values.
func encodeOffsets(b *proto.Buffer, offsets []uint64) {
	buf := slices.Grow(b.Buf, 8*len(offsets)) // appended to locally, as in appendStrings
	for _, o := range offsets {
		buf = binary.LittleEndian.AppendUint64(buf, o)
	}
	b.Buf = buf
}
