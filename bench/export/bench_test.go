package exportbench

import "testing"

// TestSameRows checks that both sides give blocks of the same rows and size.
func TestSameRows(t *testing.T) {
	if err := checkSameRows(Batch()); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkExport runs every case:
//
//	go test -run '^$' -bench BenchmarkExport -cpu 1 ./bench/export/
func BenchmarkExport(b *testing.B) {
	for _, c := range Cases() {
		b.Run(c.Name, c.Bench)
	}
}
