package redact

import (
	"reflect"
	"sort"
	"testing"
)

func TestSummary(t *testing.T) {
	var s Summary
	if s.Count() != 0 || len(s.Kinds()) != 0 {
		t.Fatalf("zero Summary = %d %v", s.Count(), s.Kinds())
	}
	s.Add(KindEmail)
	s.Add(KindCard)
	s.Add(KindEmail)
	var o Summary
	o.Add(KindSSN)
	o.Add(firstCustom + 1)
	s.Merge(o)
	if got := s.Count(); got != 5 {
		t.Errorf("Count = %d, want 5", got)
	}
	want := []string{"card", "custom_1", "email", "ssn"}
	if got := s.Kinds(); !reflect.DeepEqual(got, want) {
		t.Errorf("Kinds = %v, want %v", got, want)
	}
	if !s.Has(KindSSN) || s.Has(KindIBAN) {
		t.Error("Has is wrong")
	}
}

func TestSummaryCustomNames(t *testing.T) {
	r, err := New(Config{CustomRules: []CustomRule{{Name: "order_id", Pattern: `ORD-\d{6}`}}})
	if err != nil {
		t.Fatal(err)
	}
	var s Summary
	if _, drop := r.Value("note", "see ORD-123456", &s); drop {
		t.Fatal("dropped")
	}
	if got := s.Kinds(); !reflect.DeepEqual(got, []string{"order_id"}) {
		t.Errorf("Kinds = %v", got)
	}
	var merged Summary
	merged.Merge(s)
	if got := merged.Kinds(); !reflect.DeepEqual(got, []string{"order_id"}) {
		t.Errorf("merged Kinds = %v", got)
	}
}

func TestSummaryAddDoesNotAllocate(t *testing.T) {
	var s Summary
	assertNoAllocs(t, "Summary.Add", func() { s.Add(KindEmail); s.Add(firstCustom + 9) })
}

// TestSummaryKindsEveryWord checks Kinds on kinds in each of the four words
// of the set, against a look at every kind.
func TestSummaryKindsEveryWord(t *testing.T) {
	var s Summary
	for _, k := range []Kind{1, 2, 63, 64, 65, 127, 128, 191, 192, 255} {
		s.Add(k)
	}
	var want []string
	for k := range 256 {
		if s.Has(Kind(k)) {
			want = append(want, s.names.name(Kind(k)))
		}
	}
	sort.Strings(want)
	if got := s.Kinds(); !reflect.DeepEqual(got, want) {
		t.Errorf("Kinds = %v, want %v", got, want)
	}
	if got := (Summary{}).Kinds(); got != nil {
		t.Errorf("Kinds of the zero Summary = %#v, want nil", got)
	}
}
