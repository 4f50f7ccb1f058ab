package chdb

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

func TestQuery(t *testing.T) {
	s := session(t)
	for _, q := range []string{
		"CREATE TABLE query_t (id UInt64, name String) ENGINE = MergeTree ORDER BY id",
		"INSERT INTO query_t SELECT number, toString(number) FROM numbers(5)",
	} {
		if _, err := s.Query(q, "TabSeparated"); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	tests := []struct {
		name   string
		query  string
		format string
		want   string
	}{
		{"tsv", "SELECT id, name FROM query_t ORDER BY id LIMIT 2", "TabSeparated", "0\t0\n1\t1\n"},
		{"json each row", "SELECT id FROM query_t WHERE id = 3", "JSONEachRow", "{\"id\":3}\n"},
		{"csv", "SELECT count() FROM query_t", "CSV", "5\n"},
		{"empty result", "SELECT id FROM query_t WHERE id > 100", "TabSeparated", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Query(tt.query, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQueryResultStats(t *testing.T) {
	s := session(t)
	r, err := s.QueryResult("SELECT number FROM numbers(10)", "TabSeparated")
	if err != nil {
		t.Fatal(err)
	}
	if r.RowsRead != 10 || len(r.Data) != 20 {
		t.Errorf("RowsRead = %d, len(Data) = %d; want 10, 20", r.RowsRead, len(r.Data))
	}
}

func TestQueryErrors(t *testing.T) {
	s := session(t)
	tests := []struct {
		name  string
		query string
		code  int
		text  string
	}{
		{"syntax", "SELECT FROM WHERE", 62, "Syntax error"},
		{"unknown table", "SELECT * FROM no_such_table", 60, "no_such_table"},
		{"unknown function", "SELECT no_such_function(1)", 46, "no_such_function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Query(tt.query, "TabSeparated")
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if ce.Code != tt.code || !strings.Contains(ce.Error(), tt.text) || !strings.HasPrefix(ce.Error(), "Code: ") {
				t.Errorf("got code %d %q; want code %d containing %q", ce.Code, ce.Error(), tt.code, tt.text)
			}
		})
	}
}

func TestQueryRejectsNUL(t *testing.T) {
	s := session(t)
	if _, err := s.Query("SELECT '\x00'", "TabSeparated"); err == nil {
		t.Fatal("query with a NUL byte: want an error")
	}
}

func TestQueryConcurrent(t *testing.T) {
	s := session(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := s.Query("SELECT sum(number) FROM numbers(1000)", "TabSeparated")
			if err == nil && string(out) != "499500\n" {
				err = errors.New("unexpected output " + string(out))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestOpenSecondSessionInProcess(t *testing.T) {
	s := session(t)
	other := t.TempDir()
	_, err := Open(other)
	if !errors.Is(err, ErrSessionOpen) || !strings.Contains(err.Error(), s.Dir()) {
		t.Fatalf("err = %v; want ErrSessionOpen naming %s", err, s.Dir())
	}
}

// TestOpenDirectoryHeldByOtherProcess starts a second process on the shared
// session's directory: it must fail fast with a clear message, and this
// process's data must be intact afterwards.
func TestOpenDirectoryHeldByOtherProcess(t *testing.T) {
	s := session(t)
	for _, q := range []string{
		"CREATE TABLE lock_t (id UInt64) ENGINE = MergeTree ORDER BY id",
		"INSERT INTO lock_t SELECT number FROM numbers(1000)",
	} {
		if _, err := s.Query(q, "TabSeparated"); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"=open", childDirEnv+"="+s.Dir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("child: %v, output %q, stderr %q; want exit code 3", err, out, stderr.String())
	}
	msg := strings.TrimSpace(string(out))
	wantPrefix := "data directory " + s.Dir() + " is in use by another otelaudit process (ClickHouse: Code: 76."
	if !strings.HasPrefix(msg, wantPrefix) || !strings.Contains(msg, "Cannot lock file") || strings.Contains(msg, "\n") {
		t.Errorf("child said %q\nwant one line starting %q", msg, wantPrefix)
	}
	got, err := s.Query("SELECT count(), sum(id) FROM lock_t", "TabSeparated")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "1000\t499500\n" {
		t.Errorf("after the second process: %q, want 1000 rows intact", got)
	}
	if _, err := s.Query("INSERT INTO lock_t VALUES (5000)", "TabSeparated"); err != nil {
		t.Errorf("insert after the second process: %v", err)
	}
}

func TestExclusive(t *testing.T) {
	s := session(t)
	err := s.Exclusive(func(l *Locked) error {
		if _, err := l.Query("SET max_result_rows = 7", "TabSeparated"); err != nil {
			return err
		}
		r, err := l.Query("SELECT value FROM system.settings WHERE name = 'max_result_rows'", "TabSeparated")
		if err != nil {
			return err
		}
		if string(r.Data) != "7\n" {
			t.Errorf("inside Exclusive: %q, want 7", r.Data)
		}
		_, err = l.Query("SET max_result_rows = DEFAULT", "TabSeparated")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
