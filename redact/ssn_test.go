package redact

import "testing"

func TestSSN(t *testing.T) {
	runDetectorTable(t, KindSSN, []detectorCase{
		same("123-45-6789"),
		same("078-05-1121"),
		same("899-99-9999"),
		{"SSN 123456789", "123456789"},
		{"social security number 123 45 6789", "123 45 6789"},
		none("000-12-3456"),
		none("666-12-3456"),
		none("900-12-3456"),
		none("999-12-3456"),
		none("123-00-6789"),
		none("123-45-0000"),
		none("123456789"),
		none("123 45 6789"),
		none("123-45-67890"),
		none("2123-45-6789"),
		none("123-456-789"),
	})
}

// TestSSNContextIdempotent checks that redacting twice equals redacting once
// around bare SSNs: the context search neither takes "ssn" from an earlier
// mask or pseudonym nor looks past one (its text had another length).
func TestSSNContextIdempotent(t *testing.T) {
	pseudo, err := New(Config{Key: testKey(t), Actions: map[string]Action{"ssn": Pseudonymize, "email": Pseudonymize}})
	if err != nil {
		t.Fatal(err)
	}
	redactors := map[string]*Redactor{"mask": Default(), "pseudonymize": pseudo}
	inputs := []string{
		"123-45-6789 234567890",
		"123-45-6789 234 56 7890",
		"ssn 123-45-6789, then 234567890",
		"ssn jane.doe.with.a.rather.long.local.part@example.com 234567890",
		`{"a":"123-45-6789 234567890"}`,
		"[REDACTED:ssn] 234567890",
		"[ssn:k1:0123456789abcdef] 234567890",
	}
	for name, r := range redactors {
		for _, in := range inputs {
			once := r.Text(in, nil)
			if twice := r.Text(once, nil); twice != once {
				t.Errorf("%s: %q: once %q, twice %q", name, in, once, twice)
			}
		}
	}
	// The context word still works through findings in unredacted text.
	r := Default()
	if got, want := r.Text("SSN 123-45-6789 and 234567890", nil), "SSN [REDACTED:ssn] and [REDACTED:ssn]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
