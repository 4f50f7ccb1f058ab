package redact

// isSSN reports whether groups are a US social security number:
//
//   - "123-45-6789": three groups of 3, 2 and 4 digits joined by '-';
//   - "123 45 6789" or nine bare digits "123456789" only when "ssn" or
//     "social security" appears (any case) within the 32 bytes before it,
//     and after any mask or pseudonym there (see ssnContext).
//
// Area 000, 666 and 900-999, group 00 and serial 0000 are never issued and
// are not matched.
func isSSN(s string, start int, groups []digitGroup, digits []byte) bool {
	if len(digits) != 9 {
		return false
	}
	switch {
	case len(groups) == 3 && glen(groups[0]) == 3 && glen(groups[1]) == 2 && glen(groups[2]) == 4:
		if !sameSeparators(groups, "- ") {
			return false
		}
		if groups[1].sep == ' ' && !ssnContext(s, start) {
			return false
		}
	case len(groups) == 1:
		if !ssnContext(s, start) {
			return false
		}
	default:
		return false
	}
	return validSSN(digits)
}

// validSSN checks the area, group and serial of nine digits.
func validSSN(d []byte) bool {
	area := int(d[0]-'0')*100 + int(d[1]-'0')*10 + int(d[2]-'0')
	if area == 0 || area == 666 || area >= 900 {
		return false
	}
	if d[3] == '0' && d[4] == '0' {
		return false
	}
	return !(d[5] == '0' && d[6] == '0' && d[7] == '0' && d[8] == '0')
}

// ssnContextWindow is how far before a bare number ssnContext looks.
const ssnContextWindow = 32

// ssnContext reports whether "ssn" or "social security" appears, in any case,
// in the ssnContextWindow bytes before start, after the last mask or
// pseudonym there. Text inside a mask is no context ("[REDACTED:ssn]" is
// not the word "ssn"), and neither is text before it: the mask replaced
// something of another length, so looking past it would let a second pass
// over redacted text mask a number the first pass left.
func ssnContext(s string, start int) bool {
	from := max(start-ssnContextWindow, 0)
	if e, ok := lastTokenEnd(s, from, start); ok {
		from = e
	}
	w := s[from:start]
	return containsFold(w, "ssn") || containsFold(w, "social security")
}

// containsFold reports whether s contains the lower-case ASCII word w,
// ignoring ASCII case. It does not allocate.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && lower(s[i+j]) == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// lower returns the ASCII lower case of c.
func lower(c byte) byte {
	if isUpper(c) {
		return c + ('a' - 'A')
	}
	return c
}
