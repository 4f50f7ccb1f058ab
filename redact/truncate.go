package redact

import (
	"strconv"
	"unicode/utf8"
)

// truncate cuts a redacted value longer than the size cap at a UTF-8
// boundary and appends "…[TRUNCATED: original N bytes]", N being the length
// of the value before redaction.
//
// Values are redacted in full before they are cut, never the other way
// round: cutting first could split a secret (a card number, a key) into a
// prefix no detector recognises any more, which would then leak. Cutting
// redacted text only ever shortens masks and kept text.
func (r *Redactor) truncate(s string, original int) string {
	if r.maxValue <= 0 || len(s) <= r.maxValue {
		return s
	}
	cut := r.maxValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…[TRUNCATED: original " + strconv.Itoa(original) + " bytes]"
}
