package redact

import "testing"

func TestActionText(t *testing.T) {
	for _, a := range []Action{Mask, Pseudonymize, Drop, Keep} {
		t.Run(a.String(), func(t *testing.T) {
			b, err := a.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			var got Action
			if err := got.UnmarshalText(b); err != nil || got != a {
				t.Errorf("round trip of %v = %v, %v", a, got, err)
			}
		})
	}
	if _, err := ParseAction("shred"); err == nil {
		t.Error("ParseAction(shred) succeeded")
	}
	if _, err := Action(9).MarshalText(); err == nil {
		t.Error("MarshalText of an invalid action succeeded")
	}
	if got := Action(9).String(); got != "Action(9)" {
		t.Errorf("Action(9).String() = %q", got)
	}
}
