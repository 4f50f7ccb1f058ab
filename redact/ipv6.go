package redact

// matchIPv6 matches an IPv6 address starting at s[i] (a hex digit or "::";
// floor is where the previous finding ended):
// eight groups of 1-4 hex digits joined by ':', or fewer with one "::", the
// last 32 bits optionally as a dotted quad ("::ffff:192.0.2.1"). It must not
// be preceded or followed by a word byte, ':' or '.'. To spare look-alikes
// ("12:30:45", MAC addresses, "de::ad", C++ "a::b"), a compressed address needs
// at least two groups and a decimal digit; so "::1" and "::" are not matched.
func matchIPv6(s string, i, floor int) (end int, ok bool) {
	// Cheap rejection first: a hex run of at most 4 then ':'.
	if s[i] != ':' {
		h := runOf(s, i, clHex)
		if h-i > 4 || h >= len(s) || s[h] != ':' {
			return 0, false
		}
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
	if j < len(s) && (isWord(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]) || s[j] == ':' && j+1 < len(s) && isHex(s[j+1])) {
		return 0, false
	}
	return j, true
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
