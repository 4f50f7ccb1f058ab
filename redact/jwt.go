package redact

import (
	"bytes"
	"encoding/base64"
)

// maxJWTHeader bounds the encoded JWT header that is decoded and checked.
const maxJWTHeader = 512

// matchJWT matches a JSON Web Token starting at s[i] ('e'): three (or, for
// JWE, five) base64url parts joined by '.', the first decoding to a JSON
// object with an "alg" member (so it starts "ey"). The payload must not be
// empty; the signature may be (alg "none").
func matchJWT(s string, i int) (end int, ok bool) {
	if i+1 >= len(s) || s[i+1] != 'y' {
		return 0, false
	}
	h := runOf(s, i, clB64URL)
	if h-i < 10 || h-i > maxJWTHeader || h >= len(s) || s[h] != '.' {
		return 0, false
	}
	p := runOf(s, h+1, clB64URL)
	if p-(h+1) < 2 || p >= len(s) || s[p] != '.' {
		return 0, false
	}
	if !jwtHeader(s[i:h]) {
		return 0, false
	}
	end = runOf(s, p+1, clB64URL)
	// JWE: two more parts.
	for parts := 3; parts < 5 && end+1 < len(s) && s[end] == '.' && classes[s[end+1]]&clB64URL != 0; parts++ {
		end = runOf(s, end+1, clB64URL)
	}
	return end, wordEnd(s, end)
}

// jwtHeader reports whether enc decodes (base64url, no padding) to a JSON
// object with an "alg" member.
func jwtHeader(enc string) bool {
	var buf [maxJWTHeader * 3 / 4]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(enc))
	if err != nil {
		return false
	}
	h := bytes.TrimSpace(buf[:n])
	return len(h) >= 2 && h[0] == '{' && h[len(h)-1] == '}' && bytes.Contains(h, []byte(`"alg"`))
}
