package redact

// match is one finding of a built-in detector or custom rule: s[start:end]
// is the text to replace.
type match struct {
	start, end int
	kind       Kind
	custom     bool   // found by a custom rule, whose action is action
	action     Action // the custom rule's action
}

// detectorSet is a bit set of the enabled built-in kinds.
type detectorSet uint64

func (d detectorSet) has(k Kind) bool { return d&(1<<k) != 0 }

// next returns the first finding of the enabled built-in detectors in s at or
// after from. It is the single pass over the text: whole words are skipped
// with one table lookup per byte, and a detector runs only where it can
// start: a word passing wordCandidate (a number, "sk-", "AKIA", an
// upper-case IBAN head, a short hex word before ':', ...) or one of the bytes
// '@', ':', '=', '+', '(' and '-'.
//
// Back-scans (the local part of an e-mail, the key before '=') never reach
// before from, so findings never overlap. from itself counts as a word
// start, as it will once the previous finding is replaced by a mask ending in
// ']': so a second pass over redacted text finds nothing new.
func (d detectorSet) next(s string, from int) (match, bool) {
	i := from
	for i < len(s) {
		c := s[i]
		cl := classes[c]
		if cl&clWord != 0 {
			if escapedLetter(s, i) && i+1 < len(s) && isWord(s[i+1]) {
				i++ // "\n4111...": the word starts after the escape
				continue
			}
			// A word: find its end, then look closer only if some
			// detector can start with it.
			j := i + 1
			for j < len(s) && classes[s[j]]&clWord != 0 {
				j++
			}
			if cl&clTrigger != 0 && boundary(s, i, from) && wordCandidate(s, i, j) {
				m, ok, skip := d.at(s, i, from)
				if ok {
					return m, true
				}
				j = max(j, skip)
			}
			i = j
			continue
		}
		if cl&clTrigger != 0 {
			m, ok, skip := d.at(s, i, from)
			if ok {
				return m, true
			}
			i = max(i+1, skip)
			continue
		}
		i++
	}
	return match{}, false
}

// wordCandidate is the cheap filter on the word s[i:j]: it reports whether
// any detector can start with it.
func wordCandidate(s string, i, j int) bool {
	c := s[i]
	n := j - i
	next := byte(0)
	if j < len(s) {
		next = s[j]
	}
	if next == ':' && n <= 4 && isHex(c) {
		return true // IPv6
	}
	switch {
	case isDigit(c):
		return true
	case isUpper(c):
		// IBAN "GB82...", AWS "AKIA...", Google "AIza..."
		return n >= 4 && (isUpper(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) || c == 'A')
	}
	switch c {
	case 's':
		return n == 2 && s[i+1] == 'k' && next == '-' || n > 8 && s[i+1] == 'k' && s[i+2] == '_'
	case 'r':
		return n > 8 && s[i+1] == 'k' && s[i+2] == '_'
	case 'g':
		return n > 4 && (s[i+1] == 'h' || s[i+1] == 'i')
	case 'x':
		return n == 4 && next == '-' && s[i+1] == 'o'
	case 'e':
		return n >= 2 && s[i+1] == 'y'
	}
	return false
}

// at tries the detectors that can start at s[i]. When none matches, skip
// (if beyond i) is where scanning may go on.
func (d detectorSet) at(s string, i, floor int) (m match, ok bool, skip int) {
	c := s[i]
	switch {
	case isDigit(c):
		if d.has(KindIPv6) {
			if end, ok := matchIPv6(s, i, floor); ok {
				return match{start: i, end: end, kind: KindIPv6}, true, 0
			}
		}
		if !numberStart(s, i, floor) {
			return match{}, false, 0
		}
		return d.number(s, i)
	case c == '[':
		// Masks and pseudonyms are opaque: nothing inside them is found.
		if e, ok := tokenEnd(s, i); ok {
			return match{}, false, e
		}
	case c == '@':
		if d.has(KindEmail) {
			if st, end, ok := matchEmail(s, i, floor); ok {
				return match{start: st, end: end, kind: KindEmail}, true, 0
			}
		}
	case c == ':':
		if hasPrefixAt(s, i, "://") {
			if d.has(KindURLCredentials) {
				if st, end, ok := matchURLCredentials(s, i); ok {
					return match{start: st, end: end, kind: KindURLCredentials}, true, 0
				}
			}
			return match{}, false, 0
		}
		if d.has(KindIPv6) && hasPrefixAt(s, i, "::") {
			if end, ok := matchIPv6(s, i, floor); ok {
				return match{start: i, end: end, kind: KindIPv6}, true, 0
			}
		}
		m, ok = d.keyValue(s, i, floor)
		return m, ok, 0
	case c == '=':
		m, ok = d.keyValue(s, i, floor)
		return m, ok, 0
	case c == '+' || c == '(':
		if d.has(KindPhone) && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '(') && boundary(s, i, floor) && (i <= floor || s[i-1] != '+' && s[i-1] != '(') {
			return d.number(s, i)
		}
	case c == '-':
		if d.has(KindPrivateKey) && hasPrefixAt(s, i, pemBegin) {
			if end, ok := matchPEM(s, i); ok {
				return match{start: i, end: end, kind: KindPrivateKey}, true, 0
			}
		}
	default: // a letter
		if !boundary(s, i, floor) {
			return match{}, false, 0
		}
		if d.has(KindAPIKey) {
			if end, ok := matchAPIKey(s, i); ok {
				return match{start: i, end: end, kind: KindAPIKey}, true, 0
			}
		}
		if d.has(KindJWT) && c == 'e' {
			if end, ok := matchJWT(s, i); ok {
				return match{start: i, end: end, kind: KindJWT}, true, 0
			}
		}
		if d.has(KindIBAN) && isUpper(c) {
			if end, ok := matchIBAN(s, i); ok {
				return match{start: i, end: end, kind: KindIBAN}, true, 0
			}
		}
		if d.has(KindIPv6) && isHex(c) {
			if end, ok := matchIPv6(s, i, floor); ok {
				return match{start: i, end: end, kind: KindIPv6}, true, 0
			}
		}
	}
	return match{}, false, 0
}

// keyValue runs the key=value detector at a '=' or ':' at s[i].
func (d detectorSet) keyValue(s string, i, floor int) (match, bool) {
	if !d.has(KindPassword) && !d.has(KindSecret) && !d.has(KindSSN) && !d.has(KindCard) {
		return match{}, false
	}
	st, end, k, ok := matchKeyValue(s, i, floor)
	if !ok || !d.has(k) {
		return match{}, false
	}
	return match{start: st, end: end, kind: k}, true
}
