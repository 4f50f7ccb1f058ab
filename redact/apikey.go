package redact

// API keys and tokens with well-known shapes. Each must start at a word
// start and end at the end of its character run, so longer words that merely
// contain a prefix ("task-", "mask_live_") are not matched.

// matchAPIKey matches the API key starting at s[i]:
//
//   - OpenAI: "sk-" then 20 or more of A-Z a-z 0-9 _ - containing a digit
//     ("sk-proj-...", "sk-svcacct-...", legacy "sk-" + 48);
//   - Stripe live secret and restricted keys: "sk_live_", "rk_live_" then 10
//     or more letters and digits;
//   - GitHub: "ghp_", "gho_", "ghu_", "ghs_", "ghr_" then 30 or more letters
//     and digits; "github_pat_" then 30 or more letters, digits and '_';
//   - Slack: "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-" then 10 or more
//     letters, digits and '-', containing a digit;
//   - AWS access key ids: "AKIA" or "ASIA" then exactly 16 of A-Z 0-9;
//   - Google API keys: "AIza" then exactly 35 of A-Z a-z 0-9 _ -.
func matchAPIKey(s string, i int) (end int, ok bool) {
	switch s[i] {
	case 's':
		if hasPrefixAt(s, i, "sk-") {
			return tokenRun(s, i+3, clB64URL, 20, true)
		}
		if hasPrefixAt(s, i, "sk_live_") {
			return tokenRun(s, i+8, clDigit|clUpper|clLower, 10, false)
		}
	case 'r':
		if hasPrefixAt(s, i, "rk_live_") {
			return tokenRun(s, i+8, clDigit|clUpper|clLower, 10, false)
		}
	case 'g':
		if len(s)-i > 4 && s[i+1] == 'h' && s[i+3] == '_' {
			switch s[i+2] {
			case 'p', 'o', 'u', 's', 'r':
				return tokenRun(s, i+4, clDigit|clUpper|clLower, 30, false)
			}
		}
		if hasPrefixAt(s, i, "github_pat_") {
			return tokenRun(s, i+11, clWord, 30, false)
		}
	case 'x':
		if len(s)-i > 5 && hasPrefixAt(s, i, "xox") && s[i+4] == '-' {
			switch s[i+3] {
			case 'b', 'p', 'a', 'r', 's':
				return slackRun(s, i+5)
			}
		}
	case 'A':
		if hasPrefixAt(s, i, "AKIA") || hasPrefixAt(s, i, "ASIA") {
			return exactRun(s, i+4, clDigit|clUpper, 16, clWord)
		}
		if hasPrefixAt(s, i, "AIza") {
			return exactRun(s, i+4, clB64URL, 35, clB64URL)
		}
	}
	return 0, false
}

// tokenRun returns the end of the run of class c from j when it is at least
// min long (and holds a digit if needDigit) and is followed by no word byte.
func tokenRun(s string, j int, c uint16, min int, needDigit bool) (int, bool) {
	e := runOf(s, j, c)
	if e-j < min || !wordEnd(s, e) {
		return 0, false
	}
	if needDigit && !hasDigit(s[j:e]) {
		return 0, false
	}
	return e, true
}

// slackRun matches the rest of a Slack token from j.
func slackRun(s string, j int) (int, bool) {
	e := j
	for e < len(s) && (isAlnum(s[e]) || s[e] == '-') {
		e++
	}
	if e-j < 10 || !wordEnd(s, e) || !hasDigit(s[j:e]) {
		return 0, false
	}
	return e, true
}

// exactRun matches exactly n bytes of class c from j, not followed by a byte
// of class stop.
func exactRun(s string, j int, c uint16, n int, stop uint16) (int, bool) {
	if len(s)-j < n {
		return 0, false
	}
	for k := j; k < j+n; k++ {
		if classes[s[k]]&c == 0 {
			return 0, false
		}
	}
	if e := j + n; e < len(s) && classes[s[e]]&stop != 0 {
		return 0, false
	}
	return j + n, true
}

// hasDigit reports whether s contains an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}
