package redact

import "testing"

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
