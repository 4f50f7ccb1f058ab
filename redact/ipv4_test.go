package redact

import "testing"

func TestIPv4(t *testing.T) {
	runDetectorTable(t, KindIPv4, []detectorCase{
		same("192.168.1.10"),
		same("10.0.0.1"),
		same("255.255.255.255"),
		same("0.0.0.0"),
		{"10.0.0.1:8080", "10.0.0.1"},
		{"from 8.8.8.8.", "8.8.8.8"},
		none("256.1.1.1"),
		none("1.2.3"),
		none("v1.2.3.4"),
		none("go1.2.3.4"),
		none("1.2.3.4.5"),
		none("1.2.3.4a"),
		none("01.02.03.04"),
		none("192.168.001.010"),
		none("3.14159"),
		none("version-1.2.3.4"),
	})
}
