package schema

import (
	"os"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/enginetest"
)

// engine is the package's one embedded ClickHouse.
var engine enginetest.Engine

func TestMain(m *testing.M) { os.Exit(engine.Main(m, "schema-test-*", nil)) }

// db returns the shared client or skips the test with the reason the
// engine is missing.
func db(t testing.TB) driver.Conn { return engine.Conn(t) }
