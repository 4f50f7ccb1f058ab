package native

import (
	"fmt"

	"github.com/ClickHouse/ch-go/proto"
)

// Block is the columns of one insert, named and in the order of its
// statement's column list.
type Block struct {
	input proto.Input
}

// Add appends a column.
func (b *Block) Add(name string, col proto.ColInput) {
	b.input = append(b.input, proto.InputColumn{Name: name, Data: col})
}

// Input returns the columns as ch-go's client sends them.
func (b *Block) Input() proto.Input { return b.input }

// Rows returns the number of rows (of the first column).
func (b *Block) Rows() int {
	if len(b.input) == 0 {
		return 0
	}
	return b.input[0].Data.Rows()
}

// Reset empties every column that can be reset, keeping its capacity.
func (b *Block) Reset() {
	for _, c := range b.input {
		if r, ok := c.Data.(interface{ Reset() }); ok {
			r.Reset()
		}
	}
}

// EncodeHTTP appends the block as the body of an `INSERT ... FORMAT
// Native` over the HTTP interface: the Native format without a protocol
// revision (no block info, no serialization kind per column), column by
// column with its name, type, serialization prefix and data.
func (b *Block) EncodeHTTP(buf *proto.Buffer) error {
	blk := proto.Block{Columns: len(b.input), Rows: b.Rows()}
	if err := blk.EncodeRawBlock(buf, 0, b.input); err != nil {
		return fmt.Errorf("native: encode block: %w", err)
	}
	return nil
}
