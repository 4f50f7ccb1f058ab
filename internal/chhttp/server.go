package chhttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

// DefaultAddr is the listen address when Config.Addr is empty: loopback,
// any free port.
const DefaultAddr = "127.0.0.1:0"

// shutdownTimeout bounds how long Close waits for in-flight requests.
const shutdownTimeout = 10 * time.Second

// Config configures Start.
type Config struct {
	// DataDir is the chDB data directory (created if missing).
	DataDir string
	// Addr is the listen address; DefaultAddr when empty.
	Addr string
	// User and Password, when either is set, are required on every query.
	User     string
	Password string
	// AllowNonLoopback permits an Addr that is not a loopback address.
	AllowNonLoopback bool
}

// Server is ClickHouse's HTTP interface on a chDB session, listening on Addr.
type Server struct {
	session  *chdb.Session
	cfg      Config
	tempDir  string
	ln       net.Listener
	srv      *http.Server
	done     chan struct{}
	serveErr error

	closeOnce sync.Once
	closeErr  error
}

// Start opens the chDB session on cfg.DataDir and serves the HTTP interface
// on cfg.Addr until Close.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("chhttp: Config.DataDir is empty")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if err := checkLoopback(ctx, cfg.Addr, cfg.AllowNonLoopback); err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("chhttp: listen on %s: %w", cfg.Addr, err)
	}
	session, err := chdb.Open(cfg.DataDir)
	if err != nil {
		ln.Close()
		return nil, err
	}
	tempDir, err := os.MkdirTemp("", "otelaudit-chhttp-*")
	if err != nil {
		ln.Close()
		session.Close()
		return nil, fmt.Errorf("chhttp: create staging directory: %w", err)
	}
	handler := NewHandler(session, WithCredentials(cfg.User, cfg.Password), WithTempDir(tempDir))
	s := &Server{
		session: session,
		cfg:     cfg,
		tempDir: tempDir,
		ln:      ln,
		srv:     &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second},
		done:    make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.serveErr = err
		}
	}()
	return s, nil
}

// checkLoopback rejects a non-loopback listen address unless allowed.
func checkLoopback(ctx context.Context, addr string, allow bool) error {
	if allow {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("chhttp: Config.Addr %q: %w", addr, err)
	}
	notLoopback := fmt.Errorf("chhttp: Config.Addr %q is not a loopback address; the embedded ClickHouse endpoint has no TLS and listens on loopback only unless Config.AllowNonLoopback is set", addr)
	if host == "" {
		return notLoopback
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return notLoopback
		}
		return nil
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return fmt.Errorf("chhttp: resolve Config.Addr %q: %w", addr, err)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return notLoopback
		}
	}
	return nil
}

// Addr returns the address the server listens on, e.g. "127.0.0.1:34567".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL returns the server's base URL, e.g. "http://127.0.0.1:34567".
func (s *Server) URL() string { return "http://" + s.Addr() }

// DSN returns a clickhouse-go DSN (HTTP protocol) for the server, with the
// configured credentials.
func (s *Server) DSN() string {
	u := url.URL{Scheme: "http", Host: s.Addr()}
	if s.cfg.User != "" || s.cfg.Password != "" {
		u.User = url.UserPassword(orDefault(s.cfg.User), s.cfg.Password)
	}
	return u.String()
}

// Session returns the chDB session the server runs queries on.
func (s *Server) Session() *chdb.Session { return s.session }

// Close stops accepting requests, waits for in-flight ones (up to 10s),
// then closes the chDB session. Later calls return the first result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		var errs []error
		if err := s.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("chhttp: shutdown: %w", err))
			if err := s.srv.Close(); err != nil {
				errs = append(errs, fmt.Errorf("chhttp: close: %w", err))
			}
		}
		<-s.done
		if s.serveErr != nil {
			errs = append(errs, fmt.Errorf("chhttp: serve: %w", s.serveErr))
		}
		if err := s.session.Close(); err != nil {
			errs = append(errs, fmt.Errorf("chhttp: close chDB session: %w", err))
		}
		if err := os.RemoveAll(s.tempDir); err != nil {
			errs = append(errs, fmt.Errorf("chhttp: remove staging directory: %w", err))
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}
