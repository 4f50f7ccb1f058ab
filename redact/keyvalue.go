package redact

import (
	"math/bits"
	"strings"
)

// Key-value secrets: "password=hunter2", "api_key: abc", `"token": "x"`,
// "Authorization: Bearer abc". The key is found by looking back from the
// '=' or ':'; only the value is masked.

// maxKVKey bounds how far back the key of a key=value pair is read.
const maxKVKey = 64

// sensitiveSuffix is one rule for a sensitive field or key name: the name,
// lower-cased with '_', '-' and '.' removed, ends with suffix (or equals it
// when exact).
type sensitiveSuffix struct {
	suffix string
	kind   Kind
	exact  bool
}

// sensitiveNames are the name rules, shared by key=value text and JSON field
// names. Read-only.
var sensitiveNames = [...]sensitiveSuffix{
	{"password", KindPassword, false},
	{"passwd", KindPassword, false},
	{"pwd", KindPassword, false},
	{"passphrase", KindPassword, false},
	{"secret", KindSecret, false},
	{"token", KindSecret, false},
	{"apikey", KindSecret, false},
	{"accesskey", KindSecret, false},
	{"secretkey", KindSecret, false},
	{"privatekey", KindSecret, false},
	{"authorization", KindSecret, false},
	{"cookie", KindSecret, false},
	{"credentials", KindSecret, true},
	{"ssn", KindSSN, false},
	{"creditcard", KindCard, false},
	{"cardnumber", KindCard, false},
	{"ccnumber", KindCard, false},
	{"cvv", KindCard, true},
	{"cvc", KindCard, true},
}

// sensitiveName reports whether a field or key name is secret-like and which
// kind its value is: "password", "db_password", "passwd", "pwd",
// "client_secret", "access_token", "apiKey", "X-API-Key", "aws_access_key",
// "private_key", "Authorization", "Set-Cookie", "ssn", "credit_card",
// "card_number", "cvv", ... ("max_tokens" and "input_tokens" are not: plural
// "tokens" is a count). It does not allocate.
func sensitiveName(name string) (Kind, bool) {
	// Skip trailing separators to find the last significant byte; only the
	// rules ending in it are compared.
	e := len(name)
	for e > 0 && isNameSeparator(name[e-1]) {
		e--
	}
	if e == 0 {
		return 0, false
	}
	for rules := sensitiveByLast[lower(name[e-1])]; rules != 0; rules &= rules - 1 {
		r := &sensitiveNames[bits.TrailingZeros32(rules)]
		if normalizedSuffix(name[:e], r.suffix, r.exact) {
			return r.kind, true
		}
	}
	return 0, false
}

// sensitiveByLast indexes sensitiveNames by the last byte of the suffix: bit
// k is set in sensitiveByLast[c] when rule k ends in c. Read-only.
var sensitiveByLast = func() (t [256]uint32) {
	for k, r := range sensitiveNames {
		t[r.suffix[len(r.suffix)-1]] |= 1 << k
	}
	return t
}()

// isNameSeparator reports whether c is ignored when names are compared.
func isNameSeparator(c byte) bool { return c == '_' || c == '-' || c == '.' || c == ' ' }

// normalizedSuffix reports whether name, lower-cased and with separators
// removed, ends with suffix (or equals it when exact). It does not allocate.
func normalizedSuffix(name, suffix string, exact bool) bool {
	i := len(name) - 1
	for k := len(suffix) - 1; k >= 0; k-- {
		for i >= 0 && isNameSeparator(name[i]) {
			i--
		}
		if i < 0 || lower(name[i]) != suffix[k] {
			return false
		}
		i--
	}
	if exact {
		for ; i >= 0; i-- {
			if !isNameSeparator(name[i]) {
				return false
			}
		}
	}
	return true
}

// authSchemes are words that precede the credential in an Authorization
// value ("Bearer abc"); the credential is masked with them.
var authSchemes = [...]string{"bearer", "basic", "token", "digest", "apikey"}

