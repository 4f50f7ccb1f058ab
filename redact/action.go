package redact

import "fmt"

// Action says what happens to something a rule finds.
type Action uint8

const (
	// Mask replaces the found text with "[REDACTED:kind]". It is the zero
	// Action, so rules mask unless told otherwise.
	Mask Action = iota
	// Pseudonymize replaces the found text with a keyed pseudonym
	// "[kind:keyid:hex]" (see Redactor.Pseudonym). It needs Config.Key.
	Pseudonymize
	// Drop removes the whole attribute. In Redactor.Text, where there is no
	// attribute to remove, it masks.
	Drop
	// Keep leaves the text as it is: in Config.Actions it turns a detector
	// off, in a KeyRule it exempts the key like AllowKeys.
	Keep
)

// actionNames maps actions to their names. Read-only.
var actionNames = [...]string{Mask: "mask", Pseudonymize: "pseudonymize", Drop: "drop", Keep: "keep"}

// String returns "mask", "pseudonymize", "drop" or "keep".
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", uint8(a))
}

// valid reports whether a is one of the defined actions.
func (a Action) valid() bool { return int(a) < len(actionNames) }

// ParseAction returns the action named s ("mask", "pseudonymize", "drop",
// "keep").
func ParseAction(s string) (Action, error) {
	for a, name := range actionNames {
		if name == s {
			return Action(a), nil
		}
	}
	return 0, fmt.Errorf("redact: unknown action %q (want mask, pseudonymize, drop or keep)", s)
}

// MarshalText encodes the action as its name.
func (a Action) MarshalText() ([]byte, error) {
	if !a.valid() {
		return nil, fmt.Errorf("redact: invalid action %d", uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText decodes an action from its name, so configuration files can
// say `action: pseudonymize`.
func (a *Action) UnmarshalText(text []byte) error {
	v, err := ParseAction(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
