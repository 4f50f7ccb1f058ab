package redact

import (
	"fmt"
	"strconv"
)

// Kind identifies what a finding is: one of the built-in detectors (KindEmail,
// KindCard, ...) or a custom rule. Its String method gives the kind name that
// appears in masks, pseudonyms and the audit.redaction.kinds attribute.
//
// Custom rules get kinds numbered from the first custom kind up; their names are
// known to the Redactor that compiled them (see Redactor.KindName). Summaries
// filled by a Redactor remember those names.
type Kind uint8

// The built-in kinds.
const (
	// KindEmail is an e-mail address.
	KindEmail Kind = iota + 1
	// KindPhone is a telephone number (E.164 or a common national format).
	KindPhone
	// KindCard is a payment card number (Luhn-checked, plausible IIN).
	KindCard
	// KindIBAN is an international bank account number (mod-97 checked).
	KindIBAN
	// KindSSN is a US social security number.
	KindSSN
	// KindIPv4 is an IPv4 address.
	KindIPv4
	// KindIPv6 is an IPv6 address.
	KindIPv6
	// KindJWT is a JSON Web Token.
	KindJWT
	// KindAPIKey is an API key or access token with a well-known shape
	// (OpenAI, AWS, GitHub, Slack, Google, Stripe).
	KindAPIKey
	// KindPrivateKey is a PEM-encoded private key block.
	KindPrivateKey
	// KindURLCredentials is the user:password part of a URL.
	KindURLCredentials
	// KindPassword is the value of a password-like key (password=, passwd:,
	// pwd=, passphrase:) in text, or of a password-like JSON field.
	KindPassword
	// KindSecret is the value of another secret-like key (secret, token,
	// api_key, access_key, private_key, authorization, cookie) in text, or of
	// such a JSON field.
	KindSecret
	// KindAttribute is a whole attribute value handled by a KeyRule without
	// a Name.
	KindAttribute

	numBuiltin // one past the last built-in kind
)

// firstCustom is the first Kind given to custom rules; there is room for
// 256-firstCustom custom kinds.
const firstCustom Kind = 64

// maxCustomKinds is how many distinct custom kind names one Redactor can hold.
const maxCustomKinds = 256 - int(firstCustom)

// builtinNames maps built-in kinds to their names. Read-only.
var builtinNames = [numBuiltin]string{
	KindEmail:          "email",
	KindPhone:          "phone",
	KindCard:           "card",
	KindIBAN:           "iban",
	KindSSN:            "ssn",
	KindIPv4:           "ipv4",
	KindIPv6:           "ipv6",
	KindJWT:            "jwt",
	KindAPIKey:         "api_key",
	KindPrivateKey:     "private_key",
	KindURLCredentials: "url_credentials",
	KindPassword:       "password",
	KindSecret:         "secret",
	KindAttribute:      "attribute",
}

// String returns the kind name for built-in kinds ("email", "card", ...),
// "custom_N" for the Nth custom kind (use Redactor.KindName for its rule
// name), and "unknown" for the zero Kind.
func (k Kind) String() string {
	switch {
	case k > 0 && k < numBuiltin:
		return builtinNames[k]
	case k >= firstCustom:
		return "custom_" + strconv.Itoa(int(k-firstCustom))
	default:
		return "unknown"
	}
}

// ParseKind returns the built-in kind with the given name.
func ParseKind(name string) (Kind, error) {
	if k, ok := builtinKind(name); ok {
		return k, nil
	}
	return 0, fmt.Errorf("redact: unknown kind %q (built-in kinds: %s)", name, builtinKindList())
}

// builtinKind looks a built-in kind up by name.
func builtinKind(name string) (Kind, bool) {
	for k := Kind(1); k < numBuiltin; k++ {
		if builtinNames[k] == name {
			return k, true
		}
	}
	return 0, false
}

// builtinKindList returns the built-in kind names, comma separated, for
// error messages.
func builtinKindList() string {
	s := ""
	for k := Kind(1); k < numBuiltin; k++ {
		if k > 1 {
			s += ", "
		}
		s += builtinNames[k]
	}
	return s
}

// kindNames holds the names of every kind a Redactor knows: the built-in
// ones and its custom rules. It is built by New and read-only afterwards.
type kindNames [256]string

// name returns the name of k, falling back to k.String().
func (t *kindNames) name(k Kind) string {
	if t != nil && t[k] != "" {
		return t[k]
	}
	return k.String()
}
