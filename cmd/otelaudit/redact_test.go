package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runWithStdin runs the CLI with input on standard input.
func runWithStdin(t *testing.T, input string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

const redactInput = "Order 12345, shipped 2026-12-01, total $19.99.\n" +
	"Contact ada.lovelace@example.com or +44 20 7946 0958.\r\n" +
	"Pay with 4111 1111 1111 1111; key sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789.\n" +
	"\tindented line stays as it is\n" +
	"no newline at the end"

func TestRedactKeepsEverythingElseByteForByte(t *testing.T) {
	r := runWithStdin(t, redactInput, "redact")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := "Order 12345, shipped 2026-12-01, total $19.99.\n" +
		"Contact [REDACTED:email] or [REDACTED:phone].\r\n" +
		"Pay with [REDACTED:card]; key [REDACTED:api_key].\n" +
		"\tindented line stays as it is\n" +
		"no newline at the end"
	if r.stdout != want {
		t.Errorf("redact output:\n%q\nwant:\n%q", r.stdout, want)
	}
}

func TestRedactExplainListsKindsNotValues(t *testing.T) {
	r := runWithStdin(t, redactInput, "redact", "--explain")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"email\tbytes 55-79\tline 2 col 9", "phone\t", "card\t", "api_key\t"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--explain output lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, secret := range []string{"ada.lovelace", "4111", "sk-proj", "7946"} {
		if strings.Contains(r.stderr, secret) {
			t.Errorf("--explain shows the value %q", secret)
		}
	}
}

func TestRedactPseudonymsAreStableAndComputable(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("k1:0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	first := runWithStdin(t, "mail ada@example.com\n", "redact", "--key-file", keyFile)
	second := runWithStdin(t, "again ada@example.com\n", "redact", "--key-file", keyFile)
	if first.code != 0 || second.code != 0 {
		t.Fatalf("exit %d/%d: %s %s", first.code, second.code, first.stderr, second.stderr)
	}
	token := strings.TrimPrefix(strings.TrimSpace(first.stdout), "mail ")
	if strings.Contains(token, "ada@example.com") || !strings.Contains(second.stdout, token) {
		t.Fatalf("pseudonyms differ or leak: %q then %q", first.stdout, second.stdout)
	}
	computed := runWithStdin(t, "", "redact", "--key-file", keyFile, "--pseudonym", "ada@example.com", "--kind", "email")
	if strings.TrimSpace(computed.stdout) != token {
		t.Errorf("--pseudonym gives %q, the stream has %q", strings.TrimSpace(computed.stdout), token)
	}
	if strings.Contains(first.stderr+computed.stderr, "0123456789abcdef") {
		t.Error("key material was printed")
	}
}

func TestRedactKeepsTheLineStructureOfMultiLineSecrets(t *testing.T) {
	in := "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabcdef==\n-----END RSA PRIVATE KEY-----\nafter ada@example.com\n"
	r := runWithStdin(t, in, "redact")
	want := "before\n[REDACTED:private_key]\n\n\n\nafter [REDACTED:email]\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d, output %q, want %q", r.code, r.stdout, want)
	}
	if strings.Count(r.stdout, "\n") != strings.Count(in, "\n") {
		t.Error("the line count changed")
	}
}
