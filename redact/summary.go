package redact

import (
	"math/bits"
	"sort"
)

// Summary counts what was redacted and remembers which kinds, never the
// values. The zero value is ready to use and Add does not allocate.
type Summary struct {
	count int
	set   [4]uint64
	// names resolves custom kinds; set by the Redactor that adds them.
	names *kindNames
}

// Add records one redaction of kind k.
func (s *Summary) Add(k Kind) {
	s.count++
	s.set[k>>6] |= 1 << (k & 63)
}

// add records one redaction of kind k found by a Redactor whose names
// table resolves custom kinds.
func (s *Summary) add(k Kind, names *kindNames) {
	s.Add(k)
	if k >= firstCustom && s.names == nil {
		s.names = names
	}
}

// Count returns how many redactions were recorded.
func (s Summary) Count() int { return s.count }

// Has reports whether kind k was recorded.
func (s Summary) Has(k Kind) bool { return s.set[k>>6]&(1<<(k&63)) != 0 }

// Kinds returns the sorted names of the recorded kinds. It allocates; call it
// only when Count() > 0.
func (s Summary) Kinds() []string {
	n := 0
	for _, word := range s.set {
		n += bits.OnesCount64(word)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for w, word := range s.set {
		// Visit the set bits only, lowest first: word &= word-1 clears
		// the lowest one.
		for ; word != 0; word &= word - 1 {
			out = append(out, s.names.name(Kind(w*64+bits.TrailingZeros64(word))))
		}
	}
	sort.Strings(out)
	return out
}

// Merge adds the counts and kinds of o to s.
func (s *Summary) Merge(o Summary) {
	s.count += o.count
	for i := range s.set {
		s.set[i] |= o.set[i]
	}
	if s.names == nil {
		s.names = o.names
	}
}
