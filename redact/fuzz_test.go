package redact

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are inputs for every fuzz target: the detector positives and
// look-alikes and the benchmark span's values.
func fuzzSeeds() []string {
	seeds := []string{
		"", "jane@example.org", "4111 1111 1111 1111", "+44 20 7946 0958", "(415) 555-2671", "GB82 WEST 1234 5698 7654 32",
		"123-45-6789", "SSN 123456789", "192.168.1.10", "2001:db8::1", "::ffff:192.0.2.1", testJWT, testPEM,
		"sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz012345678 AKIAIOSFODNN7EXAMPLE ghp_16C7e42F292c6912E7710c838347Ae178B4a",
		"https://user:p4ss@db.example.com/x", "password=hunter2 Authorization: Bearer abc", `{"password":"x","a":[1,"jane@example.org"]}`,
		`{"c":"\n\u00e9 jane@example.org \ud83d\ude00"}`, "v1.2.3.4 2024-01-15 10:30:00 550e8400-e29b-41d4-a716-446655440000",
		"password=[REDACTED:password] token: [x:k1:0123456789abcdef]",
		"123-45-6789 234567890", "ssn jane.doe.with.a.rather.long.local.part@example.com 234 56 7890",
	}
	for _, a := range decisionAttrs(true) {
		seeds = append(seeds, a.value)
	}
	return seeds
}

// fuzzRedactor has every feature on: a custom rule, a pseudonymizing kind,
// no size cap (checked separately).
func fuzzRedactor(t testing.TB) *Redactor {
	k, err := NewKey("fz", []byte(testMaterial))
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{
		Key:           k,
		MaxValueBytes: -1,
		Actions:       map[string]Action{"phone": Pseudonymize},
		CustomRules:   []CustomRule{{Name: "order", Pattern: `ORD-[0-9]{4,}`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tokenPattern matches masks and pseudonyms.
var tokenPattern = regexp.MustCompile(`\[(REDACTED:[a-z0-9_.-]+|[a-z0-9_.-]+:[A-Za-z0-9_.-]+:[0-9a-f]{16})\]`)

// countOutsideTokens counts v in the text of s between masks and pseudonyms,
// so that a found value which is part of a mask's text ("[REDAC"), or which
// only appears across the place of a mask, is not taken as leaked.
func countOutsideTokens(s, v string) int {
	n := 0
	for _, part := range tokenPattern.Split(s, -1) {
		n += strings.Count(part, v)
	}
	return n
}

// withoutCutToken drops the truncation marker and a mask or pseudonym the
// size cap cut in half ("...[REDACTED:secr…[TRUNCATED: ...]").
func withoutCutToken(s string) string {
	i := strings.LastIndex(s, "…[TRUNCATED: original ")
	if i < 0 {
		return s
	}
	s = s[:i]
	if open := strings.LastIndexByte(s, '['); open >= 0 && open > strings.LastIndexByte(s, ']') {
		s = s[:open]
	}
	return s
}

// checkOutput checks the properties every redaction must have.
func checkOutput(t *testing.T, r *Redactor, in, out string, fs []Finding) {
	t.Helper()
	if utf8.ValidString(in) && !utf8.ValidString(out) {
		t.Fatalf("output is not valid UTF-8: %q -> %q", in, out)
	}
	for _, f := range fs {
		if f.Start < 0 || f.End > len(in) || f.Start >= f.End {
			t.Fatalf("finding %v out of range for %q", f, in)
		}
		v := in[f.Start:f.End]
		if len(v) >= 6 && countOutsideTokens(out, v) >= strings.Count(in, v) {
			t.Fatalf("found %s %q is still in the output\n in: %q\nout: %q", r.KindName(f.Kind), v, in, out)
		}
	}
	// JSON mode covers objects and arrays; a bare JSON scalar is text.
	if looksLikeJSON(in) && json.Valid([]byte(in)) && !json.Valid([]byte(out)) {
		t.Fatalf("JSON became invalid: %q -> %q", in, out)
	}
	// A second pass finds nothing new.
	var again []Finding
	twice := r.Text(out, func(f Finding) { again = append(again, f) })
	if len(again) != 0 {
		t.Fatalf("second pass found %v in %q (input %q); gives %q", again, out, in, twice)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	r := fuzzRedactor(f)
	f.Fuzz(func(t *testing.T, in string) {
		var fs []Finding
		out := r.Text(in, func(f Finding) { fs = append(fs, f) })
		if len(fs) == 0 && out != in {
			t.Fatalf("changed without findings: %q -> %q", in, out)
		}
		checkOutput(t, r, in, out, fs)
	})
}

func FuzzValueJSON(f *testing.F) {
	for _, s := range fuzzSeeds() {
		b, _ := json.Marshal(map[string]any{"content": s, "password": s, "n": []any{1.5, s}})
		f.Add(string(b))
	}
	r := fuzzRedactor(f)
	f.Fuzz(func(t *testing.T, in string) {
		var fs []Finding
		out := r.Text(in, func(f Finding) { fs = append(fs, f) })
		checkOutput(t, r, in, out, fs)
		// Value agrees with Text.
		var sum Summary
		vout, drop := r.Value("gen_ai.input.messages", in, &sum)
		if drop || vout != out || sum.Count() != len(fs) {
			t.Fatalf("Value = %q %v %d, Text = %q %d", vout, drop, sum.Count(), out, len(fs))
		}
	})
}

func FuzzValue(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add("msg", s, 64)
		f.Add("user.id", s, 0)
	}
	k, _ := NewKey("fz", []byte(testMaterial))
	f.Fuzz(func(t *testing.T, key, in string, max int) {
		r, err := New(Config{Key: k, MaxValueBytes: max % 4096, KeyRules: []KeyRule{{Key: "user.*", Action: Pseudonymize}}})
		if err != nil {
			t.Fatal(err)
		}
		out, drop := r.Value(key, in, nil)
		if drop {
			t.Fatal("no rule drops")
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("output is not valid UTF-8: %q", out)
		}
		if r.maxValue > 0 && len(out) > r.maxValue+len("…[TRUNCATED: original  bytes]")+20 {
			t.Fatalf("output of %d bytes over the cap %d", len(out), r.maxValue)
		}
		if !r.allow.match(key) && r.keyRule(key) == nil {
			// What Text finds is gone from Value's output too.
			r.Text(in, func(f Finding) {
				if v := in[f.Start:f.End]; len(v) >= 6 && countOutsideTokens(withoutCutToken(out), v) >= strings.Count(in, v) {
					t.Fatalf("found %q is still in the output %q", v, out)
				}
			})
		}
	})
}
