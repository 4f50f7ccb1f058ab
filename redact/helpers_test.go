package redact

import (
	"strings"
	"testing"
)

// detectorCase is one row of a detector table: in is embedded in prose;
// want is the text the detector must report (as kind), or "" when in must
// survive untouched.
type detectorCase struct {
	in   string
	want string
}

// found is a finding with its text.
type found struct {
	kind Kind
	text string
}

// findAll runs r.Text over text and returns its findings.
func findAll(r *Redactor, text string) (string, []found) {
	var fs []found
	out := r.Text(text, func(f Finding) { fs = append(fs, found{f.Kind, text[f.Start:f.End]}) })
	return out, fs
}

// runDetectorTable checks a detector table with the default Redactor, each
// input alone and inside a sentence.
func runDetectorTable(t *testing.T, kind Kind, cases []detectorCase) {
	t.Helper()
	r := Default()
	for _, tc := range cases {
		for _, wrap := range []string{"%s", "Note: %s, thanks."} {
			text := strings.Replace(wrap, "%s", tc.in, 1)
			t.Run(text, func(t *testing.T) {
				out, fs := findAll(r, text)
				if tc.want == "" {
					if len(fs) != 0 || out != text {
						t.Errorf("look-alike was redacted: %v -> %q", fs, out)
					}
					return
				}
				if len(fs) != 1 || fs[0].kind != kind || fs[0].text != tc.want {
					t.Fatalf("findings = %v, want one %v %q", fs, kind, tc.want)
				}
				if strings.Contains(out, tc.want) {
					t.Errorf("output %q still holds %q", out, tc.want)
				}
				if !strings.Contains(out, "[REDACTED:"+kind.String()+"]") {
					t.Errorf("output %q has no mask", out)
				}
			})
		}
	}
}

// same marks a positive case whose whole input is the finding.
func same(s string) detectorCase { return detectorCase{s, s} }

// none marks a look-alike that must survive.
func none(s string) detectorCase { return detectorCase{s, ""} }

// assertNoAllocs fails when f allocates (not checked under -race).
func assertNoAllocs(t *testing.T, what string, f func()) {
	t.Helper()
	if raceEnabled {
		return
	}
	if n := testing.AllocsPerRun(20, f); n != 0 {
		t.Errorf("%s allocates %v times per run", what, n)
	}
}
