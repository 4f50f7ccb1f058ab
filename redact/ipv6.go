package redact

// matchIPv6 matches an IPv6 address starting at s[i] (a hex digit or "::";
// floor is where the previous finding ended):
// eight groups of 1-4 hex digits joined by ':', or fewer with one "::", the
// last 32 bits optionally as a dotted quad ("::ffff:192.0.2.1"). It must not
// be preceded or followed by a word byte, ':' or '.', nor followed by a mask
// or pseudonym (after a ':' or '.' or not): the text that one replaced may
// have made the address longer and invalid ("0:0::[REDACTED:ipv4]:0" was
// "0:0::0.0.0.0:0"), and a second pass must not find it. To spare
// look-alikes ("12:30:45", MAC addresses, "de::ad", C++ "a::b"), a compressed
// address needs at least two groups and a decimal digit; so "::1" and "::" are
// not matched.
func matchIPv6(s string, i, floor int) (end int, ok bool) {
	if s[i] != ':' && !ipv6Head(s, i) {
		return 0, false
	}
	if !boundary(s, i, floor) || i > floor && (s[i-1] == ':' || s[i-1] == '.') {
		return 0, false
	}
	groups, double, digit := 0, false, false
	j := i
	for groups < 8 {
		if hasPrefixAt(s, j, "::") {
			if double {
				return 0, false
			}
			double = true
			j += 2
			if j >= len(s) || !isHex(s[j]) {
				break
			}
		}
		h := runOf(s, j, clHex)
		if h == j || h-j > 4 {
			return 0, false
		}
		// An embedded IPv4 address ends the address and counts as 2 groups.
		if h < len(s) && s[h] == '.' && (groups <= 6 || double) {
			if e, ok := embeddedIPv4(s, j); ok {
				j, groups, digit = e, groups+2, true
				break
			}
		}
		for k := j; k < h; k++ {
			if isDigit(s[k]) {
				digit = true
			}
		}
		groups++
		j = h
		if j+1 < len(s) && s[j] == ':' && isHex(s[j+1]) {
			j++
			continue
		}
		if !hasPrefixAt(s, j, "::") {
			break
		}
	}
	if double {
		if groups < 2 || groups > 7 || !digit {
			return 0, false
		}
	} else if groups != 8 {
		return 0, false
	}
	// Nothing may go on with the address; a mask or pseudonym may stand for
	// text that did.
	if j < len(s) && (isWord(s[j]) || tokenAt(s, j) ||
		s[j] == '.' && (j+1 < len(s) && isDigit(s[j+1]) || tokenAt(s, j+1)) ||
		s[j] == ':' && (j+1 < len(s) && isHex(s[j+1]) || tokenAt(s, j+1))) {
		return 0, false
	}
	return j, true
}

// ipv6Head reports whether s[i:] starts with 1 to 4 hex digits and ':', as
// an IPv6 address not starting with "::" does: the cheap test before
// matchIPv6.
func ipv6Head(s string, i int) bool {
	h := runOf(s, i, clHex)
	return h > i && h-i <= 4 && h < len(s) && s[h] == ':'
}

// ipv6HeadAfter is ipv6Head when s[i:e] (e > i) are known to be hex digits:
// it reads on from e, never beyond s[i+4], as a longer run is no group.
func ipv6HeadAfter(s string, i, e int) bool {
	h := e
	for h < len(s) && h-i <= 4 && isHex(s[h]) {
		h++
	}
	return h-i <= 4 && h < len(s) && s[h] == ':'
}

// embeddedIPv4 matches a dotted-quad IPv4 address at s[j] and returns its
// end.
func embeddedIPv4(s string, j int) (int, bool) {
	for part := 0; part < 4; part++ {
		e := runOf(s, j, clDigit)
		if !ipv4Octet(s[j:e]) {
			return 0, false
		}
		j = e
		if part < 3 {
			if j >= len(s) || s[j] != '.' {
				return 0, false
			}
			j++
		}
	}
	return j, true
}
