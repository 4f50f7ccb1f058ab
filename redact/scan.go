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
// after from: s[start:end], of kind k; k is 0 when there is none. It is the
// single pass over the text: nextStart skips, with one table lookup per
// byte, every position where no detector can start; detectors run only at a
// number, at a word passing wordCandidate ("sk-", "AKIA", an upper-case IBAN
// head, ...) or at one of the bytes '@', ':', '=', '+', '(', '-' and '['.
//
// Back-scans (the local part of an e-mail, the key before '=', an IPv6
// address before its first ':') never reach before from, so findings never
// overlap. from itself counts as a word start, as it will once the previous
// finding is replaced by a mask ending in ']': so a second pass over redacted
// text finds nothing new.
func (d detectorSet) next(s string, from int) (start, end int, k Kind) {
	for i := from; i < len(s); {
		c := s[i]
		cl := classes[c]
		switch {
		case cl&clDigit != 0:
			// A number or an IPv6 address may start here.
			skip := i + 1
			if boundary(s, i, from) {
				start, end, k, sk := d.atDigit(s, i, from)
				if k != 0 {
					return start, end, k
				}
				skip = max(skip, sk)
			}
			i = nextStart(s, skip)
		case cl&clWord != 0:
			if escapedLetter(s, i) && i+1 < len(s) && isWord(s[i+1]) {
				i++ // "\n4111...": the word starts after the escape
				continue
			}
			// A word: find its end, then look closer only if some
			// detector can start with it.
			j := runOf(s, i+1, clWord)
			if cl&clTrigger != 0 && boundary(s, i, from) && wordCandidate(s, i, j) {
				start, end, k, skip := d.at(s, i, from)
				if k != 0 {
					return start, end, k
				}
				j = max(j, skip)
			}
			i = nextStart(s, j)
		case c == '\\' && i+1 < len(s) && escapedLetter(s, i+1):
			i++ // the escaped letter, then maybe a word start after it
		case (c == '-' || c == '.') && i+1 < len(s) && isDigit(s[i+1]):
			// A word starts at the digit after it. A number may start
			// there unless a word comes before ("ORD-2025", "v1.2"); an
			// IPv6 address only after '-'. Look at it when either may.
			if numberStart(s, i+1, from) || c == '-' && ipv6Head(s, i+1) {
				i++
				continue
			}
			i = nextStart(s, i+1)
		case cl&clTrigger != 0:
			start, end, k, skip := d.at(s, i, from)
			if k != 0 {
				return start, end, k
			}
			i = nextStart(s, max(i+1, skip))
		default:
			i = nextStart(s, i+1)
		}
	}
	return 0, 0, 0
}

// nextStart returns the first position at or after i (i > 0) where the
// start rules (see startCur) let a detector start, or len(s). The last byte
// is never returned: no detector matches a single byte.
func nextStart(s string, i int) int {
	// Four positions at a time while none qualifies: no branch per byte.
	// b0 to b5 are s[i-1] to s[i+4]; h1 to h4 hold the rules positions i
	// to i+3 pass.
	for ; i+5 <= len(s); i += 4 {
		w := s[i-1 : i+5]
		b0, b1, b2, b3, b4, b5 := w[0], w[1], w[2], w[3], w[4], w[5]
		h1 := startCur[b1] & startPrev[b0] & startNext[b2]
		h2 := startCur[b2] & startPrev[b1] & startNext[b3]
		h3 := startCur[b3] & startPrev[b2] & startNext[b4]
		h4 := startCur[b4] & startPrev[b3] & startNext[b5]
		if h1|h2|h3|h4 != 0 {
			// The first position that passes, without looking at the
			// bytes again.
			switch {
			case h1 != 0:
				return i
			case h2 != 0:
				return i + 1
			case h3 != 0:
				return i + 2
			}
			return i + 3
		}
	}
	// The last few bytes, one at a time.
	for ; i+1 < len(s); i++ {
		if startsAt(s, i) {
			return i
		}
	}
	return len(s)
}

