package redact

import "testing"

func TestAPIKey(t *testing.T) {
	runDetectorTable(t, KindAPIKey, []detectorCase{
		same("sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz012345678"),
		same("sk-1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"),
		same("sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
		same("rk_live_51H8abcdEFGH1234"),
		same("ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
		same("gho_16C7e42F292c6912E7710c838347Ae178B4a"),
		same("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV"),
		same("xoxb-2345678901-2345678901234-AbCdEfGhIjKlMnOpQrStUvWx"),
		same("xoxp-1234567890-abcdefg"),
		same("AKIAIOSFODNN7EXAMPLE"),
		same("ASIAY34FZKBOKMUTVV7A"),
		same("AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"),
		none("sk-learn"),
		none("sk-abcdefghijklmnopqrstuvwxyz"),
		none("task-1234567890abcdefghijklmnop"),
		none("sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
		none("ghp_short123"),
		none("xoxb-abcdefghijkl"),
		none("AKIAIOSFODNN7EXAMPL"),
		none("AKIAIOSFODNN7EXAMPLEX"),
		none("AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBW"),
		none("mask_live_4eC39HqLyjWDarjtT1zdp7dc"),
	})
}
