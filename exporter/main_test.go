package exporter

import (
	"os"
	"testing"

	"github.com/otelaudit/otelaudit/internal/chhttp"
	"github.com/otelaudit/otelaudit/internal/enginetest"
)

// engine is the package's one embedded ClickHouse endpoint.
var engine enginetest.Engine

func TestMain(m *testing.M) { os.Exit(engine.Main(m, "exporter-test-*", nil)) }

// needEngine returns the shared engine or skips the test with the reason
// it is missing.
func needEngine(t testing.TB) *chhttp.Server { return engine.Server(t) }
