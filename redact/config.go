package redact

import (
	"errors"
	"fmt"
	"regexp"
)

// DefaultMaxValueBytes is the default size cap of one attribute value.
const DefaultMaxValueBytes = 64 << 10

// Config configures a Redactor. The zero Config gives the default detectors,
// all masking, the default allow-list and the default size cap.
type Config struct {
	// DisableDefaults turns every built-in detector off (including JSON
	// field-name rules); a built-in kind listed in Actions with an action
	// other than Keep is turned back on.
	DisableDefaults bool
	// Actions overrides the action of built-in kinds, by kind name ("email",
	// "card", ...; see Kind). Keep turns a detector off. Drop removes the
	// whole attribute when the kind is found in it.
	Actions map[string]Action
	// CustomRules are regular expressions (Go regexp syntax) run after the
	// detectors; each match is handled like a finding of kind Name.
	CustomRules []CustomRule
	// KeyRules apply an action to the whole value of attributes whose key
	// matches, before any scanning. The first matching rule wins.
	KeyRules []KeyRule
	// AllowKeys are key globs whose values are never touched, in addition
	// to DefaultAllowKeys unless DisableDefaultAllowKeys.
	AllowKeys []string
	// DisableDefaultAllowKeys drops DefaultAllowKeys from the allow-list.
	DisableDefaultAllowKeys bool
	// MaxValueBytes caps the size of a redacted value: longer values are
	// redacted in full, then cut at a UTF-8 boundary and marked
	// "…[TRUNCATED: original N bytes]". 0 means DefaultMaxValueBytes,
	// negative means no cap.
	MaxValueBytes int
	// Key is the pseudonym key, needed by every Pseudonymize action.
	Key *Key
}

// CustomRule is a regular-expression rule.
type CustomRule struct {
	// Name is the kind name of its matches: lower-case letters, digits, '_',
	// '.', '-', starting with a letter, at most 32 bytes. A built-in kind
	// name adds matches to that kind.
	Name string
	// Pattern is a Go regular expression (regexp/syntax). Rules whose pattern
	// starts with a literal (regexp LiteralPrefix) run only on text
	// containing it; others run on every value, at regexp speed.
	Pattern string
	// Action is Mask, Pseudonymize or Drop.
	Action Action
}

// KeyRule applies an action to the whole value of matching attributes.
type KeyRule struct {
	// Key is a glob over attribute keys, as in path.Match ('*' matches any
	// bytes except '/'): "user.id", "app.customer.*".
	Key string
	// Action is Mask, Pseudonymize, Drop or Keep (leave the value alone, as
	// AllowKeys does).
	Action Action
	// Name is the kind recorded and used in masks and pseudonyms; empty
	// means "attribute". Same syntax as CustomRule.Name.
	Name string
}

// defaultAllowKeys are the keys never touched by default: ids, model and
// provider names, counters and the redaction summary itself. Read-only.
var defaultAllowKeys = [...]string{
	"trace_id", "span_id", "parent_span_id", "trace.id", "span.id",
	"gen_ai.conversation.id",
	"audit.decision.id",
	"gen_ai.response.id",
	"gen_ai.tool.call.id",
	"gen_ai.request.model",
	"gen_ai.response.model",
	"gen_ai.operation.name",
	"gen_ai.provider.name",
	"gen_ai.system",
	"gen_ai.agent.*",
	"gen_ai.usage.*",
	"gen_ai.response.finish_reasons",
	"audit.redaction.*",
	"audit.decision.outcome",
	"audit.variant",
	"error.type",
	"gen_ai.tool.name",
	"service.*",
	"telemetry.sdk.*",
}

// DefaultAllowKeys returns the key globs allowed by default (a copy).
func DefaultAllowKeys() []string {
	return append([]string(nil), defaultAllowKeys[:]...)
}

// maxKindName bounds a custom kind name.
const maxKindName = 32

