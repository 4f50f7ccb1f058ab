package redact_test

import (
	"fmt"

	"github.com/otelaudit/otelaudit/redact"
)

func ExampleRedactor_Text() {
	r := redact.Default()
	text := "Card 4111 1111 1111 1111, mail jane@example.org, order 7731-2290 on 2024-11-02."
	out := r.Text(text, func(f redact.Finding) {
		fmt.Printf("%s at %d-%d\n", f.Kind, f.Start, f.End)
	})
	fmt.Println(out)
	// Output:
	// card at 5-24
	// email at 31-47
	// Card [REDACTED:card], mail [REDACTED:email], order 7731-2290 on 2024-11-02.
}

func ExampleRedactor_Value() {
	key, err := redact.NewKey("2025-01", []byte("example key material, 32 bytes.."))
	if err != nil {
		panic(err)
	}
	r, err := redact.New(redact.Config{
		Key:      key,
		KeyRules: []redact.KeyRule{{Key: "user.id", Action: redact.Pseudonymize, Name: "user"}},
	})
	if err != nil {
		panic(err)
	}
	var sum redact.Summary
	user, _ := r.Value("user.id", "cust-001", &sum)
	msgs, _ := r.Value("gen_ai.input.messages", `[{"role":"user","content":"my password is in here","password":"hunter2"}]`, &sum)
	model, _ := r.Value("gen_ai.request.model", "gpt-4o-mini", &sum)
	fmt.Println(user == r.Pseudonym("user", "cust-001"))
	fmt.Println(msgs)
	fmt.Println(model)
	fmt.Println(sum.Count(), sum.Kinds())
	// Output:
	// true
	// [{"role":"user","content":"my password is in here","password":"[REDACTED:password]"}]
	// gpt-4o-mini
	// 2 [password user]
}
