package redact

import (
	"regexp"
	"strings"
	"sync"
)

// Redactor finds and redacts personal data and secrets. It is immutable after
// New and safe for concurrent use.
type Redactor struct {
	on       detectorSet  // enabled built-in kinds
	actions  [256]Action  // by kind
	masks    [256]string  // "[REDACTED:name]" by kind
	names    *kindNames   // kind names, custom ones included
	custom   []customRule // custom regex rules
	keyRules []keyRule    // whole-value rules by key
	allow    globSet      // keys never touched
	maxValue int          // size cap; 0 means none
	key      *Key         // pseudonym key, may be nil
	scratch  sync.Pool    // *[]byte buffers for decoding JSON strings
}

// customRule is a compiled CustomRule.
type customRule struct {
	kind   Kind
	re     *regexp.Regexp
	prefix string // literal every match starts with, or ""
	action Action
}

// keyRule is a compiled KeyRule.
type keyRule struct {
	glob   glob
	action Action
	kind   Kind
}

// Finding is one thing Redactor.Text found: its kind and its byte offsets
// in the original text.
type Finding struct {
	Kind       Kind
	Start, End int
}

// New validates cfg and compiles a Redactor. Errors name the field at fault,
// as in "redact: CustomRules[2].Pattern: ...".
func New(cfg Config) (*Redactor, error) {
	r := &Redactor{}
	if err := r.compile(cfg); err != nil {
		return nil, err
	}
	return r, nil
}

// Default returns a Redactor with the default detectors, all masking, the
// default allow-list and size cap, and no key.
func Default() *Redactor {
	r, err := New(Config{})
	if err != nil {
		panic("redact: default config is invalid: " + err.Error())
	}
	return r
}

// KindName returns the name of k: a built-in kind name or the name of one of
// r's custom rules.
func (r *Redactor) KindName(k Kind) string { return r.names.name(k) }

// Value redacts one attribute value under key. It returns value itself (same
// string, no allocation) when nothing is found; drop reports that the
// attribute must be removed. What is redacted is added to sum (which may be
// nil).
//
// In order: keys matching AllowKeys (or a Keep key rule) are returned as they
// are; the first KeyRule matching key applies its action to the whole value;
// otherwise the value is scanned, as JSON when it is JSON (see Text); finally
// the result is cut to MaxValueBytes.
func (r *Redactor) Value(key, value string, sum *Summary) (out string, drop bool) {
	if r.allow.match(key) {
		return value, false
	}
	if kr := r.keyRule(key); kr != nil {
		return r.wholeValue(kr, value, sum)
	}
	out, drop = r.redact(value, sum, nil)
	if drop {
		return "", true
	}
	return r.truncate(out, len(value)), false
}

// keyRule returns the first key rule matching key, or nil.
func (r *Redactor) keyRule(key string) *keyRule {
	for i := range r.keyRules {
		if r.keyRules[i].glob.match(key) {
			return &r.keyRules[i]
		}
	}
	return nil
}

// wholeValue applies a key rule to a whole value.
func (r *Redactor) wholeValue(kr *keyRule, value string, sum *Summary) (string, bool) {
	switch kr.action {
	case Keep:
		return value, false
	case Drop:
		sum.addFound(kr.kind, r.names)
		return "", true
	}
	if value == "" || isRedactionToken(value) {
		return value, false
	}
	sum.addFound(kr.kind, r.names)
	if kr.action == Pseudonymize {
		return r.Pseudonym(r.names.name(kr.kind), value), false
	}
	return r.masks[kr.kind], false
}

// Text redacts free text with the detectors and custom rules, preserving
// every other byte. Key rules, the allow-list and the size cap do not apply.
// Text that is JSON (after leading whitespace it starts with '{' or '[' and
// parses) is redacted structurally, as Value does. Drop actions mask here.
// Each finding, with its kind and byte offsets in the original text, goes to
// fn, which may be nil. It returns text itself when nothing is found.
func (r *Redactor) Text(text string, fn func(Finding)) string {
	out, _ := r.redact(text, nil, fn)
	return out
}

// redact redacts a value as JSON when it is JSON, else as text.
//
// A value that looks like JSON but does not parse may parse once redacted,
// when a mask replaced what made it invalid (an escape such as "\0" in a
// password). It is then redacted as JSON as well, as a second pass would
// redact it: JSON and text are not read alike (escapes, field names), and
// redacting twice must equal redacting once.
func (r *Redactor) redact(s string, sum *Summary, fn func(Finding)) (string, bool) {
	if !looksLikeJSON(s) {
		return r.redactText(s, sum, fn, offsetMap{})
	}
	if out, drop, ok := r.redactJSON(s, sum, fn); ok {
		return out, drop
	}
	var found []Finding
	report := fn
	if fn != nil {
		report = func(f Finding) {
			found = append(found, f)
			fn(f)
		}
	}
	out, drop := r.redactText(s, sum, report, offsetMap{})
	if out == s {
		return out, drop
	}
	var again func(Finding)
	if fn != nil {
		m := newMaskedMap(out, found)
		again = func(f Finding) {
			fn(Finding{Kind: f.Kind, Start: m.at(f.Start, false), End: m.at(f.End, true)})
		}
	}
	if out2, drop2, ok := r.redactJSON(out, sum, again); ok {
		return out2, drop || drop2
	}
	return out, drop
}

// addFound records a finding in a possibly nil summary.
func (s *Summary) addFound(k Kind, names *kindNames) {
	if s != nil {
		s.add(k, names)
	}
}

// replacement returns what replaces text found as kind k, and whether the
// kind's action is Drop (then the mask is returned).
func (r *Redactor) replacement(k Kind, action Action, text string) (string, bool) {
	switch action {
	case Pseudonymize:
		return r.Pseudonym(r.names.name(k), text), false
	case Drop:
		return r.masks[k], true
	}
	return r.masks[k], false
}

// redactText scans s and returns it with every finding replaced, or s itself
// when nothing is found. om maps offsets in s to offsets reported to fn.
func (r *Redactor) redactText(s string, sum *Summary, fn func(Finding), om offsetMap) (string, bool) {
	// next returns plain values, not a match, which keeps them in registers
	// on this path, taken for every value.
	start, end, k := r.on.next(s, 0)
	var custom []match
	if len(r.custom) > 0 {
		custom = r.customMatches(s)
	}
	if k == 0 && len(custom) == 0 {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	pos := 0
	drop := false
	emit := func(m match, action Action) {
		rep, d := r.replacement(m.kind, action, s[m.start:m.end])
		drop = drop || d
		b.WriteString(s[pos:m.start])
		b.WriteString(rep)
		pos = m.end
		sum.addFound(m.kind, r.names)
		if fn != nil {
			fn(Finding{Kind: m.kind, Start: om.at(m.start), End: om.at(m.end)})
		}
	}
	if len(custom) == 0 {
		for k != 0 {
			emit(match{start: start, end: end, kind: k}, r.actions[k])
			start, end, k = r.on.next(s, end)
		}
	} else {
		for _, m := range r.merge(s, match{start: start, end: end, kind: k}, custom) {
			action := r.actions[m.kind]
			if m.custom {
				action = m.action
			}
			emit(m, action)
		}
	}
	b.WriteString(s[pos:])
	return b.String(), drop
}
