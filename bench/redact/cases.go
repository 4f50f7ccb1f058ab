package redactbench

import (
	"slices"
	"testing"
)

// Case is one side of the comparison.
type Case struct {
	// Name is the sub-benchmark name: contrib, otelaudit-pdata, otelaudit-sdk.
	Name string
	// Bench runs the case; one iteration redacts the whole batch.
	Bench func(*testing.B)

	order int
}

var cases []Case

func register(c Case) {
	cases = append(cases, c)
	slices.SortStableFunc(cases, func(a, b Case) int { return a.order - b.order })
}

// Cases returns the cases compiled into this build, contrib first.
func Cases() []Case { return slices.Clone(cases) }
