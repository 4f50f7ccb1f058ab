package redact

// Byte classes: one table lookup tells the scanner what a byte can be.
const (
	clDigit     uint16 = 1 << iota // 0-9
	clUpper                        // A-Z
	clLower                        // a-z
	clHex                          // 0-9 a-f A-F
	clWord                         // A-Z a-z 0-9 _
	clLocal                        // e-mail local part: A-Z a-z 0-9 . _ % + -
	clB64URL                       // base64url: A-Z a-z 0-9 _ -
	clKVKey                        // a key in key=value text: A-Z a-z 0-9 _ . -
	clSpace                        // ' ' \t \n \r \v \f
	clTrigger                      // a byte where a detector may start
	clValueStop                    // ends an unquoted value in key=value text
)

// classes is the byte-class table. Read-only after package initialisation.
var classes = buildClasses()

func buildClasses() [256]uint16 {
	var t [256]uint16
	set := func(chars string, c uint16) {
		for i := 0; i < len(chars); i++ {
			t[chars[i]] |= c
		}
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= clDigit | clHex | clWord | clLocal | clB64URL | clKVKey | clTrigger
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= clUpper | clWord | clLocal | clB64URL | clKVKey | clTrigger
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= clLower | clWord | clLocal | clB64URL | clKVKey
	}
	set("abcdefABCDEF", clHex)
	set("_", clWord|clLocal|clB64URL|clKVKey)
	set(".", clLocal|clKVKey)
	set("-", clLocal|clB64URL|clKVKey)
	set("%+", clLocal)
	set(" \t\n\r\v\f", clSpace|clValueStop)
	// '[' may start a mask or pseudonym, which detectors skip whole.
	// Lower-case letters that start a detector: e (JWT), g (GitHub),
	// r (Stripe), s (OpenAI, Stripe), x (Slack). An IPv6 address starting
	// with a letter is tried at its first ':'.
	set("egrsx", clTrigger)
	set("@:=+(-[", clTrigger)
	set(",;&\"'<>)]}`", clValueStop)
	return t
}

// Start rules: what s[i-1], s[i] and s[i+1] must be for a detector to
// possibly start at s[i]. Each rule has one bit; startCur[c] holds the rules
// c can be the current byte of, startPrev[c] those it can be the byte before
// and startNext[c] those it can be the byte after, so three lookups and two
// ANDs test a position. The rules only pre-filter: next still checks word
// starts exactly (boundary) and asks wordCandidate and the detectors.
const (
	stDigit    uint16 = 1 << iota // a digit at a word start, not after '-' or '.' (see stDash, stDot): numbers, IPv6
	stUpper                       // two upper-case letters at a word start: IBAN, AWS, Google
	stJWT                         // "ey" at a word start
	stKey                         // "sk", "rk" at a word start: OpenAI, Stripe
	stGitHub                      // "gh", "gi" at a word start
	stSlack                       // "xo" at a word start
	stAnywhere                    // '@', ':', '=', '[' anywhere
	stPhone                       // '+' or '(' before a digit or '('
	stDash                        // '-' before '-' (PEM) or a digit ("-5", "ORD-2025")
	stDot                         // '.' before a digit, not after a word byte (" .5", not "v1.2")
	stEscape                      // '\\' before 'n', 't', 'r', 'b' or 'f': a word may start after the escape

	stRules = 11                                                     // rules in use
	stWord  = stDigit | stUpper | stJWT | stKey | stGitHub | stSlack // rules that need a word start
	stAll   = 1<<stRules - 1
)

// startCur, startPrev and startNext hold the start rules each byte allows as
// the current byte, the byte before and the byte after. They are three
// tables, not one with three fields, so that testing a position takes no
// shifts. Read-only after package initialisation.
var startCur, startPrev, startNext = buildStartTables()

func buildStartTables() (cur, prev, next [256]uint16) {
	set := func(t *[256]uint16, chars string, r uint16) {
		for i := 0; i < len(chars); i++ {
			t[chars[i]] |= r
		}
	}
	const (
		digits = "0123456789"
		upper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	)
	set(&cur, digits, stDigit)
	set(&cur, upper, stUpper)
	set(&cur, "e", stJWT)
	set(&cur, "sr", stKey)
	set(&cur, "g", stGitHub)
	set(&cur, "x", stSlack)
	set(&cur, "@:=[", stAnywhere)
	set(&cur, "+(", stPhone)
	set(&cur, "-", stDash)
	set(&cur, ".", stDot)
	set(&cur, `\`, stEscape)
	for c := range 256 {
		if classes[c]&clWord == 0 {
			// A word starts after a byte that is not a word byte, and a
			// number may start after a '.' that follows one.
			prev[c] |= stWord | stDot
		}
		prev[c] |= stAll &^ (stWord | stDot)
		next[c] |= stDigit | stAnywhere
	}
	// Digits after '-' and '.' are looked at from the '-' or '.'.
	prev['-'] &^= stDigit
	prev['.'] &^= stDigit
	// The letter of an escape ("\n.5") is no word byte to numberStart.
	set(&prev, "ntrbf", stDot)
	set(&next, upper, stUpper)
	set(&next, "y", stJWT)
	set(&next, "k", stKey)
	set(&next, "hi", stGitHub)
	set(&next, "o", stSlack)
	set(&next, digits+"(", stPhone)
	set(&next, digits+"-", stDash)
	set(&next, digits, stDot)
	set(&next, "ntrbf", stEscape)
	return cur, prev, next
}

// startsAt reports whether the start rules let a detector start at s[i],
// for 0 < i < len(s)-1.
func startsAt(s string, i int) bool {
	return startCur[s[i]]&startPrev[s[i-1]]&startNext[s[i+1]] != 0
}

func isDigit(c byte) bool { return classes[c]&clDigit != 0 }
func isUpper(c byte) bool { return classes[c]&clUpper != 0 }
func isWord(c byte) bool  { return classes[c]&clWord != 0 }
func isAlnum(c byte) bool { return classes[c]&(clDigit|clUpper|clLower) != 0 }
func isHex(c byte) bool   { return classes[c]&clHex != 0 }

// boundary reports whether a word can begin at s[i]: i is where scanning
// started (floor, the end of the previous finding, which becomes a mask
// ending in ']'), or the byte before is not a letter, digit or '_', or it is
// the letter of a JSON-style escape ("\n", "\t", "\r", "\b", "\f"), so text
// holding escaped JSON is cut into words as its decoded form would be.
func boundary(s string, i, floor int) bool {
	return i <= floor || !isWord(s[i-1]) || escapedLetter(s, i-1)
}

// escapedLetter reports whether s[k] is the letter of an escape "\n", "\t",
// "\r", "\b" or "\f".
func escapedLetter(s string, k int) bool {
	if k < 1 || s[k-1] != '\\' {
		return false
	}
	switch s[k] {
	case 'n', 't', 'r', 'b', 'f':
		return true
	}
	return false
}

// wordEnd reports whether a word ends before s[i].
func wordEnd(s string, i int) bool { return i >= len(s) || !isWord(s[i]) }

// runOf returns the end of the run of bytes of class c starting at i.
func runOf(s string, i int, c uint16) int {
	for i < len(s) && classes[s[i]]&c != 0 {
		i++
	}
	return i
}

// hasPrefixAt reports whether s[i:] starts with p.
func hasPrefixAt(s string, i int, p string) bool {
	return len(s)-i >= len(p) && s[i:i+len(p)] == p
}