// matchKeyValue finds the value of a secret-like key at the '=' or ':' at
// s[i]: the key is the run of letters, digits, '_', '.', '-' just before it
// (possibly in quotes, escaped quotes too, up to 3 spaces before the
// separator), never reaching before floor; the value follows after optional
// spaces or tabs and is either quoted (the text inside the quotes or escaped
// quotes \"...\", same line) or runs to whitespace or one of
// , ; & " ' < > ) ] } `. Values that start with a mask or pseudonym are left.
// "==", "=>", "<=", ">=", "!=" and "://" are not separators.
func matchKeyValue(s string, i, floor int) (start, end int, kind Kind, ok bool) {
	if i+1 < len(s) && (s[i+1] == '=' || s[i+1] == '>' || s[i] == ':' && s[i+1] == ':') {
		return 0, 0, 0, false
	}
	j := i
	if j > floor && (s[j-1] == '=' || s[j-1] == '!' || s[j-1] == '<' || s[j-1] == '>' || s[j-1] == ':') {
		return 0, 0, 0, false
	}
	for j > floor && i-j < 3 && s[j-1] == ' ' {
		j--
	}
	if j > floor && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
		if j > floor && s[j-1] == '\\' {
			j-- // escaped JSON inside text: {\"password\":\"x\"}
		}
	}
	ke := j
	for j > floor && ke-j < maxKVKey && classes[s[j-1]]&clKVKey != 0 {
		j--
	}
	if j == ke {
		return 0, 0, 0, false
	}
	kind, ok = sensitiveName(s[j:ke])
	if !ok {
		return 0, 0, 0, false
	}
	start, end, ok = kvValue(s, i+1)
	if !ok || tokenAt(s, start) {
		return 0, 0, 0, false
	}
	// "Authorization: Bearer abc": mask the credential with its scheme.
	if end < len(s) && s[end] == ' ' && isAuthScheme(s[start:end]) {
		if _, e2, ok2 := kvValue(s, end+1); ok2 {
			end = e2
		}
	}
	if isRedactionToken(s[start:end]) {
		return 0, 0, 0, false
	}
	return start, end, kind, true
}

// tokenAt reports whether a mask or pseudonym starts at s[i].
func tokenAt(s string, i int) bool {
	_, ok := tokenEnd(s, i)
	return ok
}

// tokenEnd returns the end of the mask or pseudonym starting at s[i].
func tokenEnd(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '[' {
		return 0, false
	}
	e := strings.IndexByte(s[i:min(len(s), i+maxTokenLen)], ']')
	if e <= 0 || !isRedactionToken(s[i:i+e+1]) {
		return 0, false
	}
	return i + e + 1, true
}

// maxTokenLen bounds the length of a mask or pseudonym.
const maxTokenLen = 2 + maxKindName + 1 + maxKeyIDLen + 1 + pseudonymHexLen

// kvValue returns the value starting at or after s[v] (after spaces).
func kvValue(s string, v int) (start, end int, ok bool) {
	for v < len(s) && (s[v] == ' ' || s[v] == '\t') {
		v++
	}
	if v >= len(s) {
		return 0, 0, false
	}
	if hasPrefixAt(s, v, `\"`) {
		// Escaped JSON inside text: the value runs to the next \".
		if e := strings.Index(s[v+2:], `\"`); e > 0 && strings.IndexByte(s[v+2:v+2+e], '\n') < 0 {
			return v + 2, v + 2 + e, true
		}
	}
	if q := s[v]; q == '"' || q == '\'' {
		e := v + 1
		for e < len(s) && s[e] != q && s[e] != '\n' {
			if s[e] == '\\' && e+1 < len(s) && s[e+1] != '\n' {
				e++
			}
			e++
		}
		if e < len(s) && s[e] == q && e > v+1 {
			return v + 1, e, true
		}
		v++ // unterminated quote: an unquoted value after it
	}
	e := v
	for e < len(s) && classes[s[e]]&clValueStop == 0 {
		e++
	}
	return v, e, e > v
}

// isAuthScheme reports whether w is an HTTP authorization scheme word.
func isAuthScheme(w string) bool {
	for _, a := range authSchemes {
		if len(w) == len(a) && containsFold(w, a) {
			return true
		}
	}
	return false
}
