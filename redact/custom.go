package redact

import (
	"slices"
	"strings"
)

// customMatches runs the custom rules over s. A rule whose pattern starts
// with a literal runs only when s contains that literal. Empty matches are
// ignored.
func (r *Redactor) customMatches(s string) []match {
	var out []match
	for i := range r.custom {
		c := &r.custom[i]
		if c.prefix != "" && !strings.Contains(s, c.prefix) {
			continue
		}
		for _, loc := range c.re.FindAllStringIndex(s, -1) {
			if loc[1] > loc[0] {
				out = append(out, match{start: loc[0], end: loc[1], kind: c.kind, custom: true, action: c.action})
			}
		}
	}
	return out
}

// merge combines the built-in findings of s (the first is m, when its kind
// is not 0) with custom matches into one sorted list of disjoint matches.
// Overlapping matches are joined (the earlier one's kind wins), so no part of
// either is left in the output.
func (r *Redactor) merge(s string, m match, custom []match) []match {
	all := custom
	for m.kind != 0 {
		all = append(all, m)
		m.start, m.end, m.kind = r.on.next(s, m.end)
	}
	slices.SortFunc(all, func(a, b match) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := all[:0]
	for _, m := range all {
		if n := len(out); n > 0 && m.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, m.end)
			continue
		}
		out = append(out, m)
	}
	return out
}
