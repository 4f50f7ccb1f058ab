package exporter

import (
	"github.com/ClickHouse/ch-go/proto"

	"github.com/otelaudit/otelaudit/internal/native"
)

// auditBlock is the columns of an audit insert, in the column order of
// schema.AuditInsert. Like tracesBlock it holds references to the spans'
// strings.
type auditBlock struct {
	block native.Block

	decisionID     proto.ColUUID
	timestamp      proto.ColDateTime64
	traceID        native.Strings
	spanID         native.Strings
	sessionID      native.Strings
	userID         native.Strings
	agentName      native.LowCardinality
	agentVersion   native.LowCardinality
	agentID        native.LowCardinality
	serviceName    native.LowCardinality
	operation      native.LowCardinality
	provider       native.LowCardinality
	requestModel   native.LowCardinality
	responseModel  native.LowCardinality
	input          native.Strings
	reasoning      native.Strings
	output         native.Strings
	outcome        native.LowCardinality
	statusCode     native.LowCardinality
	errorType      native.LowCardinality
	errorMessage   native.Strings
	durationNs     proto.ColUInt64
	inputTokens    proto.ColUInt64
	outputTokens   proto.ColUInt64
	costUSD        proto.ColFloat64
	redactionCount proto.ColUInt32
	redactionKinds *native.Array[*native.LowCardinality]
	variant        native.LowCardinality
	attributes     native.Map
}

// auditColumnNames are the names of the audit insert's columns, in order.
var auditColumnNames = [...]string{
	"DecisionId", "Timestamp", "TraceId", "SpanId", "SessionId", "UserId",
	"AgentName", "AgentVersion", "AgentId", "ServiceName", "Operation",
	"Provider", "RequestModel", "ResponseModel", "Input", "Reasoning",
	"Output", "Outcome", "StatusCode", "ErrorType", "ErrorMessage",
	"DurationNs", "InputTokens", "OutputTokens", "CostUSD",
	"RedactionCount", "RedactionKinds", "Variant", "Attributes",
}

// newAuditBlock returns an empty audit block.
func newAuditBlock() *auditBlock {
	b := &auditBlock{redactionKinds: native.NewArray(new(native.LowCardinality))}
	b.timestamp.WithPrecision(proto.PrecisionNano)
	cols := []proto.ColInput{
		&b.decisionID, &b.timestamp, &b.traceID, &b.spanID, &b.sessionID, &b.userID,
		&b.agentName, &b.agentVersion, &b.agentID, &b.serviceName, &b.operation,
		&b.provider, &b.requestModel, &b.responseModel, &b.input, &b.reasoning,
		&b.output, &b.outcome, &b.statusCode, &b.errorType, &b.errorMessage,
		&b.durationNs, &b.inputTokens, &b.outputTokens, &b.costUSD,
		&b.redactionCount, b.redactionKinds, &b.variant, &b.attributes,
	}
	for i, c := range cols {
		b.block.Add(auditColumnNames[i], c)
	}
	return b
}

// appendRow appends one row.
func (b *auditBlock) appendRow(r *auditRow) {
	b.decisionID.Append(r.DecisionID)
	b.timestamp.Append(r.Timestamp)
	b.traceID.Append(r.TraceID)
	b.spanID.Append(r.SpanID)
	b.sessionID.Append(r.SessionID)
	b.userID.Append(r.UserID)
	b.agentName.Append(r.AgentName)
	b.agentVersion.Append(r.AgentVersion)
	b.agentID.Append(r.AgentID)
	b.serviceName.Append(r.ServiceName)
	b.operation.Append(r.Operation)
	b.provider.Append(r.Provider)
	b.requestModel.Append(r.RequestModel)
	b.responseModel.Append(r.ResponseModel)
	b.input.Append(r.Input)
	b.reasoning.Append(r.Reasoning)
	b.output.Append(r.Output)
	b.outcome.Append(r.Outcome)
	b.statusCode.Append(r.StatusCode)
	b.errorType.Append(r.ErrorType)
	b.errorMessage.Append(r.ErrorMessage)
	b.durationNs.Append(r.DurationNs)
	b.inputTokens.Append(r.InputTokens)
	b.outputTokens.Append(r.OutputTokens)
	b.costUSD.Append(r.CostUSD)
	b.redactionCount.Append(r.RedactionCount)
	for _, k := range r.RedactionKinds {
		b.redactionKinds.Elems.Append(k)
	}
	b.redactionKinds.EndRow()
	b.variant.Append(r.Variant)
	if r.Attributes != nil {
		for i, k := range r.Attributes.keys {
			b.attributes.Add(k, r.Attributes.values[i])
		}
	}
	b.attributes.EndRow()
}
