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

// nextStartByteByByte is nextStart without its four-at-a-time loop.
func nextStartByteByByte(s string, i int) int {
	for ; i+1 < len(s); i++ {
		if startsAt(s, i) {
			return i
		}
	}
	return len(s)
}

// TestNextStartMatchesByteByByte checks the four-at-a-time loop of nextStart
// against a test of every position: starts in each of the four lanes, at
// the block boundaries, right before the end and past it, next to non-ASCII
// bytes, from every starting position.
func TestNextStartMatchesByteByByte(t *testing.T) {
	check := func(s string) {
		t.Helper()
		for i := 1; i <= len(s); i++ {
			if got, want := nextStart(s, i), nextStartByteByByte(s, i); got != want {
				t.Fatalf("nextStart(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
	// One start (or one near miss) at every offset of a quiet text, and
	// the text cut at every length, so that each lands in every lane and
	// in the byte-at-a-time tail.
	quiet := "the quick brown fox jumps over the lazy dog and then some more"
	for _, piece := range []string{
		"4", "@", ":", "=", "[", "+4", "(4", "(", "--", "-5", " .5", "\\n", "sk", "ey", "gh", "gi", "xo", "AB", "rk",
		"a4", "b.5", "x-5", "Ab", "e", "s", "é", "\xff", "\x80", "4\xc3",
	} {
		for at := 0; at <= 12; at++ {
			s := quiet[:at] + piece + quiet[at:]
			for n := 0; n <= len(s); n++ {
				check(s[:n])
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "  aeegkorsxyABZ019-.:=@[(+\\ntb\xc3\xa9\x80"
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for k := range b {
			b[k] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
}

// TestIPv6HeadAfter checks ipv6HeadAfter against ipv6Head wherever a hex
// run starts, for every known part s[i:e] of the run.
func TestIPv6HeadAfter(t *testing.T) {
	for _, s := range []string{
		"1:", "12:", "123:", "1234:", "12345:", "1a:", "12ab:", "12abc:", "1ab2:", "1abcd:", "2001:db8::1", "1",
		"12", "1234", "12 :", "1g:", "1::", "x1:", "99999", "1:2:3", "0db8:", "1\xff:", "fe80::1", "abcd:", "abcde:", "::1",
	} {
		for i := 0; i < len(s); i++ {
			for e := i + 1; e <= runOf(s, i, clHex); e++ {
				if got, want := ipv6HeadAfter(s, i, e), ipv6Head(s, i); got != want {
					t.Errorf("ipv6HeadAfter(%q, %d, %d) = %v, ipv6Head says %v", s, i, e, got, want)
				}
			}
		}
	}
}
