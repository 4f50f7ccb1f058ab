package redact

// Numbers: one parse of a run of digit groups feeds the IPv4, SSN, card and
// phone validators, which look at the shape (group lengths and separators)
// and then check the digits.

// maxGroups bounds the digit groups of one number run.
const maxGroups = 8

// maxRunDigits bounds the digits of one number run: more than the longest
// card (19) means it is some other long number and nothing matches.
const maxRunDigits = 19

// digitGroup is one run of digits inside a number run.
type digitGroup struct {
	start, end int  // the digits are s[start:end]
	sep        byte // separator before the group: 0, ' ', '-', '.'
	paren      bool // the group is written "(123)"
}

// numberRun is a parsed run like "4111 1111 1111 1111", "+44 20 7946 0958",
// "(415) 555-2671" or "10.0.0.1".
type numberRun struct {
	start  int  // the first byte, '+' or '(' included
	plus   bool // starts with '+'
	n      int  // groups used
	digits int  // digits in all groups
	groups [maxGroups]digitGroup
}

// minNumberDigits is the fewest digits a number detector takes, IPv4 (four
// groups) aside: an E.164 phone number has 8 or more, a North American or
// national one 10, an SSN 9, a card 13.
const minNumberDigits = 8

// numberStart reports whether a number may start at the digit s[i]: not
// inside a word ("v1.2.3.4", "abc123"), not the fraction of a decimal
// ("3.14159"), not inside a dashed identifier ("ORD-2024-000123"). floor is
// where the previous finding ended (see boundary).
func numberStart(s string, i, floor int) bool {
	if !boundary(s, i, floor) {
		return false
	}
	if i-2 < floor {
		return true
	}
	p := s[i-1]
	return !((p == '.' || p == '-') && isWord(s[i-2]) && !escapedLetter(s, i-2))
}

// parseNumber parses the number run starting at s[i] ('+', '(' or a digit)
// into run, which must be zero. Groups are digits separated by one ' ', '-'
// or '.', or written in parentheses. It stops at anything else, after
// maxGroups groups or before a group that would bring the digits over
// maxRunDigits; it reports false when not even the first group fits.
func parseNumber(s string, i int, run *numberRun) bool {
	run.start = i
	j := i
	if s[j] == '+' {
		run.plus = true
		j++
	}
	var sep byte
	for run.n < maxGroups {
		paren := false
		k := j
		if k < len(s) && s[k] == '(' {
			paren = true
			k++
		}
		ds := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == ds || (paren && (k >= len(s) || s[k] != ')')) {
			break
		}
		if run.digits+k-ds > maxRunDigits {
			// Too many digits: the groups so far may still be a number
			// followed by another one ("4111 1111 1111 1111 2024").
			break
		}
		run.digits += k - ds
		run.groups[run.n] = digitGroup{start: ds, end: k, sep: sep, paren: paren}
		run.n++
		if paren {
			k++ // ')'
		}
		j = k
		sep = 0
		if runGoesOn(s, j) {
			sep = s[j]
			j++
			continue
		}
		if paren && j < len(s) && isDigit(s[j]) {
			continue // "(415)555-2671"
		}
		break
	}
	return run.n > 0
}

// runGoesOn reports whether a number run goes on at s[j]: a separator ' ',
// '-' or '.' continues it only when a digit follows, or ' ' when '(' does.
func runGoesOn(s string, j int) bool {
	return j+1 < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && (isDigit(s[j+1]) || s[j+1] == '(' && s[j] == ' ')
}

// end returns the end of the first g groups (a closing ')' included).
func (run *numberRun) end(g int) int {
	e := run.groups[g-1].end
	if run.groups[g-1].paren {
		e++
	}
	return e
}

// numberEnd reports whether a number may end before s[j]: not inside a word
// and not followed by more digits joined with '.' or '-' ("1.2.3.4.5").
func numberEnd(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	c := s[j]
	if isWord(c) {
		return false
	}
	if (c == '.' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) {
		return false
	}
	return true
}

// number classifies the number run at s[i]: s[i:end] is a finding of kind
// k, or k is 0. It tries the whole run first, then shorter prefixes that end
// at a space ("4111 1111 1111 1111 2024"). When nothing matches, skip is
// where scanning goes on: after the run, so digit groups inside a longer run
// (the tail of a failed IBAN) are never taken on their own.
func (d detectorSet) number(s string, i int) (end int, k Kind, skip int) {
	var run numberRun
	if !parseNumber(s, i, &run) {
		return 0, 0, runOf(s, i+1, clWord)
	}
	digits := run.digits // in the first g groups
	for g := run.n; g >= 1; g-- {
		if g < run.n {
			digits -= glen(run.groups[g])
			if run.groups[g].sep != ' ' {
				continue
			}
		}
		if digits < minNumberDigits && g != 4 {
			continue // prices, times, counts: too short for any detector
		}
		end := run.end(g)
		if g == run.n && !numberEnd(s, end) {
			continue
		}
		if k, ok := d.classify(s, &run, g); ok {
			return end, k, end
		}
	}
	return 0, 0, run.end(run.n)
}

// classify checks the first g groups of run against the number detectors.
func (d detectorSet) classify(s string, run *numberRun, g int) (Kind, bool) {
	var buf [maxRunDigits]byte
	digits := buf[:0]
	plain := !run.plus // no '+' and no parentheses
	for _, gr := range run.groups[:g] {
		digits = append(digits, s[gr.start:gr.end]...)
		if gr.paren {
			plain = false
		}
	}
	groups := run.groups[:g]
	if plain {
		if d.has(KindIPv4) && isIPv4Shape(s, groups) {
			return KindIPv4, true
		}
		if d.has(KindSSN) && isSSN(s, run.start, groups, digits) {
			return KindSSN, true
		}
		if d.has(KindCard) && isCard(groups, digits) {
			return KindCard, true
		}
	}
	if d.has(KindPhone) && isPhone(run.plus, groups, digits) {
		return KindPhone, true
	}
	return 0, false
}

// sameSeparators reports whether every group after the first is preceded by
// the same separator, one of allowed, and none is in parentheses.
func sameSeparators(groups []digitGroup, allowed string) bool {
	if len(groups) < 2 {
		return !groups[0].paren
	}
	sep := groups[1].sep
	ok := false
	for i := 0; i < len(allowed); i++ {
		if allowed[i] == sep {
			ok = true
		}
	}
	if !ok {
		return false
	}
	for _, g := range groups {
		if g.paren || (g.start != groups[0].start && g.sep != sep) {
			return false
		}
	}
	return true
}

// glen returns the length of group g.
func glen(g digitGroup) int { return g.end - g.start }
