// Package redact finds personal data and secrets in telemetry and masks them,
// replaces them by keyed pseudonyms, or drops the attribute, before the data
// leaves the process. It is independent of the OpenTelemetry SDK: it works on
// strings (Redactor.Value, Redactor.Text) and on pdata (Redactor.Traces), so
// the SDK span processor and the Collector processor share it.
//
// # Speed
//
// Detection is one hand-written pass over the text, not a list of regular
// expressions: positions where no detector can start are skipped with one
// table lookup per byte (the byte, the one before and the one after decide),
// and a validator runs only where its kind can start (a number, '@', "://",
// '=', a word like "sk", "AKIA" or "GB82"). A value with nothing to redact is
// returned as the same string, without allocating; so is a span in Traces.
//
// # Detectors
//
// Every detector validates what it matches; the exact rules, with the
// look-alikes they spare, are documented on each matcher:
//
//   - email: local@domain.tld, the top-level domain all letters (matchEmail).
//   - phone: E.164 with '+' (8-15 digits), North American 3-3-4 with
//     separators or parentheses, national numbers with trunk prefix 0 and
//     separators (isPhone). Numbers without '+' and without separators are
//     never phones: they are order numbers and ids far more often.
//   - card: 13-19 digits compact or grouped, Luhn and issuer prefix checked
//     (isCard).
//   - iban: registry country and length, compact or in groups of 4, mod-97
//     (matchIBAN).
//   - ssn: 3-2-4 with '-'; nine bare digits or 3-2-4 with spaces only after
//     "ssn" or "social security"; never-issued areas, groups and serials
//     excluded (isSSN).
//   - ipv4: dotted quad, octets 0-255 without leading zeros, not inside a word
//     or a longer dotted number: "v1.2.3.4" and "1.2.3.4.5" survive, a bare
//     "1.2.3.4" does not (isIPv4Shape).
//   - ipv6: full and compressed forms, embedded IPv4; compressed forms need
//     two groups and a decimal digit, so "::1", "de::ad" and "std::vector"
//     survive (matchIPv6).
//   - jwt: base64url parts whose header decodes to JSON with "alg"
//     (matchJWT).
//   - api_key: OpenAI, Stripe live, GitHub, Slack, AWS access key ids, Google
//     API keys by their documented shapes (matchAPIKey).
//   - private_key: PEM "PRIVATE KEY" blocks through their END line, or to the
//     end of the text when it is missing (matchPEM).
//   - url_credentials: the user:password of scheme://user:password@host,
//     keeping scheme, host and path (matchURLCredentials).
//   - password, secret (and ssn, card for such names): the value after a
//     secret-like key in key=value or key: value text, quoted or not
//     (matchKeyValue, sensitiveName).
//
// Number-like detectors look at a whole run of digit groups ("4111 1111 1111
// 1111", "+44 20 7946 0958"); they also try its leading groups up to a space
// ("4111 1111 1111 1111 2024"), but never groups inside it, so the tail of a
// longer number is not taken for a phone.
//
// Limits: detection is ASCII-based (full-width digits, IDN domains and
// obfuscations like "jane at example dot com" need custom rules); names,
// addresses and other free-form personal data are not detected; a number
// passing Luhn with a card prefix is a card even if it is an order number.
//
// # JSON
//
// Values that are JSON are redacted structurally: string leaves are scanned,
// the values of secret-like fields (password, token, api_key, ssn,
// card_number, authorization, cookie, ...) are replaced whole, and the result
// is valid JSON with every other byte kept. Strings that changed are
// re-escaped minimally (so "\u00e9" in them becomes "é"). Invalid JSON is
// scanned as text.
//
// # Rules
//
// The Config selects detectors and actions per kind, adds custom regular
// expressions, applies whole-value rules by attribute key (globs as in
// path.Match), allows keys never to be touched, and caps value sizes. Values
// over the cap are redacted in full, then cut, so a secret straddling the cut
// cannot leak.
//
// # Pseudonyms
//
// With a Key, Pseudonymize replaces a value by "[kind:keyid:hex]", hex being
// the first 64 bits of HMAC-SHA-256 of the value. The same key gives the same
// token in every process, so "every decision of user X" is a lookup of
// Redactor.Pseudonym(kind, X). Key material never appears in any output of
// this package.
package redact
