package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// pseudonymHexLen is how many hex digits of the MAC a pseudonym carries
// (64 bits).
const pseudonymHexLen = 16

// Pseudonym returns the keyed pseudonym of value: "[kind:keyid:hex]", where
// hex is the first 16 hex digits of HMAC-SHA-256(key, value). The hex part
// depends only on the key and the value, so a value gets the same token in
// every process using the same key, whatever kind found it; compute a user's
// token with Pseudonym to find all their decisions.
//
// Without a key (Config.Key nil) it returns the mask "[REDACTED:kind]".
func (r *Redactor) Pseudonym(kind, value string) string {
	if r.key == nil {
		return "[REDACTED:" + kind + "]"
	}
	m := hmac.New(sha256.New, r.key.material)
	m.Write([]byte(value))
	var sum [sha256.Size]byte
	var hx [pseudonymHexLen]byte
	hex.Encode(hx[:], m.Sum(sum[:0])[:pseudonymHexLen/2])
	return "[" + kind + ":" + r.key.ID + ":" + string(hx[:]) + "]"
}
