package redact

// matchEmail finds an e-mail address around the '@' at s[at]. The local part
// is the run of A-Z a-z 0-9 . _ % + - before it (no leading, trailing or
// doubled '.'), never reaching before floor; the domain is two or more
// dot-separated labels of letters, digits and inner '-', the last one (the
// top-level domain) all letters and at least 2 long. The letter of an escape
// like "\n" before the local part is not part of it. A sentence's final '.' is
// not part of the address. Quoted local parts and IP-literal domains are not
// matched.
//
// A run longer than the 64 bytes RFC 5321 allows is taken whole: masking only
// its end would leave a piece that reads differently next to the mask (digits
// that join a number before them into a phone number), so that a second pass
// would find what the first did not.
func matchEmail(s string, at, floor int) (start, end int, ok bool) {
	st := at
	for st > floor && classes[s[st-1]]&clLocal != 0 && !escapedLetter(s, st-1) {
		st--
	}
	for st < at && s[st] == '.' {
		st++
	}
	if st == at || s[at-1] == '.' {
		return 0, 0, false
	}
	for i := st + 1; i < at; i++ {
		if s[i] == '.' && s[i-1] == '.' {
			return 0, 0, false
		}
	}
	end, ok = matchDomain(s, at+1)
	return st, end, ok
}

// matchDomain matches a host name of two or more labels starting at s[i] and
// returns its end. It must not be followed by a mask or pseudonym, right away
// or after a '.': the text that one replaced may have been more labels, which
// made the name no e-mail domain ("0@0.AA.[REDACTED:jwt]"), and a second pass
// must not find it.
func matchDomain(s string, i int) (end int, ok bool) {
	labels := 0
	lastStart, lastEnd := 0, 0
	j := i
	for {
		ls := j
		for j < len(s) && (isAlnum(s[j]) || s[j] == '-') && j-ls < 63 {
			j++
		}
		if j == ls || s[ls] == '-' || s[j-1] == '-' {
			return 0, false
		}
		labels++
		lastStart, lastEnd = ls, j
		if j+1 < len(s) && s[j] == '.' && isAlnum(s[j+1]) {
			j++
			continue
		}
		break
	}
	if labels < 2 || lastEnd-lastStart < 2 || !wordEnd(s, lastEnd) {
		return 0, false
	}
	if tokenAt(s, lastEnd) || lastEnd < len(s) && s[lastEnd] == '.' && tokenAt(s, lastEnd+1) {
		return 0, false
	}
	for k := lastStart; k < lastEnd; k++ {
		if !isUpper(s[k]) && classes[s[k]]&clLower == 0 {
			return 0, false
		}
	}
	return lastEnd, true
}
