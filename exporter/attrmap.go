package exporter

import "go.opentelemetry.io/collector/pdata/pcommon"

// attrMap holds attribute keys and their values rendered as strings, in
// the order of the source map: the Attributes of an audit row.
type attrMap struct {
	keys   []string
	values []string
}

// newAttrMap renders every value of m as a string, as the contrib
// clickhouseexporter does (pcommon.Value.AsString: JSON for maps and
// slices, base64 for bytes).
func newAttrMap(m pcommon.Map) *attrMap {
	a := &attrMap{
		keys:   make([]string, 0, m.Len()),
		values: make([]string, 0, m.Len()),
	}
	for k, v := range m.All() {
		a.add(k, v.AsString())
	}
	return a
}

// add appends one entry.
func (a *attrMap) add(k, v string) {
	a.keys = append(a.keys, k)
	a.values = append(a.values, v)
}
