package redact

import "testing"

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{KindEmail, "email"},
		{KindPhone, "phone"},
		{KindCard, "card"},
		{KindIBAN, "iban"},
		{KindSSN, "ssn"},
		{KindIPv4, "ipv4"},
		{KindIPv6, "ipv6"},
		{KindJWT, "jwt"},
		{KindAPIKey, "api_key"},
		{KindPrivateKey, "private_key"},
		{KindURLCredentials, "url_credentials"},
		{KindPassword, "password"},
		{KindSecret, "secret"},
		{KindAttribute, "attribute"},
		{firstCustom, "custom_0"},
		{firstCustom + 3, "custom_3"},
		{0, "unknown"},
		{numBuiltin, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("Kind(%d).String() = %q, want %q", tt.kind, got, tt.want)
			}
		})
	}
}

func TestParseKind(t *testing.T) {
	for k := Kind(1); k < numBuiltin; k++ {
		t.Run(k.String(), func(t *testing.T) {
			got, err := ParseKind(k.String())
			if err != nil || got != k {
				t.Errorf("ParseKind(%q) = %v, %v; want %v", k.String(), got, err, k)
			}
		})
	}
	if _, err := ParseKind("nope"); err == nil {
		t.Error("ParseKind(nope) succeeded")
	}
}
