package redact

import "testing"

func TestCustomRules(t *testing.T) {
	r, err := New(Config{
		Key: testKey(t),
		CustomRules: []CustomRule{
			{Name: "order_id", Pattern: `ORD-\d{6}`},
			{Name: "customer", Pattern: `cust-\d{3}`, Action: Pseudonymize},
			{Name: "email", Pattern: `[a-z]+ at [a-z]+ dot com`},
			{Name: "overlap", Pattern: `example\.org now`},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	in := "ORD-123456 for cust-001: jane at example dot com, jane@example.org now."
	out, fs := findAll(r, in)
	want := "[REDACTED:order_id] for " + r.Pseudonym("customer", "cust-001") + ": [REDACTED:email], [REDACTED:email]."
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
	if len(fs) != 4 || r.KindName(fs[0].kind) != "order_id" || r.KindName(fs[1].kind) != "customer" || fs[2].kind != KindEmail {
		t.Errorf("findings = %v", fs)
	}
	// A rule whose literal prefix is absent costs no allocation.
	clean := decisionAttrs(false)[7].value
	assertNoAllocs(t, "gated custom rules", func() { r.Text(clean, nil) })
	// Empty matches are ignored.
	r2, _ := New(Config{CustomRules: []CustomRule{{Name: "empty", Pattern: `x*`}}})
	if out := r2.Text("abc", nil); out != "abc" {
		t.Errorf("empty match changed text: %q", out)
	}
	if _, drop := mustNew(t, Config{CustomRules: []CustomRule{{Name: "bad", Pattern: `forbidden`, Action: Drop}}}).Value("k", "a forbidden word", nil); !drop {
		t.Error("custom drop rule kept the attribute")
	}
}
