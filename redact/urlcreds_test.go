package redact

import "testing"

func TestURLCredentials(t *testing.T) {
	runDetectorTable(t, KindURLCredentials, []detectorCase{
		{"https://user:p4ss@db.example.com/x", "user:p4ss"},
		{"postgres://admin:s3cr3t@db.internal:5432/app", "admin:s3cr3t"},
		{"clickhouse://default:secret@ch.internal:9000", "default:secret"},
		{"redis://:onlypass@cache:6379", ":onlypass"},
		{"https://u:p@ss@host.example/", "u:p@ss"},
		none("https://example.com/path?q=1"),
		none("https://alice@localhost/"),
		none("https://user:@example.com/"),
		none("https://[REDACTED:url_credentials]@example.com/"),
		none("see ://nothing"),
		none("x://[REDACTED:email]!@host"),
		none("x://[email:k1:0123456789abcdef]@host"),
	})
}
