package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/demo"
	"github.com/otelaudit/otelaudit/internal/report"
	"github.com/otelaudit/otelaudit/otelaudit"
)

// demoFlushTimeout bounds how long the demo waits for the spool to reach
// the store at the end.
const demoFlushTimeout = 2 * time.Minute

// runDemo records sample decisions and summarises the store.
func runDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("demo", "[flags]")
	var sf storeFlags
	sf.register(fs)
	decisions := fs.Int("decisions", 240, "decisions to record")
	sessions := fs.Int("sessions", 20, "sessions to spread them over")
	users := fs.Int("users", 10, "users owning the sessions")
	seed := fs.Uint64("seed", 1, "seed of the generated requests")
	spoolDir := fs.String("spool", "", "spool directory of the durable exporter (default: "+otelaudit.DefaultSpoolDir+" inside --data, or in the working directory with --endpoint)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	models, modelNote := demoModels()

	if *spoolDir == "" {
		*spoolDir = otelaudit.DefaultSpoolDir
		if sf.endpoint == "" {
			*spoolDir = filepath.Join(sf.dataDir, otelaudit.DefaultSpoolDir)
		}
	}
	// withStore checks the store answers before recording: the pipeline
	// itself would wait for it, keeping the decisions in the spool.
	return sf.withStore(ctx, func(st *store, conn driver.Conn) error {
		pipeline, err := otelaudit.Setup(ctx,
			otelaudit.WithEndpoint(st.endpoint),
			otelaudit.WithSpool(*spoolDir),
			otelaudit.WithServiceName("otelaudit-demo"),
			otelaudit.WithExporterOptions(exporter.WithDatabase(sf.database)))
		if err != nil {
			return err
		}
		rec := pipeline.Recorder(otelaudit.WithAgent("support-agent", "1.0.0"), otelaudit.WithAgentID("demo-support-agent"))
		runID := time.Now().UTC().Format("0102-150405")
		fmt.Fprintf(stdout, "recording %d decisions (%s) in %d sessions of %d users ...\n", *decisions, modelNote, *sessions, *users)
		started := time.Now()
		res, runErr := demo.Run(ctx, demo.NewAgent(rec, demo.DefaultPrices()), models, demo.Config{
			Decisions: *decisions, Sessions: *sessions, Users: *users, RunID: runID, Seed: *seed,
		})
		flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), demoFlushTimeout)
		defer cancel()
		if err := pipeline.Shutdown(flushCtx); err != nil {
			return errors.Join(runErr, fmt.Errorf("%w; what was not delivered stays in %s and is sent by the next run", err, *spoolDir))
		}
		if runErr != nil {
			return runErr
		}
		elapsed := time.Since(started)

		stored, err := report.CountSessions(ctx, conn, sf.schemaConfig(), res.Sessions)
		if err != nil {
			return err
		}
		summary, err := report.Summarize(ctx, conn, sf.schemaConfig())
		if err != nil {
			return err
		}

		fmt.Fprintf(stdout, "recorded %d decisions (%d failed) in %s; %d of them are stored\n",
			res.Decisions, res.Failed, elapsed.Round(time.Millisecond), stored)
		fmt.Fprintf(stdout, "where: %s, database %s\n\n", st.where, sf.database)
		fmt.Fprintln(stdout, "all decisions stored so far, per model:")
		if err := summary.Print(stdout); err != nil {
			return err
		}
		if stored != uint64(res.Decisions) {
			return fmt.Errorf("only %d of %d decisions reached the store", stored, res.Decisions)
		}
		storeArg := ""
		if sf.endpoint != "" {
			storeArg = " --endpoint '" + sf.endpoint + "'"
		} else if sf.dataDir != "./data" {
			storeArg = " --data " + sf.dataDir
		}
		fmt.Fprintf(stdout, "\nreplay a session:  go run ./cmd/otelaudit replay%s --session %s\n", storeArg, res.Sessions[0])
		fmt.Fprintf(stdout, "replay a user:     go run ./cmd/otelaudit replay%s --user %s\n", storeArg, res.Users[0])
		fmt.Fprintf(stdout, "ask anything:      go run ./cmd/otelaudit query%s \"SELECT Outcome, count() FROM %s.audit_decisions GROUP BY Outcome\"\n",
			storeArg, sf.database)
		return nil
	})
}

// demoModels returns the real OpenAI-compatible model when OPENAI_API_KEY
// is set, else the two deterministic mock models.
func demoModels() ([]demo.Model, string) {
	key := os.Getenv("OPENAI_API_KEY")
	if key == "" {
		return []demo.Model{demo.NewMockModelA(), demo.NewMockModelB()}, "mock models mock-a and mock-b"
	}
	base := os.Getenv("OPENAI_BASE_URL")
	if base == "" {
		base = "https://api.openai.com/v1"
	}
	model := os.Getenv("OPENAI_MODEL")
	if model == "" {
		model = "gpt-4o-mini"
	}
	return []demo.Model{demo.NewOpenAIModel(base, key, model)}, "model " + model + " at " + base
}
