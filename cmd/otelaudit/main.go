// Command otelaudit runs the embedded ClickHouse, the demo agent, and reads
// the audit trail back: query, replay a session or a user.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `otelaudit — an audit trail for AI-agent decisions on OpenTelemetry and ClickHouse

Usage:
  otelaudit serve   [--data DIR] [--listen ADDR] [--user U --password P]
                    run the embedded ClickHouse (chDB) on DIR behind ClickHouse's HTTP interface
  otelaudit demo    [--data DIR | --endpoint URL] [--decisions N] [--sessions N] [--users N]
                    record sample agent decisions and summarise what is stored
  otelaudit query   [--data DIR | --endpoint URL] SQL
                    run SQL and print the result as a table
  otelaudit replay  (--session ID | --user ID) [--since T] [--until T] [--data DIR | --endpoint URL]
                    print each decision of a session or user in time order
  otelaudit redact  [--key-file FILE] [--explain] < input > output
                    copy standard input to standard output with personal data and secrets redacted
  otelaudit deadletter list [--spool DIR] | resend [--spool DIR] [--data DIR | --endpoint URL]
                    list, or send again, the spans the durable exporter dead-lettered

Without --endpoint, commands open the embedded store in --data (default ./data).
Run "otelaudit COMMAND -h" for a command's flags.
`

// command is one subcommand: it parses its own flags from args.
type command func(ctx context.Context, args []string, stdout io.Writer) error

// errUsage marks an error caused by how the command was called.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code: 0 on
// success, 1 when the command failed, 2 when it was called wrongly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	commands := map[string]command{
		"serve":      runServe,
		"demo":       runDemo,
		"query":      runQuery,
		"replay":     runReplay,
		"redact":     runRedact,
		"deadletter": runDeadLetter,
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "otelaudit: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "otelaudit %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "otelaudit %s: %v\n", args[0], err)
		return 1
	}
}

// newFlagSet returns a flag set for a command that reports parse errors
// through errUsage.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: otelaudit %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a flag error into errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
