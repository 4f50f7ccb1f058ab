package exporter

// attrMap holds attribute keys and their values rendered as strings, in
// the order of the source map: the Attributes of an audit row.
type attrMap struct {
	keys   []string
	values []string
}

// add appends one entry.
func (a *attrMap) add(k, v string) {
	a.keys = append(a.keys, k)
	a.values = append(a.values, v)
}

// reset empties the map, keeping its buffers.
func (a *attrMap) reset() {
	clear(a.keys)
	clear(a.values)
	a.keys, a.values = a.keys[:0], a.values[:0]
}
