package redact

import (
	"unicode/utf16"
	"unicode/utf8"
)

// offsetMap maps offsets in a scanned string back to the original text. For
// plain text it adds base; for a JSON string leaf whose escapes were decoded,
// raw is the escaped content as it appears in the original text, starting at
// base.
type offsetMap struct {
	base int
	raw  string // "" when the scanned string is the original bytes
}

// at maps the decoded offset off.
func (om offsetMap) at(off int) int {
	if om.raw == "" {
		return om.base + off
	}
	dec, i := 0, 0
	for i < len(om.raw) && dec < off {
		n, w := decodedEscapeLen(om.raw, i)
		dec += n
		i += w
	}
	return om.base + i
}

// maskedMap maps offsets in a redacted text back to the text before: each
// finding of found (in order, with offsets in the text before) was replaced
// by the mask or pseudonym at tokens[k] in the redacted text.
type maskedMap struct {
	found  []Finding
	tokens [][2]int
}

// newMaskedMap finds the token of each finding in out.
func newMaskedMap(out string, found []Finding) maskedMap {
	m := maskedMap{found: found, tokens: make([][2]int, len(found))}
	shift := 0
	for k, f := range found {
		st := f.Start + shift
		e, _ := tokenEnd(out, st) // every replacement is a mask or pseudonym
		m.tokens[k] = [2]int{st, e}
		shift += e - st - (f.End - f.Start)
	}
	return m
}

// at maps the offset o of the redacted text back. An offset inside a token
// maps to the start of the text it replaced, or to its end when end is set.
func (m maskedMap) at(o int, end bool) int {
	shift := 0
	for k, t := range m.tokens {
		switch {
		case o <= t[0]:
			return o - shift
		case o < t[1]:
			if end {
				return m.found[k].End
			}
			return m.found[k].Start
		}
		shift += t[1] - t[0] - (m.found[k].End - m.found[k].Start)
	}
	return o - shift
}

// decodedEscapeLen returns how many decoded bytes the raw JSON string bytes
// at raw[i] give and how many raw bytes they take.
func decodedEscapeLen(raw string, i int) (decoded, width int) {
	if raw[i] != '\\' || i+1 >= len(raw) {
		return 1, 1
	}
	if raw[i+1] != 'u' {
		return 1, 2
	}
	r1, ok := hex4(raw, i+2)
	if !ok {
		return 1, 2
	}
	if utf16.IsSurrogate(r1) && hasPrefixAt(raw, i+6, `\u`) {
		if r2, ok := hex4(raw, i+8); ok {
			if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
				return utf8.RuneLen(r), 12
			}
		}
	}
	if utf16.IsSurrogate(r1) {
		return utf8.RuneLen(utf8.RuneError), 6
	}
	return utf8.RuneLen(r1), 6
}

// hex4 parses four hex digits at s[i].
func hex4(s string, i int) (rune, bool) {
	if len(s)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}
