package redact

import "testing"

func TestIPv6(t *testing.T) {
	runDetectorTable(t, KindIPv6, []detectorCase{
		same("2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
		same("2001:db8:85a3::8a2e:370:7334"),
		same("2001:db8::1"),
		same("fe80::1ff:fe23:4567:890a"),
		same("FE80::1"),
		same("::ffff:192.0.2.1"),
		same("64:ff9b::192.0.2.33"),
		{"[2001:db8::1]:8080", "2001:db8::1"},
		none("::1"),
		none("::"),
		none("12:30:45"),
		none("00:1A:2B:3C:4D:5E"),
		none("de::ad"),
		none("std::vector"),
		none("a::b"),
		none("2001:db8::1::2"),
		none("1:2:3:4:5:6:7"),
		none("12345::1"),
		none("cafe: open"),
	})
}

// TestIPv6BeforeMask checks that redacting twice equals redacting once when
// an IPv4 address inside a longer, invalid IPv6 look-alike was masked (found
// by FuzzValueJSON).
func TestIPv6BeforeMask(t *testing.T) {
	r := Default()
	for _, in := range []string{"0:0::0.0.0.0:0", "0:0::.0.0.0.0"} {
		once := r.Text(in, nil)
		if twice := r.Text(once, nil); twice != once {
			t.Errorf("%q: once %q, twice %q", in, once, twice)
		}
	}
}
