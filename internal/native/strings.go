package native

import (
	"encoding/binary"
	"slices"

	"github.com/ClickHouse/ch-go/proto"
)

// Strings is a String column. It keeps the appended strings, not copies:
// they must not change until the block is encoded.
type Strings struct {
	values []string
	bytes  int // total length of values
}

var _ proto.ColInput = (*Strings)(nil)

// Append adds one row.
func (c *Strings) Append(s string) {
	c.values = append(c.values, s)
	c.bytes += len(s)
}

// Reset empties the column, keeping its capacity.
func (c *Strings) Reset() {
	clear(c.values) // drop the references
	c.values = c.values[:0]
	c.bytes = 0
}

// Type is String.
func (c *Strings) Type() proto.ColumnType { return proto.ColumnTypeString }

// Rows returns the number of rows.
func (c *Strings) Rows() int { return len(c.values) }

// EncodeColumn writes every value as its varint length and its bytes, into
// a buffer grown once for all of them.
func (c *Strings) EncodeColumn(b *proto.Buffer) {
	b.Buf = appendStrings(slices.Grow(b.Buf, c.bytes+binaryUvarintMax*len(c.values)), c.values)
}

// appendStrings appends values to buf as proto.Buffer.PutString writes
// them, each as its varint length and its bytes. It appends to a local
// slice, not to a Buffer's field: storing the field after every value
// cost as much as copying the bytes.
func appendStrings(buf []byte, values []string) []byte {
	for _, s := range values {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	return buf
}

// WriteColumn encodes the column into w's buffer.
func (c *Strings) WriteColumn(w *proto.Writer) { w.ChainBuffer(c.EncodeColumn) }

// binaryUvarintMax is the most bytes a length takes as a varint (lengths
// stay below 2^35).
const binaryUvarintMax = 5
