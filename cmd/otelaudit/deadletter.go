package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/exporter/durable"
	"github.com/otelaudit/otelaudit/otelaudit"
)

// defaultSpoolDir is the spool directory the deadletter commands read when
// --spool is not given.
const defaultSpoolDir = "./" + otelaudit.DefaultSpoolDir

// runDeadLetter lists or re-sends the spans the durable exporter
// dead-lettered: "deadletter list" and "deadletter resend".
func runDeadLetter(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: want a subcommand: list or resend", errUsage)
	}
	switch args[0] {
	case "list":
		return runDeadLetterList(args[1:], stdout)
	case "resend":
		return runDeadLetterResend(ctx, args[1:], stdout)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, "Usage:\n  otelaudit deadletter list [--spool DIR]\n  otelaudit deadletter resend [--spool DIR] [--data DIR | --endpoint URL]\n")
		return nil
	}
	return fmt.Errorf("%w: unknown subcommand %q: want list or resend", errUsage, args[0])
}

// runDeadLetterList prints each dead-lettered batch: time, reason, span
// count and decision ids.
func runDeadLetterList(args []string, stdout io.Writer) error {
	fs := newFlagSet("deadletter list", "[--spool DIR]")
	spoolDir := fs.String("spool", defaultSpoolDir, "spool directory of the durable exporter")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	entries, err := durable.ReadDeadLetters(*spoolDir)
	if err != nil && len(entries) == 0 {
		return err
	}
	// Entries that could be read are listed even when others could not.
	for _, e := range entries {
		ids := "-"
		if len(e.DecisionIDs) > 0 {
			ids = strings.Join(e.DecisionIDs, ",")
		}
		fmt.Fprintf(stdout, "%s  %s  spans=%d attempts=%d decisions=%s\n    reason: %s\n",
			e.Time.Format(time.RFC3339), e.ID, e.Spans, e.Attempts, ids, e.Reason)
	}
	fmt.Fprintf(stdout, "%d dead-lettered batch(es) in %s\n", len(entries), *spoolDir)
	return err
}

// runDeadLetterResend sends the dead-lettered spans again; what succeeds
// leaves the file, what fails stays with the new reason.
func runDeadLetterResend(ctx context.Context, args []string, stdout io.Writer) (err error) {
	fs := newFlagSet("deadletter resend", "[--spool DIR] [--data DIR | --endpoint URL]")
	spoolDir := fs.String("spool", defaultSpoolDir, "spool directory of the durable exporter")
	var sf storeFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	st, err := sf.openStore(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.close()) }()
	w, err := exporter.NewWriter(ctx, exporter.WithEndpoint(st.endpoint), exporter.WithDatabase(sf.database))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, w.Close()) }()
	res, err := durable.ResendDeadLetters(ctx, *spoolDir, w)
	fmt.Fprintf(stdout, "resent %d dead-lettered batch(es) to %s; %d failed and stay in %s\n",
		res.Sent, st.where, res.Failed, *spoolDir)
	if err == nil && res.Failed > 0 {
		err = fmt.Errorf("%d batch(es) failed again; see \"otelaudit deadletter list --spool %s\"", res.Failed, *spoolDir)
	}
	return err
}
