package redact

import "testing"

func TestIBAN(t *testing.T) {
	runDetectorTable(t, KindIBAN, []detectorCase{
		same("GB82 WEST 1234 5698 7654 32"),
		same("GB82WEST12345698765432"),
		same("DE89 3704 0044 0532 0130 00"),
		same("DE89370400440532013000"),
		same("FR14 2004 1010 0505 0001 3M02 606"),
		same("NL91ABNA0417164300"),
		same("NO9386011117947"),
		same("CH9300762011623852957"),
		none("GB82 WEST 1234 5698 7654 33"),
		none("GB82WEST12345698765433"),
		none("DE89 3704 0044 0532 0130 01"),
		none("XX82WEST12345698765432"),
		none("GB82 WEST 1234 5698 7654"),
		none("GB82WEST1234 5698765432"),
		none("gb82west12345698765432"),
		none("GB82WEST12345698765432X"),
		none("ISO 8601"),
		none("AB12 is a code"),
	})
}
