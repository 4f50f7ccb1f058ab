package redact

import "strings"

// isRedactionToken reports whether s is exactly output of this package: a
// mask "[REDACTED:kind]" or a pseudonym "[kind:keyid:hex]" (kind as in
// CustomRule.Name, keyid as in Key.ID, hex 16 lower-case hex digits).
// Detectors that would otherwise match such a token (a key=value value, URL
// credentials) skip it, so redacting twice finds nothing new.
func isRedactionToken(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	inner := s[1 : len(s)-1]
	if name, ok := strings.CutPrefix(inner, "REDACTED:"); ok {
		return tokenKind(name)
	}
	kind, rest, ok := strings.Cut(inner, ":")
	if !ok || !tokenKind(kind) {
		return false
	}
	id, hx, ok := strings.Cut(rest, ":")
	if !ok || validKeyID(id) != nil || len(hx) != pseudonymHexLen {
		return false
	}
	for i := 0; i < len(hx); i++ {
		if !isDigit(hx[i]) && (hx[i] < 'a' || hx[i] > 'f') {
			return false
		}
	}
	return true
}

// tokenKind reports whether s can be a kind name in a token.
func tokenKind(s string) bool {
	if s == "" || len(s) > maxKindName {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if classes[c]&(clLower|clDigit) == 0 && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// lastTokenEnd returns the end of the last mask or pseudonym ending in
// s[from:to]; it may start before from.
func lastTokenEnd(s string, from, to int) (int, bool) {
	for c := to - 1; c >= from; c-- {
		if s[c] != ']' {
			continue
		}
		lo := max(c+1-maxTokenLen, 0)
		if o := strings.LastIndexByte(s[lo:c], '['); o >= 0 && isRedactionToken(s[lo+o:c+1]) {
			return c + 1, true
		}
	}
	return 0, false
}
