package native

import "github.com/ClickHouse/ch-go/proto"

// Column is what an [Array] holds: a column of this package or of ch-go.
type Column interface {
	proto.ColInput
}

// Array is an Array(T) column over an element column: per row, the
// elements appended to Elems since the previous [Array.EndRow].
type Array[C Column] struct {
	offsets []uint64
	// Elems is the element column; append a row's elements to it, then
	// call EndRow.
	Elems C
}

var (
	_ proto.ColInput     = (*Array[*Strings])(nil)
	_ proto.StateEncoder = (*Array[*Strings])(nil)
)

// NewArray returns an array column over elems.
func NewArray[C Column](elems C) *Array[C] { return &Array[C]{Elems: elems} }

// EndRow closes the current row: the elements appended since the last one.
func (c *Array[C]) EndRow() {
	c.offsets = append(c.offsets, uint64(c.Elems.Rows()))
}

// Reset empties the column and, when it can be reset, its elements.
func (c *Array[C]) Reset() {
	c.offsets = c.offsets[:0]
	if r, ok := any(c.Elems).(interface{ Reset() }); ok {
		r.Reset()
	}
}

// Type is Array(T).
func (c *Array[C]) Type() proto.ColumnType { return c.Elems.Type().Array() }

// Rows returns the number of rows (arrays, not elements).
func (c *Array[C]) Rows() int { return len(c.offsets) }

// EncodeState writes the element column's serialization prefix, if any.
func (c *Array[C]) EncodeState(b *proto.Buffer) {
	if s, ok := any(c.Elems).(proto.StateEncoder); ok {
		s.EncodeState(b)
	}
}

// EncodeColumn writes the offsets, then the elements.
func (c *Array[C]) EncodeColumn(b *proto.Buffer) {
	if len(c.offsets) == 0 {
		return
	}
	encodeOffsets(b, c.offsets)
	c.Elems.EncodeColumn(b)
}

// WriteColumn encodes the column into w's buffer.
func (c *Array[C]) WriteColumn(w *proto.Writer) { w.ChainBuffer(c.EncodeColumn) }
