package redact

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	runDetectorTable(t, KindEmail, []detectorCase{
		same("john.doe@example.com"),
		same("jane_o+tag@mail.example.co.uk"),
		same("A.B-C%d@Sub-Domain.Example.ORG"),
		same("x@ab.io"),
		same("user123@example-mail.com"),
		{"mailto:sam@example.com", "sam@example.com"},
		{"<sam@example.com>", "sam@example.com"},
		{"...sam@example.com.", "sam@example.com"},
		none("@example.com"),
		none("user@localhost"),
		none("user@example"),
		none("user@example.c"),
		none("user@example.c0m"),
		none("user@-example.com"),
		none("a..b@example.com"),
		none("user.@example.com"),
		none("@handle on twitter"),
		none("price @ 5 EUR"),
	})
}

// TestEmailLongLocalPartTakenWhole checks that redacting twice equals
// redacting once around a local part over 64 bytes (found by FuzzValueJSON:
// the digits left before the mask made "010 0000000" a phone number).
func TestEmailLongLocalPartTakenWhole(t *testing.T) {
	r := Default()
	in := "010 " + strings.Repeat("0", 70) + "@0.AA"
	once := r.Text(in, nil)
	if once != "010 [REDACTED:email]" {
		t.Errorf("once = %q", once)
	}
	if twice := r.Text(once, nil); twice != once {
		t.Errorf("once %q, twice %q", once, twice)
	}
}

// TestEmailDomainBeforeMask checks that redacting twice equals redacting
// once when what followed a domain-like name was masked (found by
// FuzzValueJSON: "0@0.AA.eyJ..." is no address, "0@0.AA.[REDACTED:jwt]"
// would be one).
func TestEmailDomainBeforeMask(t *testing.T) {
	r := Default()
	for _, in := range []string{"0@0.AA.eyJhbGci0019.00.", "jane@example.GB82WEST12345698765432", "jane@example.org.GB82WEST12345698765432"} {
		once := r.Text(in, nil)
		if twice := r.Text(once, nil); twice != once {
			t.Errorf("%q: once %q, twice %q", in, once, twice)
		}
	}
}
