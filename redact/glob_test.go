package redact

import (
	"fmt"
	"path"
	"strings"
	"testing"
)

func TestGlobMatchesLikePathMatch(t *testing.T) {
	patterns := []string{"user.id", "gen_ai.agent.*", "service.*", "*", "*.id", "gen_ai.?sage.*", "a[bc].x", `a\*b`, "telemetry.sdk.*"}
	keys := []string{"user.id", "user.ids", "gen_ai.agent.name", "gen_ai.agent.", "gen_ai.agent", "gen_ai.agent.x.y", "gen_ai.agent/x",
		"service.name", "service", "x.id", "ab.x", "ad.x", "a*b", "axb", "gen_ai.usage.input_tokens", "", "telemetry.sdk.language"}
	for _, p := range patterns {
		g, err := compileGlob(p)
		if err != nil {
			t.Fatalf("compileGlob(%q): %v", p, err)
		}
		for _, k := range keys {
			t.Run(p+"|"+k, func(t *testing.T) {
				want, _ := path.Match(p, k)
				if got := g.match(k); got != want {
					t.Errorf("match(%q, %q) = %v, path.Match says %v", p, k, got, want)
				}
			})
		}
	}
}

func TestGlobBadPattern(t *testing.T) {
	if _, err := compileGlob("a[b"); err == nil {
		t.Error("compileGlob(a[b) succeeded")
	}
}

func TestGlobSet(t *testing.T) {
	var s globSet
	for _, p := range []string{"a.b", "c.*"} {
		if err := s.add(p); err != nil {
			t.Fatal(err)
		}
	}
	for key, want := range map[string]bool{"a.b": true, "c.d": true, "a.c": false, "c": false} {
		if got := s.match(key); got != want {
			t.Errorf("match(%q) = %v", key, got)
		}
	}
}

// TestGlobSetManyExact checks the exact patterns listed by length against
// those beyond the list (too many of one length, too long) and the map:
// every pattern matches itself and only itself.
func TestGlobSetManyExact(t *testing.T) {
	var s globSet
	var patterns []string
	for i := range 20 {
		patterns = append(patterns, fmt.Sprintf("key.%02d", i)) // 20 of one length
	}
	patterns = append(patterns, "", "x", strings.Repeat("k", maxListedKey-1), strings.Repeat("k", maxListedKey), strings.Repeat("k", 300))
	for _, p := range patterns {
		if err := s.add(p); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.exact) == 0 {
		t.Fatal("no pattern went to the map")
	}
	for _, p := range patterns {
		if !s.match(p) {
			t.Errorf("match(%q) = false", p)
		}
	}
	for _, k := range []string{"key.20", "key.0", "key.001", "y", "k", strings.Repeat("k", maxListedKey+1), strings.Repeat("k", 299)} {
		if s.match(k) {
			t.Errorf("match(%q) = true", k)
		}
	}
}
