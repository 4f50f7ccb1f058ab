package redact

// isIPv4Shape reports whether groups are a dotted-quad IPv4 address: four
// groups joined by '.', each 0-255 written without leading zeros.
//
// The number run has already passed numberStart and numberEnd, so an address
// preceded by a letter, digit, '_' or "x." ("v1.2.3.4", "go1.2.3.4") or
// followed by a letter or ".5" ("1.2.3.4.5", "1.2.3.4a") is not an address.
// A bare four-part version such as "1.2.3.4" with nothing before it is
// indistinguishable from an address and is masked.
func isIPv4Shape(s string, groups []digitGroup) bool {
	if len(groups) != 4 || !sameSeparators(groups, ".") {
		return false
	}
	for _, g := range groups {
		if !ipv4Octet(s[g.start:g.end]) {
			return false
		}
	}
	return true
}

// ipv4Octet reports whether o is a decimal 0-255 without leading zeros.
func ipv4Octet(o string) bool {
	if len(o) == 0 || len(o) > 3 || (len(o) > 1 && o[0] == '0') {
		return false
	}
	v := 0
	for i := 0; i < len(o); i++ {
		if !isDigit(o[i]) {
			return false
		}
		v = v*10 + int(o[i]-'0')
	}
	return v <= 255
}
