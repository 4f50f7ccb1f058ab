package redact

import "strings"

// pemBegin starts a PEM block.
const pemBegin = "-----BEGIN "

// pemDashes ends a PEM BEGIN or END line.
const pemDashes = "-----"

// matchPEM matches a PEM private key block starting at s[i]: "-----BEGIN
// <label>-----" where the label ends in "PRIVATE KEY" (RSA, EC, DSA,
// OPENSSH, ENCRYPTED, plain PKCS#8), through the matching "-----END
// <label>-----". When the END line is missing (a truncated value), everything
// to the end of the text is matched: a partial key is still a key.
//
// A label holding '[' is no label: it holds a mask or pseudonym, put there by
// an earlier pass over text that only looked like a BEGIN line
// ("-----BEGIN pwd:----- PRIVATE KEY-----"); matching it now would make a
// second pass find what the first did not.
func matchPEM(s string, i int) (end int, ok bool) {
	j := i + len(pemBegin)
	le := strings.Index(s[j:min(j+64, len(s))], pemDashes)
	if le < 0 {
		return 0, false
	}
	label := s[j : j+le]
	if !strings.HasSuffix(label, "PRIVATE KEY") || strings.IndexByte(label, '[') >= 0 {
		return 0, false
	}
	body := j + le + len(pemDashes)
	for k := body; k < len(s); {
		e := strings.Index(s[k:], "-----END ")
		if e < 0 {
			break
		}
		e += k + len("-----END ")
		if hasPrefixAt(s, e, label) && hasPrefixAt(s, e+len(label), pemDashes) {
			return e + len(label) + len(pemDashes), true
		}
		k = e
	}
	return len(s), true
}
