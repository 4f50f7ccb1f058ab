package redact

// matchURLCredentials finds the user:password of a URL whose "://" is at
// s[i], as in "https://user:pass@host/path". The scheme before "://" must end
// in a letter or digit; the authority runs to the first '/', '?', '#',
// whitespace, quote, '<', '>' or '\'; the credentials are everything before
// its last '@' and must contain ':' (outside masks and pseudonyms) followed by
// a non-empty password. Only
// "user:pass" is returned, so the scheme, host and path stay readable. A user
// without a password ("https://alice@host") is not matched.
func matchURLCredentials(s string, i int) (start, end int, ok bool) {
	if i == 0 || !isAlnum(s[i-1]) {
		return 0, 0, false
	}
	a := i + 3
	at := -1
	j := a
	for ; j < len(s); j++ {
		c := s[j]
		if c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`' || classes[c]&clSpace != 0 {
			break
		}
		if c == '@' {
			at = j
		}
	}
	if at <= a {
		return 0, 0, false
	}
	userinfo := s[a:at]
	colon := credentialColon(userinfo)
	if colon < 0 || colon == len(userinfo)-1 {
		return 0, 0, false
	}
	return a, at, true
}

// credentialColon returns the index of the first ':' of userinfo outside
// masks and pseudonyms (whose own colons are no password separator), or -1.
func credentialColon(userinfo string) int {
	for i := 0; i < len(userinfo); i++ {
		switch userinfo[i] {
		case ':':
			return i
		case '[':
			if e, ok := tokenEnd(userinfo, i); ok {
				i = e - 1
			}
		}
	}
	return -1
}
