package chhttp

import (
	"crypto/subtle"
	"net/http"
)

// credentials returns the user and password a request presents, looked up
// as ClickHouse does: X-ClickHouse-User/X-ClickHouse-Key headers, HTTP basic
// auth, then user/password URL parameters. The user defaults to "default".
func credentials(r *http.Request) (user, password string) {
	if u := r.Header.Get("X-ClickHouse-User"); u != "" {
		return u, r.Header.Get("X-ClickHouse-Key")
	}
	if u, p, ok := r.BasicAuth(); ok {
		return orDefault(u), p
	}
	q := r.URL.Query()
	return orDefault(q.Get("user")), q.Get("password")
}

// orDefault returns user, or "default" when it is empty.
func orDefault(user string) string {
	if user == "" {
		return "default"
	}
	return user
}

// authenticate checks a request's credentials against the configured ones;
// with no password configured, every request is accepted.
func (h *Handler) authenticate(r *http.Request) error {
	if h.cfg.password == "" && h.cfg.user == "" {
		return nil
	}
	user, password := credentials(r)
	okUser := subtle.ConstantTimeCompare([]byte(user), []byte(orDefault(h.cfg.user))) == 1
	okPassword := subtle.ConstantTimeCompare([]byte(password), []byte(h.cfg.password)) == 1
	if okUser && okPassword {
		return nil
	}
	return newCHError(codeAuthenticationFailed, "AUTHENTICATION_FAILED",
		user+": Authentication failed: password is incorrect, or there is no user with such name")
}
