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
	// Lower-case letters that start a detector: a-f (IPv6), e (JWT),
	// g (GitHub), r (Stripe), s (OpenAI, Stripe), x (Slack).
	set("abcdefgrsx", clTrigger)
	set("@:=+(-[", clTrigger)
	set(",;&\"'<>)]}`", clValueStop)
	return t
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
