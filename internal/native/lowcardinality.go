package native

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/ClickHouse/ch-go/proto"
)

// LowCardinality is a LowCardinality(String) column: a dictionary of the
// distinct values and, per row, the index of its value. Like [Strings] it
// keeps references to the appended strings.
type LowCardinality struct {
	index map[string]uint32 // value → position in dict
	dict  []string
	keys  []uint32 // per row, the position of its value in dict
	bytes int      // total length of dict
}

var (
	_ proto.ColInput     = (*LowCardinality)(nil)
	_ proto.StateEncoder = (*LowCardinality)(nil)
)

// Low cardinality serialization constants, as ClickHouse defines them
// (SerializationLowCardinality): the version written in the state prefix,
// and the flags of every granule's header.
const (
	// lcSharedDictionariesWithAdditionalKeys is the key serialization
	// version: every granule carries its own additional keys.
	lcSharedDictionariesWithAdditionalKeys = 1
	// lcHasAdditionalKeys says the granule carries its dictionary.
	lcHasAdditionalKeys = 1 << 9
	// lcNeedUpdateDictionary says the reader replaces its dictionary.
	lcNeedUpdateDictionary = 1 << 10
)

// Append adds one row. A value equal to the previous row's reuses its
// index without a lookup: consecutive rows mostly share names and kinds.
func (c *LowCardinality) Append(s string) {
	if n := len(c.keys); n > 0 {
		if k := c.keys[n-1]; c.dict[k] == s {
			c.keys = append(c.keys, k)
			return
		}
	}
	c.keys = append(c.keys, c.key(s))
}

// key returns the position of s in the dictionary, adding it if new.
func (c *LowCardinality) key(s string) uint32 {
	if k, ok := c.index[s]; ok {
		return k
	}
	if c.index == nil {
		c.index = make(map[string]uint32)
	}
	k := uint32(len(c.dict))
	c.index[s] = k
	c.dict = append(c.dict, s)
	c.bytes += len(s)
	return k
}

// appendKey adds a row whose value is already at position k of the
// dictionary.
func (c *LowCardinality) appendKey(k uint32) { c.keys = append(c.keys, k) }

// Reset empties the column, keeping its capacity.
func (c *LowCardinality) Reset() {
	clear(c.index)
	clear(c.dict)
	c.dict = c.dict[:0]
	c.keys = c.keys[:0]
	c.bytes = 0
}

// Type is LowCardinality(String).
func (c *LowCardinality) Type() proto.ColumnType { return "LowCardinality(String)" }

// Rows returns the number of rows.
func (c *LowCardinality) Rows() int { return len(c.keys) }

// EncodeState writes the serialization prefix: the key version.
func (c *LowCardinality) EncodeState(b *proto.Buffer) {
	b.PutInt64(lcSharedDictionariesWithAdditionalKeys)
}

// EncodeColumn writes the rows as one granule: its flags and index width,
// the dictionary as a String column, then every row's index in the
// narrowest unsigned width that holds the dictionary's size. An empty
// column writes nothing, as ClickHouse expects.
func (c *LowCardinality) EncodeColumn(b *proto.Buffer) {
	if len(c.keys) == 0 {
		return
	}
	width, code := keyWidth(len(c.dict))
	b.Buf = slices.Grow(b.Buf, 3*8+c.bytes+binaryUvarintMax*len(c.dict)+width*len(c.keys))
	b.PutInt64(lcHasAdditionalKeys | lcNeedUpdateDictionary | int64(code))
	b.PutInt64(int64(len(c.dict)))
	b.Buf = appendStrings(b.Buf, c.dict)
	b.PutInt64(int64(len(c.keys)))
	buf := b.Buf // appended to locally, as in appendStrings
	switch width {
	case 1:
		for _, k := range c.keys {
			buf = append(buf, byte(k))
		}
	case 2:
		for _, k := range c.keys {
			buf = binary.LittleEndian.AppendUint16(buf, uint16(k))
		}
	default:
		for _, k := range c.keys {
			buf = binary.LittleEndian.AppendUint32(buf, k)
		}
	}
	b.Buf = buf
}

// WriteColumn encodes the column into w's buffer.
func (c *LowCardinality) WriteColumn(w *proto.Writer) { w.ChainBuffer(c.EncodeColumn) }

// keyWidth returns the byte width and ClickHouse's type code (UInt8 0,
// UInt16 1, UInt32 2) of the indexes into a dictionary of n values.
func keyWidth(n int) (width int, code proto.CardinalityKey) {
	switch {
	case n <= math.MaxUint8+1:
		return 1, proto.KeyUInt8
	case n <= math.MaxUint16+1:
		return 2, proto.KeyUInt16
	}
	return 4, proto.KeyUInt32
}
