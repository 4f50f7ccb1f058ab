package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean", `{"role":"user","content":"hello"}`, `{"role":"user","content":"hello"}`},
		{"leaf", `{"content":"mail jane@example.org now"}`, `{"content":"mail [REDACTED:email] now"}`},
		{"escaped leaf", `{"content":"Hi,\nmail jane@example.org\t\"ok\" \u00e9"}`, `{"content":"Hi,\nmail [REDACTED:email]\t\"ok\" é"}`},
		{"escape right before", `{"c":"\njane@example.org"}`, `{"c":"\n[REDACTED:email]"}`},
		{"password field", `{"user":"sam","password":"hunter2"}`, `{"user":"sam","password":"[REDACTED:password]"}`},
		{"number field", `{"cvv":123,"ssn":123456789}`, `{"cvv":"[REDACTED:card]","ssn":"[REDACTED:ssn]"}`},
		{"object field", `{"credentials":{"user":"a","pass":"b"},"x":1}`, `{"credentials":"[REDACTED:secret]","x":1}`},
		{"empty and null kept", `{"token":"","api_key":null,"secret":{},"ok":true}`, `{"token":"","api_key":null,"secret":{},"ok":true}`},
		{"nested name", `[{"auth":{"access_token":"abc","Authorization":"Bearer x"}}]`, `[{"auth":{"access_token":"[REDACTED:secret]","Authorization":"[REDACTED:secret]"}}]`},
		{"keys and numbers kept", "{ \"b\" : 1.50e+3 ,\n  \"a\" : [ -0 , 4111111111111111 ] }", "{ \"b\" : 1.50e+3 ,\n  \"a\" : [ -0 , 4111111111111111 ] }"},
		{"card in string", `["4111 1111 1111 1111"]`, `["[REDACTED:card]"]`},
		{"already redacted", `{"password":"[REDACTED:password]"}`, `{"password":"[REDACTED:password]"}`},
		{"escaped name", `{"pass\u0077ord":"x"}`, `{"pass\u0077ord":"[REDACTED:password]"}`},
		{"invalid falls back to text", `{"a": "jane@example.org"`, `{"a": "[REDACTED:email]"`},
		{"not json", `{oops} password=hunter2`, `{oops} password=[REDACTED:password]`},
		{"leading space", "  \n[\"jane@example.org\"]", "  \n[\"[REDACTED:email]\"]"},
		{"gen ai messages", messagesJSON("mail sam.taylor@example.com"), strings.Replace(messagesJSON("mail sam.taylor@example.com"), "sam.taylor@example.com", "[REDACTED:email]", 1)},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, drop := r.Value("gen_ai.input.messages", tt.in, nil)
			if drop || got != tt.want {
				t.Fatalf("Value(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			if json.Valid([]byte(tt.in)) && !json.Valid([]byte(got)) {
				t.Errorf("output is not valid JSON: %s", got)
			}
		})
	}
}

func TestJSONFindingOffsets(t *testing.T) {
	r := Default()
	in := `{"a":"x\n\u00e9 jane@example.org","password":"pw"}`
	var fs []found
	r.Text(in, func(f Finding) { fs = append(fs, found{f.Kind, in[f.Start:f.End]}) })
	want := []found{{KindEmail, "jane@example.org"}, {KindPassword, `"pw"`}}
	if len(fs) != len(want) || fs[0] != want[0] || fs[1] != want[1] {
		t.Errorf("findings = %v, want %v", fs, want)
	}
}

func TestJSONCleanReturnsSameString(t *testing.T) {
	r := Default()
	in := messagesJSON("no contact")
	assertNoAllocs(t, "clean JSON", func() {
		if out, _ := r.Value("gen_ai.input.messages", in, nil); out != in {
			t.Fatal("changed")
		}
	})
}

func TestJSONDeepNestingFallsBack(t *testing.T) {
	in := strings.Repeat("[", maxJSONDepth+1) + `"jane@example.org"` + strings.Repeat("]", maxJSONDepth+1)
	out := Default().Text(in, nil)
	if strings.Contains(out, "jane@") {
		t.Error("email survived deep nesting")
	}
}

func TestDecodeJSONString(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{`a\"b\\c\/d\b\f\n\r\t`, "a\"b\\c/d\b\f\n\r\t", true},
		{`\u00e9\ud83d\ude00`, "é😀", true},
		{`\ud83d`, "\uFFFD", true},
		{`\x`, "", false},
		{`\u12`, "", false},
		{"a\x01", "", false},
		{`\`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := decodeJSONString(nil, tt.raw)
			if ok != tt.ok || ok && string(got) != tt.want {
				t.Errorf("decode(%q) = %q, %v", tt.raw, got, ok)
			}
			if !ok {
				return
			}
			// Offsets map to the raw text consistently with decoding.
			om := offsetMap{raw: tt.raw}
			if end := om.at(len(got)); end != len(tt.raw) {
				t.Errorf("offset of the end = %d, want %d", end, len(tt.raw))
			}
		})
	}
}

// TestTruncatedJSONAsText covers JSON cut by an attribute length limit: it
// is scanned as text, where escapes like \n still separate words.
func TestTruncatedJSONAsText(t *testing.T) {
	in := `[{"role":"user","content":"my card:\n4111111111111111\tcall\n+14155552671 or\njane@example.org\r\n123-45-6789 and \"password\":\"hunter2\"`
	want := `[{"role":"user","content":"my card:\n[REDACTED:card]\tcall\n[REDACTED:phone] or\n[REDACTED:email]\r\n[REDACTED:ssn] and \"password\":\"[REDACTED:password]\"`
	if got := Default().Text(in, nil); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestJSONOnceRedacted checks that a value which looks like JSON but only
// parses once redacted (a mask replaced an invalid escape) is redacted as
// JSON too, so that redacting twice equals redacting once (found by
// FuzzValueJSON), and that its findings have offsets in the original text.
func TestJSONOnceRedacted(t *testing.T) {
	r := Default()
	for _, in := range []string{
		"{\"pAsswd\":\"\\\n\"}",
		"{\"\":[\"pAsswd=\\q\"],\"pAsswd\":\"[REDACTED:0]0\"}",
		"{\"PRIVATE KEY\":[\"\"],\"pwd\":\"\\0\"}",
	} {
		once := r.Text(in, nil)
		if twice := r.Text(once, nil); twice != once {
			t.Errorf("%q: once %q, twice %q", in, once, twice)
		}
	}
	in := `{"a":"jane\u0040example.org","pwd":"\0"}`
	out, fs := findAll(r, in)
	want := []found{{KindPassword, `\0`}, {KindEmail, `jane\u0040example.org`}}
	if out != `{"a":"[REDACTED:email]","pwd":"[REDACTED:password]"}` || len(fs) != 2 || fs[0] != want[0] || fs[1] != want[1] {
		t.Errorf("Text(%s) = %s, %v", in, out, fs)
	}
}
