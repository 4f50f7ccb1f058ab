package redact

import (
	"sync"
	"testing"
)

// TestConcurrentUse shares one Redactor between goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	r := mustNew(t, Config{Key: testKey(t), KeyRules: []KeyRule{{Key: "user.id", Action: Pseudonymize}}})
	want := map[string]string{}
	for _, a := range decisionAttrs(true) {
		want[a.key], _ = r.Value(a.key, a.value, nil)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				var sum Summary
				for _, a := range decisionAttrs(i%2 == 0) {
					out, _ := r.Value(a.key, a.value, &sum)
					if i%2 == 0 && out != want[a.key] {
						t.Errorf("%s differs under concurrency", a.key)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
