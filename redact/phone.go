package redact

// isPhone reports whether groups are a telephone number. Accepted:
//
//   - international (E.164): '+', a country code not starting with 0, 8 to 15
//     digits in all; compact ("+14155552671") or in groups joined by ' ', '-'
//     or '.', where the first group (the country code) has 1-3 digits and one
//     group may be in parentheses ("+1 (415) 555-2671", "+44 (0)20 7946 0958");
//   - North American: 3-3-4 digits, area code and exchange starting 2-9,
//     written "(415) 555-2671", "415-555-2671", "415.555.2671" or
//     "415 555 2671", optionally after a "1" trunk prefix;
//   - other national formats with a trunk prefix 0: 10 or 11 digits starting
//     0 then 1-9, in at least two groups of 2 or more digits joined by ' ',
//     '-' or '.' ("020 7946 0958", "030-1234-5678", "01 23 45 67 89").
//
// Not accepted, to spare look-alikes: numbers without any separator and
// without '+' (order numbers, ids), 7-digit local numbers, dates (4-2-2),
// times (':' is no separator), versions and prices (too few digits).
func isPhone(plus bool, groups []digitGroup, digits []byte) bool {
	if plus {
		return isE164(groups, digits)
	}
	return isNANP(groups, digits) || isNationalTrunk(groups, digits)
}

// isE164 checks an international number (the '+' is already seen).
func isE164(groups []digitGroup, digits []byte) bool {
	n := len(digits)
	if n < 8 || n > 15 || digits[0] == '0' {
		return false
	}
	if len(groups) == 1 {
		return !groups[0].paren
	}
	if groups[0].paren || glen(groups[0]) > 3 {
		return false
	}
	parens := 0
	for _, g := range groups {
		if g.paren {
			parens++
		}
	}
	return parens <= 1
}

// isNANP checks a North American number.
func isNANP(groups []digitGroup, digits []byte) bool {
	if len(groups) == 4 && glen(groups[0]) == 1 && digits[0] == '1' && !groups[0].paren && groups[1].sep != 0 {
		groups, digits = groups[1:], digits[1:]
	}
	if len(groups) != 3 || glen(groups[0]) != 3 || glen(groups[1]) != 3 || glen(groups[2]) != 4 {
		return false
	}
	if digits[0] < '2' || digits[3] < '2' || groups[1].paren || groups[2].paren {
		return false
	}
	if groups[0].paren {
		// "(415) 555-2671", "(415)555-2671", "(415) 555 2671"
		return groups[1].sep == ' ' || groups[1].sep == 0
	}
	s1, s2 := groups[1].sep, groups[2].sep
	if s1 == 0 {
		return false
	}
	return s2 == s1 || s2 == '-'
}

// isNationalTrunk checks a national number with trunk prefix 0.
func isNationalTrunk(groups []digitGroup, digits []byte) bool {
	n := len(digits)
	if n < 10 || n > 11 || len(groups) < 2 || digits[0] != '0' || digits[1] == '0' {
		return false
	}
	for i, g := range groups {
		if glen(g) < 2 || (i > 0 && (g.paren || g.sep == 0)) {
			return false
		}
	}
	return true
}
