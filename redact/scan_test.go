package redact

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// nextEveryPosition is next without its pre-filter (nextStart and the
// shortcut at '-' and '.'): it looks at every word start and every trigger
// byte. The two must find the same.
func (d detectorSet) nextEveryPosition(s string, from int) (start, end int, k Kind) {
	for i := from; i < len(s); {
		c := s[i]
		cl := classes[c]
		after := i + 1
		switch {
		case escapedLetter(s, i) && i+1 < len(s) && isWord(s[i+1]):
			// The word starts after the escape.
		case cl&clDigit != 0 && boundary(s, i, from):
			start, end, k, skip := d.atDigit(s, i, from)
			if k != 0 {
				return start, end, k
			}
			after = max(runOf(s, i, clWord), skip)
		case cl&clWord != 0:
			j := runOf(s, i+1, clWord)
			if boundary(s, i, from) && wordCandidate(s, i, j) {
				start, end, k, skip := d.at(s, i, from)
				if k != 0 {
					return start, end, k
				}
				j = max(j, skip)
			}
			after = j
		case cl&clTrigger != 0:
			start, end, k, skip := d.at(s, i, from)
			if k != 0 {
				return start, end, k
			}
			after = max(i+1, skip)
		}
		i = after
	}
	return 0, 0, 0
}

// findingsWith returns every finding of next over s.
func findingsWith(s string, next func(string, int) (int, int, Kind)) []match {
	var out []match
	for start, end, k := next(s, 0); k != 0; start, end, k = next(s, end) {
		out = append(out, match{start: start, end: end, kind: k})
	}
	return out
}

// TestStartTableSkipsOnlyWhatFindsNothing checks that the pre-filter of next
// never hides a finding: on the fuzz seeds and on random texts made of
// detector fragments, next and nextEveryPosition agree.
func TestStartTableSkipsOnlyWhatFindsNothing(t *testing.T) {
	d := Default().on
	check := func(s string) {
		t.Helper()
		got, want := findingsWith(s, d.next), findingsWith(s, d.nextEveryPosition)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: next found %v, every position %v", s, got, want)
		}
	}
	for _, s := range fuzzSeeds() {
		check(s)
	}
	pieces := []string{
		" ", "-", "--", ".", ":", "::", "=", "@", "+", "(", ")", "[", "]", `\`, `\n`, `\b`, `"`, "_",
		"a", "b", "e", "f", "g", "n", "r", "s", "x", "y", "k", "o", "A", "G", "K", "Z",
		"0", "1", "2", "4", "9", "41", "192", "2001", "4111", "fe80", "ab", "ey", "sk", "xo", "gh",
		"ORD", "v1", "ssn ", "password", "[REDACTED:ssn]", "example.org", "-----BEGIN ", "PRIVATE KEY-----",
		// Whole findings, so that a position wrongly skipped shows.
		"4111 1111 1111 1111", "4111111111111111", "192.168.1.10", "123-45-6789", "123456789", "+44 20 7946 0958",
		"(415) 555-2671", "2001:db8::1", "fe80::1", "jane@example.org", "https://u:p@h", "password=hunter2",
		"sk-proj-Ab3dEf6hIj9kLmN0pQrSt1", "xoxb-1234567890-abc", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
		"AKIAIOSFODNN7EXAMPLE", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", testJWT,
		"rk_live_0123456789abcdef", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "+(", "(415)",
		"[password:k1:0123456789abcdef]",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b []byte
		for range rng.IntN(16) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		check(string(b))
	}
}
