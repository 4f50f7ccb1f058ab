package benchdata

// The personal values planted in the spans that carry PII. All are fictional
// or published test values: reserved example domains, Ofcom drama numbers and
// the 555-01xx range, card-network test numbers (Luhn-valid), the IBAN
// registry's example accounts (mod-97 valid) and made-up keys and passwords.
var (
	piiEmails = []string{
		"jane.doe@example.com",
		"m.okafor@example.org",
		"li.wei+orders@example.net",
		"sam.taylor@mail.example.co.uk",
	}
	piiPhones = []string{
		"+44 20 7946 0958",
		"+1 415 555 0132",
		"(415) 555-0198",
		"020 7946 0321",
	}
	piiCards = []string{
		"4111 1111 1111 1111",
		"5555-5555-5555-4444",
		"4012888888881881",
		"3782 822463 10005",
	}
	piiIBANs = []string{
		"GB82 WEST 1234 5698 7654 32",
		"DE89 3704 0044 0532 0130 00",
		"FR1420041010050500013M02606",
	}
	piiKeys = []string{
		"sk-proj-Qx7vT2mLw9ZcR4nB8yK3pHs6DjF0aUe5GiOtXqWr1Nb",
		"sk-proj-h3JdL8sPq0VwX5nZr2TcY7gKm4BfA9uEo6WiN1yRt8Ma",
	}
	piiPasswords = []string{
		"Tr0ub4dor-3x",
		"hunter2-Blue!",
		"S3cret-Pa55-77",
	}
)

// PII returns every personal value or secret the generator plants, as it
// appears in the span text (for password=... pairs, the password). A
// redactor that works leaves none of them anywhere in the output.
func PII() []string {
	var out []string
	for _, pool := range [][]string{piiEmails, piiPhones, piiCards, piiIBANs, piiKeys, piiPasswords} {
		out = append(out, pool...)
	}
	return out
}

// piiSet is the personal data of one span: one value of each kind.
type piiSet struct {
	email, phone, card, iban, key, password string
}

func (g *gen) pickPII() *piiSet {
	return &piiSet{
		email:    pick(g.r, piiEmails),
		phone:    pick(g.r, piiPhones),
		card:     pick(g.r, piiCards),
		iban:     pick(g.r, piiIBANs),
		key:      pick(g.r, piiKeys),
		password: pick(g.r, piiPasswords),
	}
}

// luhnValid reports whether the digits of s (separators ignored) pass the
// Luhn check.
func luhnValid(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n > 0 && sum%10 == 0
}
