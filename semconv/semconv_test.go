package semconv

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	official "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// standardKeys pairs each standard key of this package with the key the
// official Go semantic-conventions package defines: a rename upstream breaks
// the build or this test.
var standardKeys = map[attribute.Key]attribute.Key{
	GenAIOperationNameKey:              official.GenAIOperationNameKey,
	GenAIProviderNameKey:               official.GenAIProviderNameKey,
	GenAIAgentIDKey:                    official.GenAIAgentIDKey,
	GenAIAgentNameKey:                  official.GenAIAgentNameKey,
	GenAIAgentDescriptionKey:           official.GenAIAgentDescriptionKey,
	GenAIAgentVersionKey:               official.GenAIAgentVersionKey,
	GenAIConversationIDKey:             official.GenAIConversationIDKey,
	GenAIWorkflowNameKey:               official.GenAIWorkflowNameKey,
	GenAIRequestModelKey:               official.GenAIRequestModelKey,
	GenAIRequestMaxTokensKey:           official.GenAIRequestMaxTokensKey,
	GenAIRequestTemperatureKey:         official.GenAIRequestTemperatureKey,
	GenAIRequestTopPKey:                official.GenAIRequestTopPKey,
	GenAIRequestTopKKey:                official.GenAIRequestTopKKey,
	GenAIRequestSeedKey:                official.GenAIRequestSeedKey,
	GenAIRequestStopSequencesKey:       official.GenAIRequestStopSequencesKey,
	GenAIResponseIDKey:                 official.GenAIResponseIDKey,
	GenAIResponseModelKey:              official.GenAIResponseModelKey,
	GenAIResponseFinishReasonsKey:      official.GenAIResponseFinishReasonsKey,
	GenAIUsageInputTokensKey:           official.GenAIUsageInputTokensKey,
	GenAIUsageOutputTokensKey:          official.GenAIUsageOutputTokensKey,
	GenAIUsageCacheReadInputTokensKey:  official.GenAIUsageCacheReadInputTokensKey,
	GenAIUsageReasoningOutputTokensKey: official.GenAIUsageReasoningOutputTokensKey,
	GenAIInputMessagesKey:              official.GenAIInputMessagesKey,
	GenAIOutputMessagesKey:             official.GenAIOutputMessagesKey,
	GenAISystemInstructionsKey:         official.GenAISystemInstructionsKey,
	GenAIToolNameKey:                   official.GenAIToolNameKey,
	GenAIToolCallIDKey:                 official.GenAIToolCallIDKey,
	GenAIToolTypeKey:                   official.GenAIToolTypeKey,
	GenAIToolCallArgumentsKey:          official.GenAIToolCallArgumentsKey,
	GenAIToolCallResultKey:             official.GenAIToolCallResultKey,
	ErrorTypeKey:                       official.ErrorTypeKey,
	UserIDKey:                          official.UserIDKey,
	ServerAddressKey:                   official.ServerAddressKey,
}

// standardValues pairs enum values of this package with the official ones.
var standardValues = map[string]attribute.KeyValue{
	OperationInvokeAgent:     official.GenAIOperationNameInvokeAgent,
	OperationChat:            official.GenAIOperationNameChat,
	OperationTextCompletion:  official.GenAIOperationNameTextCompletion,
	OperationGenerateContent: official.GenAIOperationNameGenerateContent,
	OperationEmbeddings:      official.GenAIOperationNameEmbeddings,
	OperationExecuteTool:     official.GenAIOperationNameExecuteTool,
	OperationInvokeWorkflow:  official.GenAIOperationNameInvokeWorkflow,
	ProviderOpenAI:           official.GenAIProviderNameOpenAI,
	ProviderAnthropic:        official.GenAIProviderNameAnthropic,
	ProviderAWSBedrock:       official.GenAIProviderNameAWSBedrock,
	ProviderAzureAIOpenAI:    official.GenAIProviderNameAzureAIOpenAI,
	ProviderGCPVertexAI:      official.GenAIProviderNameGCPVertexAI,
	ProviderMistralAI:        official.GenAIProviderNameMistralAI,
}

// newerThanGoPackage lists standard values defined by gen-ai/1.42.0 that the
// official Go package (semconv v1.41.0) does not have yet.
var newerThanGoPackage = map[string]bool{
	OperationPlan: true,
}

func TestStandardKeysMatchOfficialNames(t *testing.T) {
	for ours, theirs := range standardKeys {
		if ours != theirs {
			t.Errorf("key %q differs from the official %q", ours, theirs)
		}
	}
}

func TestStandardValuesMatchOfficialValues(t *testing.T) {
	for ours, theirs := range standardValues {
		if ours != theirs.Value.AsString() {
			t.Errorf("value %q differs from the official %q (%s)", ours, theirs.Value.AsString(), theirs.Key)
		}
	}
}

// TestEveryKeyIsStandardOrAudit reads this package's source and checks that
// every attribute.Key literal is either a checked standard name or lives in
// the audit.* namespace, and that no audit name collides with a standard one.
func TestEveryKeyIsStandardOrAudit(t *testing.T) {
	standard := map[string]bool{}
	for k := range standardKeys {
		standard[string(k)] = true
	}
	for _, key := range keyLiterals(t) {
		t.Run(key, func(t *testing.T) {
			switch {
			case standard[key]:
			case strings.HasPrefix(key, "audit."):
				if standard["gen_ai."+strings.TrimPrefix(key, "audit.")] {
					t.Errorf("%q shadows a standard gen_ai name", key)
				}
			default:
				t.Errorf("%q is neither a checked standard name nor in the audit namespace", key)
			}
		})
	}
}

func TestEveryValueIsChecked(t *testing.T) {
	for _, v := range []string{
		OperationInvokeAgent, OperationChat, OperationTextCompletion, OperationGenerateContent,
		OperationEmbeddings, OperationExecuteTool, OperationPlan, OperationInvokeWorkflow,
		ProviderOpenAI, ProviderAnthropic, ProviderAWSBedrock, ProviderAzureAIOpenAI,
		ProviderGCPVertexAI, ProviderMistralAI,
	} {
		if _, ok := standardValues[v]; !ok && !newerThanGoPackage[v] {
			t.Errorf("value %q is not checked against the official package", v)
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"gen_ai.system", string(official.GenAIProviderNameKey)},
		{"gen_ai.usage.prompt_tokens", string(official.GenAIUsageInputTokensKey)},
		{"gen_ai.usage.completion_tokens", string(official.GenAIUsageOutputTokensKey)},
		{"gen_ai.openai.request.seed", string(official.GenAIRequestSeedKey)},
		{"gen_ai.request.model", "gen_ai.request.model"},
		{"audit.reasoning", "audit.reasoning"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Canonical(tt.in); got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// keyLiterals returns the string of every attribute.Key("...") conversion in
// the package's non-test source files.
func keyLiterals(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatalf("parse package: %v", err)
	}
	var keys []string
	for _, pkg := range pkgs {
		ast.Inspect(pkg, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Key" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("unquote %s: %v", lit.Value, err)
			}
			keys = append(keys, s)
			return true
		})
	}
	if len(keys) < 30 {
		t.Fatalf("found only %d key literals; the source scan is broken", len(keys))
	}
	return keys
}
