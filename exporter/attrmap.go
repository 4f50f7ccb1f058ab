package exporter

import (
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// attrMap holds attribute keys and their values rendered as strings, in
// the order of the source map. It implements column.IterableOrderedMap, so
// clickhouse-go writes it into a Map(LowCardinality(String), String) column
// without building a Go map.
type attrMap struct {
	keys   []string
	values []string
}

var _ column.IterableOrderedMap = (*attrMap)(nil)

// newAttrMap renders every value of m as a string, as the contrib
// clickhouseexporter does (pcommon.Value.AsString: JSON for maps and
// slices, base64 for bytes).
func newAttrMap(m pcommon.Map) *attrMap {
	a := &attrMap{
		keys:   make([]string, 0, m.Len()),
		values: make([]string, 0, m.Len()),
	}
	for k, v := range m.All() {
		a.keys = append(a.keys, k)
		a.values = append(a.values, v.AsString())
	}
	return a
}

// add appends one entry.
func (a *attrMap) add(k, v string) {
	a.keys = append(a.keys, k)
	a.values = append(a.values, v)
}

// Put appends one entry; keys and values must be strings.
func (a *attrMap) Put(key, value any) {
	k, _ := key.(string)
	v, _ := value.(string)
	a.add(k, v)
}

// Iterator walks the entries in order.
func (a *attrMap) Iterator() column.MapIterator { return &attrMapIter{m: a, i: -1} }

// asMap returns the entries as a Go map (for tests and debugging).
func (a *attrMap) asMap() map[string]string {
	out := make(map[string]string, len(a.keys))
	for i, k := range a.keys {
		out[k] = a.values[i]
	}
	return out
}

// attrMapIter is the column.MapIterator of an attrMap.
type attrMapIter struct {
	m *attrMap
	i int
}

// Next advances to the next entry.
func (it *attrMapIter) Next() bool { it.i++; return it.i < len(it.m.keys) }

// Key returns the current key.
func (it *attrMapIter) Key() any { return it.m.keys[it.i] }

// Value returns the current value.
func (it *attrMapIter) Value() any { return it.m.values[it.i] }