// validKindName checks a custom rule or key rule name.
func validKindName(name string) error {
	if name == "" {
		return errors.New("is empty")
	}
	if len(name) > maxKindName {
		return fmt.Errorf("%q is longer than %d bytes", name, maxKindName)
	}
	if classes[name[0]]&clLower == 0 {
		return fmt.Errorf("%q must start with a lower-case letter", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if classes[c]&(clLower|clDigit) == 0 && c != '_' && c != '.' && c != '-' {
			return fmt.Errorf("%q: only lower-case letters, digits, '_', '.' and '-' are allowed", name)
		}
	}
	return nil
}

// keyHint tells how to supply a key.
const keyHint = "set Config.Key (redact.LoadKey(path) or redact.KeyFromEnv(\"OTELAUDIT_REDACTION_KEY\"))"

// compile validates cfg and fills r. Every problem is reported, each naming
// its field.
func (r *Redactor) compile(cfg Config) error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("redact: "+format, args...))
	}
	r.key = cfg.Key
	r.names = new(kindNames)
	for k := Kind(1); k < numBuiltin; k++ {
		r.names[k] = builtinNames[k]
		if !cfg.DisableDefaults && k != KindAttribute {
			r.on |= 1 << k
		}
	}
	if cfg.Key != nil && (cfg.Key.material == nil || validKeyID(cfg.Key.ID) != nil) {
		fail("Key: not made by NewKey, LoadKey or KeyFromEnv")
	}
	for name, a := range cfg.Actions {
		k, ok := builtinKind(name)
		switch {
		case !ok || k == KindAttribute:
			fail("Actions[%q]: unknown kind (built-in kinds: %s)", name, builtinKindList())
			continue
		case !a.valid():
			fail("Actions[%q]: invalid action %v", name, a)
			continue
		case a == Pseudonymize && cfg.Key == nil:
			fail("Actions[%q]: action pseudonymize needs a key: %s", name, keyHint)
		}
		r.actions[k] = a
		if a == Keep {
			r.on &^= 1 << k
		} else {
			r.on |= 1 << k
		}
	}
	for i, cr := range cfg.CustomRules {
		if err := validKindName(cr.Name); err != nil {
			fail("CustomRules[%d].Name: %w", i, err)
			continue
		}
		re, err := regexp.Compile(cr.Pattern)
		if err != nil {
			fail("CustomRules[%d].Pattern: %w", i, err)
			continue
		}
		switch {
		case cr.Action == Keep || !cr.Action.valid():
			fail("CustomRules[%d].Action: %v is not one of mask, pseudonymize, drop", i, cr.Action)
			continue
		case cr.Action == Pseudonymize && cfg.Key == nil:
			fail("CustomRules[%d] (%s): action pseudonymize needs a key: %s", i, cr.Name, keyHint)
		}
		k, err := r.kindFor(cr.Name)
		if err != nil {
			fail("CustomRules[%d].Name: %w", i, err)
			continue
		}
		prefix, _ := re.LiteralPrefix()
		r.custom = append(r.custom, customRule{kind: k, re: re, prefix: prefix, action: cr.Action})
	}
	for i, kr := range cfg.KeyRules {
		g, err := compileGlob(kr.Key)
		if err != nil {
			fail("KeyRules[%d].Key: %q: %w", i, kr.Key, err)
			continue
		}
		if !kr.Action.valid() {
			fail("KeyRules[%d].Action: invalid action %v", i, kr.Action)
			continue
		}
		if kr.Action == Pseudonymize && cfg.Key == nil {
			fail("KeyRules[%d] (%s): action pseudonymize needs a key: %s", i, kr.Key, keyHint)
		}
		k := KindAttribute
		if kr.Name != "" {
			if err := validKindName(kr.Name); err != nil {
				fail("KeyRules[%d].Name: %w", i, err)
				continue
			}
			if k, err = r.kindFor(kr.Name); err != nil {
				fail("KeyRules[%d].Name: %w", i, err)
				continue
			}
		}
		r.keyRules = append(r.keyRules, keyRule{glob: g, action: kr.Action, kind: k})
	}
	if !cfg.DisableDefaultAllowKeys {
		for _, p := range defaultAllowKeys {
			if err := r.allow.add(p); err != nil {
				fail("default allow key %q: %w", p, err)
			}
		}
	}
	for i, p := range cfg.AllowKeys {
		if err := r.allow.add(p); err != nil {
			fail("AllowKeys[%d]: %q: %w", i, p, err)
		}
	}
	switch {
	case cfg.MaxValueBytes == 0:
		r.maxValue = DefaultMaxValueBytes
	case cfg.MaxValueBytes < 0:
		r.maxValue = 0
	default:
		r.maxValue = cfg.MaxValueBytes
	}
	for k := range r.names {
		if r.names[k] != "" {
			r.masks[k] = "[REDACTED:" + r.names[k] + "]"
		}
	}
	return errors.Join(errs...)
}

// kindFor returns the kind of a custom name: the built-in kind of that name,
// the custom kind already given to it, or a new custom kind.
func (r *Redactor) kindFor(name string) (Kind, error) {
	if k, ok := builtinKind(name); ok {
		return k, nil
	}
	for k := int(firstCustom); k < len(r.names); k++ {
		switch r.names[k] {
		case name:
			return Kind(k), nil
		case "":
			r.names[k] = name
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("more than %d distinct custom kind names", maxCustomKinds)
}
