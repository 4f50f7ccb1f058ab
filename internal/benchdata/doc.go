// Package benchdata generates the benchmark workload shared by the redaction
// and export benchmarks: realistic AI-agent decision spans of about 7.3 KB of
// attribute data each, a chosen fraction of them carrying personal data and
// secrets, the rest carrying look-alikes that must survive redaction.
//
// Everything is derived from a seed: the same (n, piiFraction, seed) always
// gives the same spans, byte for byte, in pdata form ([Traces]) and as ended
// SDK spans ([Spans]). [PII] lists every personal value the generator can
// plant, so a test can assert that none survives; [LookAlikes] lists the
// look-alike values planted in one workload, so a test can assert that they
// all do.
package benchdata
