package redact

import "testing"

func TestPassword(t *testing.T) {
	runDetectorTable(t, KindPassword, []detectorCase{
		{"password=hunter2", "hunter2"},
		{"PASSWORD: hunter2", "hunter2"},
		{"db_password = 's3cr3t value'", "s3cr3t value"},
		{`"password": "hunter2"`, "hunter2"},
		{"passwd:hunter2;", "hunter2"},
		{"pwd=abc&user=x", "abc"},
		{"user.passphrase: correct-horse", "correct-horse"},
		{`log {\"user\":\"sam\",\"password\":\"hunter 2\"}`, "hunter 2"},
		{`{\"password\": \"x\"}`, "x"},
		none("password=[REDACTED:password]"),
		none(`"password": "[REDACTED:password]"`),
		none("password"),
		none("password: "),
		none("if password == other"),
		none("bypass=1"),
	})
}

func TestSecret(t *testing.T) {
	runDetectorTable(t, KindSecret, []detectorCase{
		{"secret: abc", "abc"},
		{"client_secret=abc123", "abc123"},
		{"api_key=abc123", "abc123"},
		{"X-API-Key: abc123", "abc123"},
		{"apiKey: 'abc123'", "abc123"},
		{"access_token=abc.def", "abc.def"},
		{"token: 123", "123"},
		{"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI/K7MDENG"},
		{"Authorization: Bearer abc.def-ghi", "Bearer abc.def-ghi"},
		{"https://api.example.com/v1?api_key=abc123&x=1", "abc123"},
		none("max_tokens=100"),
		none("input_tokens: 412"),
		none("tokens: 412"),
		none("token: [REDACTED:secret]"),
		none("key=value"),
		none("x => y"),
	})
}

func TestSensitiveName(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
	}{
		{"password", KindPassword}, {"DB_PASSWORD", KindPassword}, {"userPassword", KindPassword}, {"passwd", KindPassword},
		{"secret", KindSecret}, {"client-secret", KindSecret}, {"access_token", KindSecret}, {"apiKey", KindSecret},
		{"x-api-key", KindSecret}, {"private_key", KindSecret}, {"Authorization", KindSecret}, {"Set-Cookie", KindSecret},
		{"ssn", KindSSN}, {"credit_card", KindCard}, {"card_number", KindCard}, {"cvv", KindCard}, {"credentials", KindSecret},
		{"password_", KindPassword},
		{"max_tokens", 0}, {"tokens", 0}, {"role", 0}, {"content", 0}, {"id", 0}, {"key", 0}, {"", 0}, {"_", 0}, {"my_credentials_path", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, ok := sensitiveName(tt.name)
			if k != tt.kind || ok != (tt.kind != 0) {
				t.Errorf("sensitiveName(%q) = %v, %v; want %v", tt.name, k, ok, tt.kind)
			}
		})
	}
}
