package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/otelaudit/otelaudit/redact"
)

// maxRedactInput bounds what "otelaudit redact" reads from standard input.
const maxRedactInput = 256 << 20

// runRedact copies standard input to standard output with personal data
// and secrets redacted by the default detectors.
func runRedact(_ context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("redact", "[--key-file FILE] [--explain] < input > output")
	keyFile := fs.String("key-file", "", "pseudonymise what is found with the HMAC key in FILE instead of masking it")
	explain := fs.Bool("explain", false, "list each finding (kind, byte offsets, line) on standard error, never its value")
	pseudonym := fs.String("pseudonym", "", "print the pseudonym of this value (needs --key-file) and exit")
	kind := fs.String("kind", "attribute", "with --pseudonym: the kind the value is pseudonymised as (e.g. email, or the name of a key rule)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q (the text comes on standard input)", errUsage, fs.Args())
	}
	r, err := newCLIRedactor(*keyFile)
	if err != nil {
		return err
	}
	if *pseudonym != "" {
		if *keyFile == "" {
			return fmt.Errorf("%w: --pseudonym needs --key-file", errUsage)
		}
		_, err := fmt.Fprintln(stdout, r.Pseudonym(*kind, *pseudonym))
		return err
	}

	in, err := io.ReadAll(io.LimitReader(os.Stdin, maxRedactInput+1))
	if err != nil {
		return fmt.Errorf("read standard input: %w", err)
	}
	if len(in) > maxRedactInput {
		return fmt.Errorf("standard input is larger than %d MiB; split it", maxRedactInput>>20)
	}
	text := string(in)
	var findings []redact.Finding
	out := r.Text(text, func(f redact.Finding) { findings = append(findings, f) })
	if *explain {
		lines := newLineIndex(text)
		for _, f := range findings {
			line, col := lines.position(f.Start)
			fmt.Fprintf(os.Stderr, "%s\tbytes %d-%d\tline %d col %d\n", r.KindName(f.Kind), f.Start, f.End, line, col)
		}
	}
	if _, err := io.WriteString(stdout, keepLines(text, out, findings)); err != nil {
		return fmt.Errorf("write standard output: %w", err)
	}
	return nil
}

// keepLines gives back the line breaks that multi-line findings (a PEM
// private key block) took with them, so the output has the input's line
// structure: each replacement is followed by as many newlines as the text
// it replaced held. out is text with each finding replaced by one bracketed
// token; if it does not line up that way, out is returned unchanged.
func keepLines(text, out string, findings []redact.Finding) string {
	multiLine := false
	for _, f := range findings {
		if strings.Contains(text[f.Start:f.End], "\n") {
			multiLine = true
		}
	}
	if !multiLine {
		return out
	}
	var b strings.Builder
	prev, pos := 0, 0
	for _, f := range findings {
		kept := text[prev:f.Start]
		if f.Start < prev || !strings.HasPrefix(out[pos:], kept) {
			return out
		}
		b.WriteString(kept)
		pos += len(kept)
		end := strings.IndexByte(out[pos:], ']')
		if end < 0 || !strings.HasPrefix(out[pos:], "[") {
			return out
		}
		b.WriteString(out[pos : pos+end+1])
		b.WriteString(strings.Repeat("\n", strings.Count(text[f.Start:f.End], "\n")))
		pos += end + 1
		prev = f.End
	}
	if out[pos:] != text[prev:] {
		return out
	}
	b.WriteString(text[prev:])
	return b.String()
}

// newCLIRedactor returns the default redactor, or, with a key file, one
// that pseudonymises every built-in kind instead of masking it.
func newCLIRedactor(keyFile string) (*redact.Redactor, error) {
	if keyFile == "" {
		return redact.Default(), nil
	}
	key, err := redact.LoadKey(keyFile)
	if err != nil {
		return nil, err
	}
	actions := map[string]redact.Action{}
	for k := redact.KindEmail; k <= redact.KindSecret; k++ {
		actions[k.String()] = redact.Pseudonymize
	}
	return redact.New(redact.Config{Key: key, Actions: actions})
}

// lineIndex turns byte offsets into 1-based line and column numbers.
type lineIndex struct{ starts []int }

func newLineIndex(text string) lineIndex {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{starts: starts}
}

func (l lineIndex) position(offset int) (line, col int) {
	i := sort.SearchInts(l.starts, offset+1) - 1
	return i + 1, offset - l.starts[i] + 1
}
