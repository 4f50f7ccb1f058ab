package redact

import "testing"

func TestIsRedactionToken(t *testing.T) {
	tests := map[string]bool{
		"[REDACTED:email]":                  true,
		"[REDACTED:order_id]":               true,
		"[user:k1:0123456789abcdef]":        true,
		"[email:k1a2b3c4:fedcba9876543210]": true,
		"[REDACTED:]":                       false,
		"[REDACTED:Email]":                  false,
		"[user:k1:0123456789abcde]":         false,
		"[user:k1:0123456789ABCDEF]":        false,
		"[00000000:pAsswD:0]":               false,
		"[a:b]":                             false,
		"[user::0123456789abcdef]":          false,
		"REDACTED:email":                    false,
		"[REDACTED:email":                   false,
		"":                                  false,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := isRedactionToken(in); got != want {
				t.Errorf("isRedactionToken(%q) = %v", in, got)
			}
		})
	}
	// Every mask and pseudonym the package makes is a token.
	r := mustNew(t, Config{Key: testKey(t)})
	for k := Kind(1); k < numBuiltin; k++ {
		if !isRedactionToken(r.masks[k]) || !isRedactionToken(r.Pseudonym(k.String(), "v")) {
			t.Errorf("%v: token not recognised", k)
		}
	}
}
