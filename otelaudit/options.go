package otelaudit

import "time"

// recorderConfig holds what a Recorder puts on every decision.
type recorderConfig struct {
	agentName        string
	agentVersion     string
	agentID          string
	agentDescription string
	provider         string
	variant          string
}

// RecorderOption configures a Recorder.
type RecorderOption interface {
	applyRecorder(*recorderConfig)
}

type recorderOptionFunc func(*recorderConfig)

func (f recorderOptionFunc) applyRecorder(c *recorderConfig) { f(c) }

func newRecorderConfig(opts []RecorderOption) recorderConfig {
	var c recorderConfig
	for _, o := range opts {
		o.applyRecorder(&c)
	}
	return c
}

// WithAgent names the agent and its version (gen_ai.agent.name,
// gen_ai.agent.version).
func WithAgent(name, version string) RecorderOption {
	return recorderOptionFunc(func(c *recorderConfig) {
		c.agentName = name
		c.agentVersion = version
	})
}

// WithAgentID sets the agent's unique id (gen_ai.agent.id).
func WithAgentID(id string) RecorderOption {
	return recorderOptionFunc(func(c *recorderConfig) { c.agentID = id })
}

// WithAgentDescription describes the agent (gen_ai.agent.description).
func WithAgentDescription(text string) RecorderOption {
	return recorderOptionFunc(func(c *recorderConfig) { c.agentDescription = text })
}

// WithProvider sets the default GenAI provider (gen_ai.provider.name) of
// model calls that do not name one, e.g. semconv.ProviderOpenAI.
func WithProvider(name string) RecorderOption {
	return recorderOptionFunc(func(c *recorderConfig) { c.provider = name })
}

// WithDefaultVariant labels every decision with an experiment variant
// (audit.variant) unless the decision names its own.
func WithDefaultVariant(variant string) RecorderOption {
	return recorderOptionFunc(func(c *recorderConfig) { c.variant = variant })
}

// decisionConfig holds the per-decision settings.
type decisionConfig struct {
	id      string
	session string
	user    string
	variant string
	start   time.Time
}

// DecisionOption configures one decision.
type DecisionOption interface {
	applyDecision(*decisionConfig)
}

type decisionOptionFunc func(*decisionConfig)

func (f decisionOptionFunc) applyDecision(c *decisionConfig) { f(c) }

func newDecisionConfig(opts []DecisionOption) decisionConfig {
	var c decisionConfig
	for _, o := range opts {
		o.applyDecision(&c)
	}
	if c.start.IsZero() {
		c.start = time.Now()
	}
	return c
}

// WithSession sets the session the decision belongs to
// (gen_ai.conversation.id).
func WithSession(id string) DecisionOption {
	return decisionOptionFunc(func(c *decisionConfig) { c.session = id })
}

// WithUser sets the end user the agent acts for (user.id).
func WithUser(id string) DecisionOption {
	return decisionOptionFunc(func(c *decisionConfig) { c.user = id })
}

// WithDecisionID sets the decision's id (audit.decision.id) instead of a
// new UUIDv7; use it to make a retried decision keep its id.
func WithDecisionID(id string) DecisionOption {
	return decisionOptionFunc(func(c *decisionConfig) { c.id = id })
}

// WithVariant labels the decision with an experiment variant (audit.variant).
func WithVariant(variant string) DecisionOption {
	return decisionOptionFunc(func(c *decisionConfig) { c.variant = variant })
}

// WithStartTime sets when the decision started, for decisions recorded
// after the fact; the default is now.
func WithStartTime(t time.Time) DecisionOption {
	return decisionOptionFunc(func(c *decisionConfig) { c.start = t })
}
