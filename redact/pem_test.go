package redact

import (
	"strings"
	"testing"
)

const testPEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm\n-----END RSA PRIVATE KEY-----"

func TestPrivateKey(t *testing.T) {
	runDetectorTable(t, KindPrivateKey, []detectorCase{
		same(testPEM),
		same(strings.ReplaceAll(testPEM, "RSA ", "")),
		same(strings.ReplaceAll(testPEM, "RSA", "OPENSSH")),
		same(strings.ReplaceAll(testPEM, "\n", `\n`)),
		none("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
		none("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"),
		none("----- BEGIN -----"),
	})
}

func TestPrivateKeyWithoutEnd(t *testing.T) {
	r := Default()
	in := "key: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n(truncated"
	out, fs := findAll(r, in)
	if out != "key: [REDACTED:private_key]" || len(fs) != 1 {
		t.Errorf("Text = %q, %v", out, fs)
	}
}

// TestPrivateKeyLabelWithMask checks that redacting twice equals redacting
// once when a password value sat inside what looks like a BEGIN line (found
// by FuzzValueJSON): the mask must not turn the line into a PEM header.
func TestPrivateKeyLabelWithMask(t *testing.T) {
	r := Default()
	in := "-----BEGIN pwd:----- PRIVATE KEY-----"
	once := r.Text(in, nil)
	if twice := r.Text(once, nil); twice != once {
		t.Errorf("once %q, twice %q", once, twice)
	}
}
