// Package otelaudit records AI-agent decisions as OpenTelemetry spans with
// the standard GenAI attributes, for an audit trail.
//
// A [Recorder] works on any trace.TracerProvider. Each decision is an
// "invoke_agent {agent}" span; model calls ("chat {model}") and tool calls
// ("execute_tool {tool}") are its children. When a decision ends, its span
// carries everything an auditor needs: who asked (session, user), what was
// asked, how the agent reasoned, which models answered with how many tokens
// at what cost, what it decided and whether it failed. The span's duration is
// the decision's latency.
//
// [Setup] is the one-call way to get a TracerProvider that delivers those
// spans to ClickHouse, with a sampler that never drops a decision.
package otelaudit
