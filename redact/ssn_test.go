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
