package exporter

import (
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// attrMap holds attribute keys and their values rendered as strings, in
// the order of the source map. It implements column.IterableOrderedMap, so
// clickhouse-go writes it into a Map(LowCardinality(String), String) column
// without building a Go map.
//
// Its iterator lives inside it (Iterator allocates nothing), so one attrMap
// must not be iterated by two goroutines at once; the driver iterates each
// map once per row it appears in, on the goroutine that appends.
type attrMap struct {
	keys   []string
	values []string
	ptrs   []*string // keys as canonical pointers, when an arena made the map
	it     attrMapIter
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
	a.fill(m)
	return a
}

// fill appends every entry of m, its value rendered with AsString.
func (a *attrMap) fill(m pcommon.Map) {
	for k, v := range m.All() {
		a.keys = append(a.keys, k)
		a.values = append(a.values, v.AsString())
	}
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

// Iterator walks the entries in order. It restarts the map's own
// iterator, so it allocates nothing.
func (a *attrMap) Iterator() column.MapIterator {
	a.it = attrMapIter{m: a, i: -1}
	return &a.it
}

// attrMapIter is the column.MapIterator of an attrMap.
type attrMapIter struct {
	m *attrMap
	i int
}

// Next advances to the next entry.
func (it *attrMapIter) Next() bool { it.i++; return it.i < len(it.m.keys) }

// Key returns the current key. Maps from an arena hand out the key's
// canonical pointer (see keyInterner): the LowCardinality key column
// deduplicates by the value it is given, and a pointer is boxed without an
// allocation and hashed and compared as a word, not as text. Other maps
// hand out the string.
func (it *attrMapIter) Key() any {
	if it.m.ptrs != nil {
		return it.m.ptrs[it.i]
	}
	return it.m.keys[it.i]
}

// Value returns a pointer to the current value, which the String value
// column reads without the allocation boxing a string would cost.
func (it *attrMapIter) Value() any { return &it.m.values[it.i] }

// keyInterner hands out one pointer per distinct string for one batch.
//
// clickhouse-go's LowCardinality columns deduplicate their dictionary with
// a map keyed by the interface value appended: a *string is hashed and
// compared as a pointer, far cheaper than a string's bytes, and boxed
// without an allocation, but two pointers to equal text would be two
// dictionary entries. Every *string a batch appends to a LowCardinality
// column (or a Map's LowCardinality keys) must therefore come from the
// batch's one interner, which keeps the dictionary exactly what
// string values give. (A dictionary holding equal text twice is still
// valid for ClickHouse, which re-deduplicates on insert, only larger; it
// happens when a caller appends several blocks to one batch.)
type keyInterner struct {
	m map[string]*string
}

// ptr returns the canonical pointer to s.
func (in *keyInterner) ptr(s string) *string {
	if p, ok := in.m[s]; ok {
		return p
	}
	if in.m == nil {
		in.m = make(map[string]*string)
	}
	p := new(string)
	*p = s
	in.m[s] = p
	return p
}

// attrArena allocates the attrMaps of one batch from a few large slices
// instead of three allocations per map, and hands out their keys as
// canonical pointers (see keyInterner) without hashing them: spans of one
// batch mostly carry the same keys in the same order, so a key equal to the
// one at the same position of the previous map of the same kind reuses its
// pointer, and only the others are looked up in the interner.
type attrArena struct {
	maps   []attrMap
	keys   []string
	values []string
	ptrs   []*string
	prev   [numMapKinds][]*string // last key pointers by position, per kind
	intern *keyInterner
}

// mapKind tells resource, span, event and link attribute maps apart for the
// arena's position-wise key reuse.
type mapKind int

const (
	resourceMap mapKind = iota
	spanMap
	eventMap
	linkMap
	numMapKinds
)

// newAttrArena returns an arena for maps maps of entries entries in all,
// whose keys come from intern; asking for more still works, with more
// allocations.
func newAttrArena(maps, entries int, intern *keyInterner) *attrArena {
	return &attrArena{
		maps:   make([]attrMap, 0, maps),
		keys:   make([]string, 0, entries),
		values: make([]string, 0, entries),
		ptrs:   make([]*string, 0, entries),
		intern: intern,
	}
}

// attrMap renders m into a map carved from the arena.
func (ar *attrArena) attrMap(m pcommon.Map, kind mapKind) *attrMap {
	n := m.Len()
	if len(ar.maps) == cap(ar.maps) || len(ar.keys)+n > cap(ar.keys) {
		a := newAttrMap(m)
		a.ptrs = make([]*string, len(a.keys))
		for i, k := range a.keys {
			a.ptrs[i] = ar.intern.ptr(k)
		}
		return a
	}
	start, end := len(ar.keys), len(ar.keys)+n
	ar.maps = append(ar.maps, attrMap{
		keys:   ar.keys[start:start:end],
		values: ar.values[start:start:end],
	})
	a := &ar.maps[len(ar.maps)-1]
	a.fill(m)
	n = len(a.keys) // m cannot grow under us, but stay within what fill wrote
	ar.keys = ar.keys[:start+n]
	ar.values = ar.values[:start+n]
	ar.ptrs = ar.ptrs[:start+n]
	a.ptrs = ar.ptrs[start : start+n : start+n]
	prev := ar.prev[kind]
	for i, k := range a.keys {
		if i < len(prev) && *prev[i] == k {
			a.ptrs[i] = prev[i]
			continue
		}
		a.ptrs[i] = ar.intern.ptr(k)
	}
	ar.prev[kind] = a.ptrs
	return a
}
