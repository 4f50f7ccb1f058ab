package redact

import "testing"

const testJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"

func TestJWT(t *testing.T) {
	runDetectorTable(t, KindJWT, []detectorCase{
		same(testJWT),
		same("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
		{"Bearer " + testJWT, testJWT},
		none("eyJmb28iOiJiYXIifQ.eyJzdWIiOiJ4In0.c2ln"), // header without "alg"
		none("eyJub3QganNvbg.eyJzdWIiOiJ4In0.c2ln"),     // header not JSON
		none("eyes.are.open"),
		none("eyJhbGciOiJIUzI1NiJ9"),
	})
}
