package redact

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testMaterial = "0123456789abcdef-very-secret-material"

func TestKeyNeverShowsMaterial(t *testing.T) {
	k, err := NewKey("k1", []byte(testMaterial))
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{k.String(), k.GoString()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"} {
		outs = append(outs, fmt.Sprintf(verb, k), fmt.Sprintf(verb, *k))
	}
	outs = append(outs, fmt.Sprint(k), fmt.Sprintln(*k), fmt.Sprintf("%v", []*Key{k}), fmt.Sprintf("%+v", struct{ K *Key }{k}))
	for _, s := range outs {
		if strings.Contains(s, "secret") || strings.Contains(s, "0123456789") || strings.Contains(s, "30313233") {
			t.Errorf("key output shows material: %q", s)
		}
	}
	if got := fmt.Sprint(k); got != "redact.Key(k1)" {
		t.Errorf("fmt.Sprint(key) = %q", got)
	}
}

func TestKeyErrorsNeverShowMaterial(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("tiny-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("REDACT_TEST_SHORT", "tiny-secret")
	errs := []error{}
	_, err := LoadKey(short)
	errs = append(errs, err)
	_, err = LoadKey(filepath.Join(dir, "missing"))
	errs = append(errs, err)
	_, err = KeyFromEnv("REDACT_TEST_SHORT")
	errs = append(errs, err)
	_, err = KeyFromEnv("REDACT_TEST_UNSET_VARIABLE")
	errs = append(errs, err)
	_, err = NewKey("k1", []byte("tiny-secret"))
	errs = append(errs, err)
	_, err = NewKey("bad id!", []byte(testMaterial))
	errs = append(errs, err)
	_, err = NewKey("", []byte(testMaterial))
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		if strings.Contains(err.Error(), "tiny-secret") || strings.Contains(err.Error(), "very-secret") {
			t.Errorf("case %d: error shows material: %v", i, err)
		}
	}
	if !errors.Is(errs[1], os.ErrNotExist) {
		t.Errorf("missing key file error does not wrap os.ErrNotExist: %v", errs[1])
	}
}

func TestLoadKeyAndEnvAgree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte(testMaterial+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OTELAUDIT_REDACTION_KEY", testMaterial)
	fk, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := KeyFromEnv("OTELAUDIT_REDACTION_KEY")
	if err != nil {
		t.Fatal(err)
	}
	if fk.ID != ek.ID || !strings.HasPrefix(fk.ID, "k") || len(fk.ID) != 9 {
		t.Errorf("ids %q and %q", fk.ID, ek.ID)
	}
	rf, _ := New(Config{Key: fk})
	re, _ := New(Config{Key: ek})
	if a, b := rf.Pseudonym("email", "a@b.example"), re.Pseudonym("email", "a@b.example"); a != b {
		t.Errorf("pseudonyms differ: %q %q", a, b)
	}
}

func TestPseudonym(t *testing.T) {
	k, _ := NewKey("k1", []byte(testMaterial))
	r, err := New(Config{Key: k})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Pseudonym("user", "cust-001")
	if !strings.HasPrefix(p, "[user:k1:") || len(p) != len("[user:k1:]")+16 {
		t.Errorf("Pseudonym = %q", p)
	}
	if p != r.Pseudonym("user", "cust-001") {
		t.Error("pseudonym not stable")
	}
	if p == r.Pseudonym("user", "cust-002") {
		t.Error("different values, same pseudonym")
	}
	k2, _ := NewKey("k1", []byte(testMaterial+"x"))
	r2, _ := New(Config{Key: k2})
	if p == r2.Pseudonym("user", "cust-001") {
		t.Error("different keys, same pseudonym")
	}
	if got := Default().Pseudonym("user", "cust-001"); got != "[REDACTED:user]" {
		t.Errorf("keyless Pseudonym = %q", got)
	}
}