// wordCandidate is the cheap filter on the word s[i:j], which starts with a
// letter or '_': it reports whether any detector can start with it.
func wordCandidate(s string, i, j int) bool {
	c := s[i]
	n := j - i
	next := byte(0)
	if j < len(s) {
		next = s[j]
	}
	switch {
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

// atDigit tries the detectors that can start at the digit s[i], an IPv6
// address and the number detectors: s[start:end] is a finding of kind k, or
// k is 0 and skip (if beyond i) is where scanning may go on.
func (d detectorSet) atDigit(s string, i, floor int) (start, end int, k Kind, skip int) {
	// The digits starting here are read once, for both tests below.
	e := runOf(s, i+1, clDigit)
	if d.has(KindIPv6) && ipv6HeadAfter(s, i, e) {
		if end, ok := matchIPv6(s, i, floor); ok {
			return i, end, KindIPv6, 0
		}
	}
	if !numberStart(s, i, floor) {
		return 0, 0, 0, 0
	}
	if e-i < minNumberDigits && !runGoesOn(s, e) {
		// Most numbers are one short group ("30 days", "12:00", "$19"):
		// settle them without parsing.
		return 0, 0, 0, e
	}
	end, k, skip = d.number(s, i)
	return i, end, k, skip
}

// at tries the detectors that can start at s[i], a byte other than a digit
// (see atDigit): s[start:end] is a finding of kind k, or k is 0 and skip (if
// beyond i) is where scanning may go on.
func (d detectorSet) at(s string, i, floor int) (start, end int, k Kind, skip int) {
	c := s[i]
	switch {
	case c == '[':
		// Masks and pseudonyms are opaque: nothing inside them is found.
		if e, ok := tokenEnd(s, i); ok {
			return 0, 0, 0, e
		}
	case c == '@':
		if d.has(KindEmail) {
			if st, end, ok := matchEmail(s, i, floor); ok {
				return st, end, KindEmail, 0
			}
		}
	case c == ':':
		if hasPrefixAt(s, i, "://") {
			if d.has(KindURLCredentials) {
				if st, end, ok := matchURLCredentials(s, i); ok {
					return st, end, KindURLCredentials, 0
				}
			}
			return 0, 0, 0, 0
		}
		if d.has(KindIPv6) {
			// An address starting with a hex letter ("fe80::1") is tried
			// here, at its first ':', not at every word starting with a-f.
			if st, ok := hexWordBefore(s, i, floor); ok {
				if end, ok := matchIPv6(s, st, floor); ok {
					return st, end, KindIPv6, 0
				}
			}
			if hasPrefixAt(s, i, "::") {
				if end, ok := matchIPv6(s, i, floor); ok {
					return i, end, KindIPv6, 0
				}
			}
		}
		start, end, k = d.keyValue(s, i, floor)
		return start, end, k, 0
	case c == '=':
		start, end, k = d.keyValue(s, i, floor)
		return start, end, k, 0
	case c == '+' || c == '(':
		if d.has(KindPhone) && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '(') && boundary(s, i, floor) && (i <= floor || s[i-1] != '+' && s[i-1] != '(') {
			end, k, skip := d.number(s, i)
			return i, end, k, skip
		}
	case c == '-':
		if d.has(KindPrivateKey) && hasPrefixAt(s, i, pemBegin) {
			if end, ok := matchPEM(s, i); ok {
				return i, end, KindPrivateKey, 0
			}
		}
	default: // a letter
		if !boundary(s, i, floor) {
			return 0, 0, 0, 0
		}
		if d.has(KindAPIKey) {
			if end, ok := matchAPIKey(s, i); ok {
				return i, end, KindAPIKey, 0
			}
		}
		if d.has(KindJWT) && c == 'e' {
			if end, ok := matchJWT(s, i); ok {
				return i, end, KindJWT, 0
			}
		}
		if d.has(KindIBAN) && isUpper(c) {
			if end, ok := matchIBAN(s, i); ok {
				return i, end, KindIBAN, 0
			}
		}
	}
	return 0, 0, 0, 0
}

// hexWordBefore returns where the word ending at the ':' at s[i] starts when
// it is 1 to 4 hex digits and starts with a letter (the "fe80" of
// "fe80::1"), never before floor. The word starts where next would start it:
// after the letter of an escape such as "\b", unless that letter is the
// whole word. Words starting with a digit are tried at their start, as
// numbers are.
func hexWordBefore(s string, i, floor int) (int, bool) {
	k := i
	for k > floor && i-k <= 4 && isHex(s[k-1]) && (k == i || !escapedLetter(s, k-1)) {
		k--
	}
	if k == i || i-k > 4 || !boundary(s, k, floor) {
		return 0, false
	}
	return k, !isDigit(s[k])
}

// keyValue runs the key=value detector at a '=' or ':' at s[i]: s[start:end]
// is a finding of kind k, or k is 0.
func (d detectorSet) keyValue(s string, i, floor int) (start, end int, k Kind) {
	if !d.has(KindPassword) && !d.has(KindSecret) && !d.has(KindSSN) && !d.has(KindCard) {
		return 0, 0, 0
	}
	start, end, k, ok := matchKeyValue(s, i, floor)
	if !ok || !d.has(k) {
		return 0, 0, 0
	}
	return start, end, k
}
