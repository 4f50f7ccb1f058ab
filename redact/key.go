package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// minKeyBytes is the least key material accepted: 128 bits.
const minKeyBytes = 16

// maxKeyIDLen bounds a key id, which appears in every pseudonym.
const maxKeyIDLen = 32

// Key is the secret for keyed pseudonyms (HMAC-SHA-256). ID names it in every
// pseudonym, so tokens made with different keys never collide silently and a
// key can be rotated.
//
// The material never appears in String, GoString, any fmt verb, or an error
// from this package.
type Key struct {
	// ID names the key in pseudonyms: letters, digits, '.', '_' and '-', at
	// most 32 characters.
	ID       string
	material []byte
}

// NewKey returns a key with the given id and a copy of material, which must be
// at least 16 bytes.
func NewKey(id string, material []byte) (*Key, error) {
	if err := validKeyID(id); err != nil {
		return nil, err
	}
	if len(material) < minKeyBytes {
		return nil, fmt.Errorf("redact: key %q: key material is too short: need at least %d bytes", id, minKeyBytes)
	}
	return &Key{ID: id, material: bytes.Clone(material)}, nil
}

// LoadKey reads key material from the file at path. Surrounding whitespace
// (such as the newline of `openssl rand -hex 32 > key`) is trimmed; what
// remains is used as is and must be at least 16 bytes. The key id is derived
// from the material (see fingerprintID), so every process loading the same
// file makes the same pseudonyms.
func LoadKey(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("redact: reading key file: %w", err)
	}
	k, err := keyFromMaterial(bytes.TrimSpace(b))
	if err != nil {
		return nil, fmt.Errorf("redact: key file %q: %w", path, err)
	}
	return k, nil
}

// KeyFromEnv reads key material from the environment variable name (for
// example OTELAUDIT_REDACTION_KEY), trimmed of surrounding whitespace; the
// key id is derived from the material as in LoadKey.
func KeyFromEnv(name string) (*Key, error) {
	v, ok := os.LookupEnv(name)
	if !ok {
		return nil, fmt.Errorf("redact: environment variable %s is not set", name)
	}
	k, err := keyFromMaterial(bytes.TrimSpace([]byte(v)))
	if err != nil {
		return nil, fmt.Errorf("redact: environment variable %s: %w", name, err)
	}
	return k, nil
}

// errShortKey is returned for key material under minKeyBytes.
var errShortKey = fmt.Errorf("key material is too short: need at least %d bytes", minKeyBytes)

// keyFromMaterial builds a key whose id is the fingerprint of material.
func keyFromMaterial(material []byte) (*Key, error) {
	if len(material) < minKeyBytes {
		return nil, errShortKey
	}
	return &Key{ID: fingerprintID(material), material: bytes.Clone(material)}, nil
}

// fingerprintID derives a key id from key material: "k" and the first 8 hex
// digits of SHA-256 over a fixed label and the material. It identifies the key
// without revealing anything usable about it.
func fingerprintID(material []byte) string {
	h := sha256.New()
	h.Write([]byte("otelaudit redaction key id\x00"))
	h.Write(material)
	return "k" + hex.EncodeToString(h.Sum(nil)[:4])
}

// validKeyID checks a key id.
func validKeyID(id string) error {
	if id == "" {
		return errors.New("redact: key id is empty")
	}
	if len(id) > maxKeyIDLen {
		return fmt.Errorf("redact: key id %q is longer than %d characters", id, maxKeyIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if classes[c]&clWord == 0 && c != '.' && c != '-' {
			return fmt.Errorf("redact: key id %q: only letters, digits, '.', '_' and '-' are allowed", id)
		}
	}
	return nil
}

// String returns "redact.Key(id)"; never the material.
func (k Key) String() string { return "redact.Key(" + k.ID + ")" }

// GoString is like String, so %#v does not show the material either.
func (k Key) GoString() string { return k.String() }

// Format prints String for every verb, so no fmt verb shows the material.
func (k Key) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(k.String())) }
