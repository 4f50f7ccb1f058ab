package redact

import (
	"strings"
	"testing"
)

func TestTruncate(t *testing.T) {
	r, err := New(Config{MaxValueBytes: 40})
	if err != nil {
		t.Fatal(err)
	}
	// A card straddles the cut: it must be redacted, never half kept.
	in := strings.Repeat("a", 30) + " 4111 1111 1111 1111 " + strings.Repeat("é", 20)
	out, _ := r.Value("msg", in, nil)
	if strings.Contains(out, "4111") || strings.Contains(out, "1111") {
		t.Errorf("part of a card survived the cut: %q", out)
	}
	want := strings.Repeat("a", 30) + " [REDACTED" + "…[TRUNCATED: original 91 bytes]"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
	// The cut never splits a rune.
	out, _ = r.Value("msg", strings.Repeat("é", 50), nil)
	if !strings.HasPrefix(out, strings.Repeat("é", 20)+"…[TRUNCATED: original 100 bytes]") {
		t.Errorf("rune cut: %q", out)
	}
	// Short values and disabled caps are left alone.
	if out, _ := r.Value("msg", "short", nil); out != "short" {
		t.Error("short value changed")
	}
	off, _ := New(Config{MaxValueBytes: -1})
	long := strings.Repeat("x", DefaultMaxValueBytes+10)
	if out, _ := off.Value("msg", long, nil); out != long {
		t.Error("cap off still cut")
	}
	if out, _ := Default().Value("msg", long, nil); len(out) > DefaultMaxValueBytes+64 {
		t.Errorf("default cap not applied: %d bytes", len(out))
	}
}
