package redact

import (
	"path"
	"strings"
)

// Key globs follow path.Match: '*' matches any run of bytes except '/', '?'
// one byte except '/', and [...] a class. Attribute keys use '.' and rarely
// '/', so "gen_ai.agent.*" matches "gen_ai.agent.name" and
// "gen_ai.agent.x.y". A pattern without any of * ? [ \ matches exactly.

// glob is one compiled key pattern.
type glob struct {
	pattern string
	prefix  string // for patterns "prefix*": the literal part
	kind    globKind
}

type globKind uint8

const (
	globExact globKind = iota
	globPrefix
	globMatch
)

// compileGlob checks pattern and picks the fastest way to match it.
func compileGlob(pattern string) (glob, error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return glob{}, err
	}
	meta := strings.IndexAny(pattern, `*?[\`)
	switch {
	case meta < 0:
		return glob{pattern: pattern, kind: globExact}, nil
	case meta == len(pattern)-1 && pattern[meta] == '*':
		return glob{pattern: pattern, prefix: pattern[:meta], kind: globPrefix}, nil
	default:
		return glob{pattern: pattern, kind: globMatch}, nil
	}
}

// match reports whether key matches the pattern, as path.Match would.
func (g *glob) match(key string) bool {
	switch g.kind {
	case globExact:
		return key == g.pattern
	case globPrefix:
		return strings.HasPrefix(key, g.prefix) && strings.IndexByte(key[len(g.prefix):], '/') < 0
	default:
		ok, _ := path.Match(g.pattern, key)
		return ok
	}
}

// globSet matches a key against many patterns: exact ones with a few string
// comparisons (or one map lookup), then the others in turn.
type globSet struct {
	// byLen holds the exact patterns shorter than maxListedKey, by length,
	// up to maxSameLength of each length: comparing a key with the few of
	// its length is cheaper than hashing it, and most keys match none.
	byLen [maxListedKey][]string
	exact map[string]struct{} // the other exact patterns
	other []glob
}

// Bounds of globSet.byLen, so that a long or crowded allow-list costs no more
// than a map lookup per key.
const (
	maxListedKey  = 64 // exact patterns this long or longer go to the map
	maxSameLength = 8  // exact patterns of one length listed before the map is used
)

// add compiles pattern into the set.
func (s *globSet) add(pattern string) error {
	g, err := compileGlob(pattern)
	if err != nil {
		return err
	}
	if g.kind != globExact {
		s.other = append(s.other, g)
		return nil
	}
	if n := len(pattern); n < maxListedKey && len(s.byLen[n]) < maxSameLength {
		s.byLen[n] = append(s.byLen[n], pattern)
		return nil
	}
	if s.exact == nil {
		s.exact = make(map[string]struct{})
	}
	s.exact[pattern] = struct{}{}
	return nil
}

// match reports whether key matches any pattern of the set.
func (s *globSet) match(key string) bool {
	if len(key) < maxListedKey {
		for _, p := range s.byLen[len(key)] {
			if p == key {
				return true
			}
		}
	}
	if len(s.exact) > 0 {
		if _, ok := s.exact[key]; ok {
			return true
		}
	}
	for i := range s.other {
		if s.other[i].match(key) {
			return true
		}
	}
	return false
}
