package redactbench

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// TestContribPatterns checks that the contrib configuration masks one
// example of every kind otelaudit detects by default, so the benchmark
// compares equivalent work.
func TestContribPatterns(t *testing.T) {
	p, err := NewContrib(ContribConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Shutdown(context.Background())
	for _, tc := range []struct{ kind, secret string }{
		{"email", "alice.smith@example.com"},
		{"phone E.164", "+44 20 7946 0958"},
		{"phone US", "(415) 555-0198"},
		{"phone US dashes", "415-555-0198"},
		{"phone UK national", "020 7946 0958"},
		{"card spaced", "4111 1111 1111 1111"},
		{"card dashed", "5555-5555-5555-4444"},
		{"card plain", "378282246310005"},
		{"IBAN", "GB82 WEST 1234 5698 7654 32"},
		{"IBAN compact", "DE89370400440532013000"},
		{"SSN", "536-22-1234"},
		{"IPv4", "192.168.10.24"},
		{"IPv6 full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"},
		{"IPv6 compressed", "fe80::1ff:fe23:4567:890a"},
		{"JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl"},
		{"OpenAI key", "sk-proj-" + strings.Repeat("Ab3dE", 8)},
		{"AWS key id", "AKIAIOSFODNN7EXAMPLE"},
		{"GitHub token", "ghp_" + strings.Repeat("a1B2c3", 6)},
		{"Slack token", "xoxb-" + "1234567890-abcdefghijkl"},
		{"Google API key", "AIza" + strings.Repeat("Sy0_x", 7)},
		{"Stripe live key", "sk_" + "live_" + strings.Repeat("4eC39Hq", 4)},
		{"PEM private key", "-----BEGIN RSA PRIVATE KEY-----"},
		{"URL credentials", "admin:hunter2@"},
		{"password pair", "hunter2-Blue"},
		{"secret pair", "s3cr3t-value"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			text := "see " + tc.secret + " here"
			switch tc.kind {
			case "URL credentials":
				text = "connect to postgres://" + tc.secret + "db.example.com:5432/audit"
			case "password pair":
				text = "login with password=" + tc.secret + " please"
			case "secret pair":
				text = "config secret: " + tc.secret
			}
			td := ptrace.NewTraces()
			span := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
			span.Attributes().PutStr("k", text)
			if err := ContribRedact(p, td); err != nil {
				t.Fatal(err)
			}
			got, _ := span.Attributes().Get("k")
			if strings.Contains(got.Str(), tc.secret) {
				t.Errorf("contrib left %q in %q", tc.secret, got.Str())
			}
		})
	}
}
