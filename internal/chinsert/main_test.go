package chinsert

import (
	"os"
	"testing"

	"github.com/otelaudit/otelaudit/internal/enginetest"
)

// engine is the package's one embedded ClickHouse endpoint.
var engine enginetest.Engine

func TestMain(m *testing.M) { os.Exit(engine.Main(m, "chinsert-test-*", nil)) }
