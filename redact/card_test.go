package redact

import "testing"

func TestCard(t *testing.T) {
	runDetectorTable(t, KindCard, []detectorCase{
		same("4111111111111111"),
		same("4111 1111 1111 1111"),
		same("4111-1111-1111-1111"),
		same("5555555555554444"),
		same("5555 5555 5555 4444"),
		same("2223003122003222"),
		same("378282246310005"),
		same("3782 822463 10005"),
		same("30569309025904"),
		same("3056 930902 5904"),
		same("6011111111111117"),
		same("3530111333300000"),
		same("6200000000000005"),
		same("4222222222222"),
		same("4111111111111111110"),
		{"4111 1111 1111 1111 2024", "4111 1111 1111 1111"},
		none("4111111111111112"),
		none("4111 1111 1111 1112"),
		none("1234567812345670"),
		none("4111 11111 111 1111"),
		none("4111 1111-1111 1111"),
		none("37828224631000"),
		none("5555555555554"),
		none("9111111111111111"),
		none("1700000000000"),
		none("41111111111111111111111"),
		none("4bf92f3577b34da6a3ce929d0e0e4736"),
		none("00f067aa0ba902b7"),
		none("550e8400-e29b-41d4-a716-446655440000"),
		none("order-4111111111111111"),
		none("0.4111111111111111"),
	})
}

func TestLuhn(t *testing.T) {
	for in, want := range map[string]bool{"79927398713": true, "79927398710": false, "0": true, "18": true} {
		if got := luhn([]byte(in)); got != want {
			t.Errorf("luhn(%s) = %v", in, got)
		}
	}
}
