package redact

import (
	"errors"
	"regexp/syntax"
	"strings"
	"testing"
)

func testKey(t testing.TB) *Key {
	t.Helper()
	k, err := NewKey("k1", []byte(testMaterial))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestValueCleanIsSameStringWithoutAllocation(t *testing.T) {
	r := Default()
	for _, a := range decisionAttrs(false) {
		assertNoAllocs(t, a.key, func() {
			var sum Summary
			out, drop := r.Value(a.key, a.value, &sum)
			if drop || out != a.value || sum.Count() != 0 {
				t.Fatalf("%s: changed: %q %v %d", a.key, out, drop, sum.Count())
			}
		})
	}
}

func TestValuePII(t *testing.T) {
	r := Default()
	var sum Summary
	for _, a := range decisionAttrs(true) {
		out, _ := r.Value(a.key, a.value, &sum)
		for _, pii := range []string{"sam.taylor@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "GB82 WEST 1234 5698 7654 32"} {
			if strings.Contains(out, pii) {
				t.Errorf("%s still holds %q", a.key, pii)
			}
		}
	}
	if got := strings.Join(sum.Kinds(), ","); got != "card,email,iban,phone" || sum.Count() != 4 {
		t.Errorf("summary = %d %s", sum.Count(), got)
	}
}

func TestAllowKeys(t *testing.T) {
	pii := "jane@example.org"
	r, err := New(Config{AllowKeys: []string{"app.note.*"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"gen_ai.conversation.id", "audit.decision.id", "gen_ai.agent.description", "gen_ai.usage.input_tokens", "service.name", "telemetry.sdk.name", "error.type", "audit.redaction.kinds", "app.note.x"} {
		if out, _ := r.Value(key, pii, nil); out != pii {
			t.Errorf("allowed key %s was redacted", key)
		}
	}
	for _, key := range []string{"user.id", "gen_ai.input.messages", "app.notes", "gen_ai.conversation"} {
		if out, _ := r.Value(key, pii, nil); out == pii {
			t.Errorf("key %s was not scanned", key)
		}
	}
	r2, _ := New(Config{DisableDefaultAllowKeys: true})
	if out, _ := r2.Value("service.name", pii, nil); out == pii {
		t.Error("DisableDefaultAllowKeys kept the defaults")
	}
}

func TestKeyRules(t *testing.T) {
	r, err := New(Config{
		Key: testKey(t),
		KeyRules: []KeyRule{
			{Key: "user.id", Action: Pseudonymize, Name: "user"},
			{Key: "app.secret.*", Action: Mask},
			{Key: "app.drop", Action: Drop},
			{Key: "app.keep", Action: Keep},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum Summary
	out, drop := r.Value("user.id", "cust-001", &sum)
	if drop || out != r.Pseudonym("user", "cust-001") || !strings.HasPrefix(out, "[user:k1:") {
		t.Errorf("user.id -> %q %v", out, drop)
	}
	if out, _ := r.Value("app.secret.x", "anything", &sum); out != "[REDACTED:attribute]" {
		t.Errorf("mask rule -> %q", out)
	}
	if _, drop := r.Value("app.drop", "x", &sum); !drop {
		t.Error("drop rule kept the attribute")
	}
	if out, _ := r.Value("app.keep", "jane@example.org", &sum); out != "jane@example.org" {
		t.Error("keep rule scanned")
	}
	if got := strings.Join(sum.Kinds(), ","); got != "attribute,user" || sum.Count() != 3 {
		t.Errorf("summary = %d %s", sum.Count(), got)
	}
}

func TestActions(t *testing.T) {
	r, err := New(Config{Key: testKey(t), Actions: map[string]Action{"email": Pseudonymize, "card": Drop, "ipv4": Keep}})
	if err != nil {
		t.Fatal(err)
	}
	out, drop := r.Value("msg", "mail jane@example.org from 10.0.0.1", nil)
	if drop || out != "mail "+r.Pseudonym("email", "jane@example.org")+" from 10.0.0.1" {
		t.Errorf("got %q %v", out, drop)
	}
	if _, drop := r.Value("msg", "card 4111111111111111", nil); !drop {
		t.Error("card did not drop the attribute")
	}
	if out := r.Text("card 4111111111111111", nil); out != "card [REDACTED:card]" {
		t.Errorf("Text with a drop action = %q", out)
	}
	if _, drop := r.Value("msg", `{"card_number":"4111"}`, nil); !drop {
		t.Error("card field in JSON did not drop the attribute")
	}
}

func TestDisableDefaults(t *testing.T) {
	r, err := New(Config{DisableDefaults: true, Actions: map[string]Action{"email": Mask}})
	if err != nil {
		t.Fatal(err)
	}
	in := "jane@example.org 4111111111111111 password=x"
	if out := r.Text(in, nil); out != "[REDACTED:email] 4111111111111111 password=x" {
		t.Errorf("Text = %q", out)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"bad pattern", Config{CustomRules: []CustomRule{{Name: "a", Pattern: "x"}, {Name: "b", Pattern: "x"}, {Name: "c", Pattern: "("}}}, []string{"redact: CustomRules[2].Pattern: "}},
		{"bad rule name", Config{CustomRules: []CustomRule{{Name: "Bad Name", Pattern: "x"}}}, []string{"CustomRules[0].Name"}},
		{"keep custom", Config{CustomRules: []CustomRule{{Name: "x", Pattern: "x", Action: Keep}}}, []string{"CustomRules[0].Action"}},
		{"pseudonym custom without key", Config{CustomRules: []CustomRule{{Name: "order", Pattern: "x", Action: Pseudonymize}}}, []string{"CustomRules[0] (order): action pseudonymize needs a key", "OTELAUDIT_REDACTION_KEY"}},
		{"pseudonym key rule without key", Config{KeyRules: []KeyRule{{Key: "user.id", Action: Pseudonymize}}}, []string{"KeyRules[0] (user.id): action pseudonymize needs a key", "redact.LoadKey"}},
		{"pseudonym action without key", Config{Actions: map[string]Action{"email": Pseudonymize}}, []string{`Actions["email"]: action pseudonymize needs a key`}},
		{"unknown kind", Config{Actions: map[string]Action{"mail": Mask}}, []string{`Actions["mail"]: unknown kind`}},
		{"invalid action", Config{Actions: map[string]Action{"email": Action(7)}}, []string{`Actions["email"]: invalid action`}},
		{"bad key glob", Config{KeyRules: []KeyRule{{Key: "a[", Action: Mask}}}, []string{"KeyRules[0].Key"}},
		{"bad allow glob", Config{AllowKeys: []string{"ok", "a["}}, []string{"AllowKeys[1]"}},
		{"zero key", Config{Key: &Key{ID: "x"}}, []string{"Key: not made by NewKey"}},
		{"all reported", Config{AllowKeys: []string{"a["}, KeyRules: []KeyRule{{Key: "b[", Action: Mask}}}, []string{"AllowKeys[0]", "KeyRules[0].Key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestConfigErrorWrapsRegexpError(t *testing.T) {
	_, err := New(Config{CustomRules: []CustomRule{{Name: "a", Pattern: "("}}})
	var target *syntax.Error
	if !errors.As(err, &target) || target.Code != syntax.ErrMissingParen {
		t.Errorf("error = %v", err)
	}
}

func mustNew(t *testing.T, cfg Config) *Redactor {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRedactTwiceFindsNothingNew(t *testing.T) {
	r := mustNew(t, Config{Key: testKey(t), Actions: map[string]Action{"email": Pseudonymize}})
	for _, a := range decisionAttrs(true) {
		once, _ := r.Value(a.key, a.value, nil)
		var sum Summary
		twice, _ := r.Value(a.key, once, &sum)
		if twice != once || sum.Count() != 0 {
			t.Errorf("%s: second pass found %v", a.key, sum.Kinds())
		}
	}
	in := "password=hunter2 https://u:p@h.example token: x"
	once := r.Text(in, nil)
	if twice := r.Text(once, nil); twice != once {
		t.Errorf("second pass changed %q to %q", once, twice)
	}
	// Pseudonyms are opaque, even when their kind is a secret-like key.
	all := mustNew(t, Config{Key: testKey(t), Actions: map[string]Action{"password": Pseudonymize, "card": Pseudonymize}})
	once = all.Text("password=hunter2 card 4111111111111111", nil)
	n := 0
	all.Text(once, func(Finding) { n++ })
	if n != 0 {
		t.Errorf("second pass over %q found %d", once, n)
	}
}
