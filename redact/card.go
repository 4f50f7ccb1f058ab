package redact

// isCard reports whether groups are a payment card number:
//
//   - 13 to 19 digits, written compact or in groups joined by the same ' ' or
//     '-': 4-4-4-4 (and 4-4-4-4-1..3 for 17-19 digits, 4-4-4-1 for 13),
//     4-6-5 (Amex) or 4-6-4 (Diners);
//   - the Luhn checksum holds;
//   - the issuer prefix is plausible for the length: 4 (Visa: 13, 16, 19),
//     51-55 and 2221-2720 (Mastercard: 16), 34 and 37 (Amex: 15), and other
//     numbers starting 3, 5 or 6 with 14-19 digits (Diners, JCB, Discover,
//     UnionPay, Maestro).
//
// So order numbers, timestamps (13-digit epoch milliseconds start with 1) and
// numbers failing Luhn survive.
func isCard(groups []digitGroup, digits []byte) bool {
	n := len(digits)
	if n < 13 || n > 19 {
		return false
	}
	if len(groups) > 1 && (!sameSeparators(groups, " -") || !cardGrouping(groups)) {
		return false
	}
	return plausibleIIN(digits) && luhn(digits)
}

// cardGrouping reports whether the group lengths are a way cards are written.
func cardGrouping(groups []digitGroup) bool {
	if len(groups) == 3 && glen(groups[0]) == 4 && glen(groups[1]) == 6 && (glen(groups[2]) == 5 || glen(groups[2]) == 4) {
		return true
	}
	for i, g := range groups {
		last := i == len(groups)-1
		if !last && glen(g) != 4 || last && (glen(g) < 1 || glen(g) > 4) {
			return false
		}
	}
	return true
}

// plausibleIIN checks the issuer prefix against the length.
func plausibleIIN(d []byte) bool {
	n := len(d)
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	switch d[0] {
	case '4':
		return n == 13 || n == 16 || n == 19
	case '2':
		p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
		return n == 16 && p4 >= 2221 && p4 <= 2720
	case '3':
		if p2 == 34 || p2 == 37 {
			return n == 15
		}
		return n >= 14
	case '5':
		if p2 >= 51 && p2 <= 55 {
			return n == 16
		}
		return n >= 14
	case '6':
		return n >= 14
	}
	return false
}

// luhn reports whether the digits pass the Luhn checksum.
func luhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}
