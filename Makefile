# otelaudit — make demo | test | bench | lint | fuzz | chdb | build
SHELL := /usr/bin/env bash

CHDB_VERSION := 26.5.3
CACHE_DIR    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/otelaudit
CHDB_DIR     := $(CACHE_DIR)/chdb/$(CHDB_VERSION)
# The chDB library the project's binaries and tests load.
export CHDB_LIB_PATH ?= $(CHDB_DIR)/libchdb.so

GO       ?= go
DATA     ?= ./data
FUZZTIME ?= 20s
# How long the fuzzer may spend shrinking one new input: the default 60s lets
# the large OTLP seeds take the whole run.
FUZZMINIMIZE ?= 2s

.PHONY: demo test bench bench-redact bench-export lint fuzz chdb build deps check-go clean

## demo: record 240 sample decisions into the embedded ClickHouse under ./data and summarise them
demo: deps chdb
	$(GO) run ./cmd/otelaudit demo --data $(DATA)

## test: vet, format check and the race-enabled test suite against the real engine
test: deps chdb lint
	$(GO) test -race -count=1 ./...

## bench: the benchmarks, with allocations
bench: deps chdb
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-redact: our redaction against the contrib redactionprocessor on the same 1,000 spans; ratio on the last line
bench-redact: deps
	$(GO) run ./bench/redact/cmd/ratio -benchtime 1s -count 3 -cpu 1

## bench-export: our span conversion against the contrib clickhouseexporter, and the whole SDK path; figures on the last line
bench-export: deps
	$(GO) run ./bench/export/cmd/ratio -benchtime 1s -count 3

## lint: go vet and gofmt
lint: check-go
	$(GO) vet ./...
	@out="$$(gofmt -l .)"; if [[ -n "$$out" ]]; then echo "gofmt: these files need formatting:"; echo "$$out"; exit 1; fi

## fuzz: run each fuzz target for FUZZTIME
fuzz: deps chdb
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg || exit 1; \
	  done; \
	done

## build: the otelaudit CLI into ./bin
build: deps
	$(GO) build -o bin/otelaudit ./cmd/otelaudit

## chdb: fetch libchdb.so once into the cache folder (npm pack, integrity checked)
chdb:
	@if [[ ! -f "$(CHDB_LIB_PATH)" ]]; then \
	  if [[ "$(CHDB_LIB_PATH)" == "$(CHDB_DIR)/libchdb.so" ]]; then scripts/fetch-chdb.sh "$(CHDB_DIR)" >/dev/null; \
	  else echo "CHDB_LIB_PATH=$(CHDB_LIB_PATH) does not exist: point it at libchdb.so, or unset it to fetch the library into $(CHDB_DIR)"; exit 1; fi; \
	fi

## deps: the Go toolchain and the Go modules
deps: check-go
	@$(GO) mod download

check-go:
	@command -v $(GO) >/dev/null 2>&1 || { echo "Go is missing: install Go 1.26 or newer (https://go.dev/doc/install)"; exit 1; }

clean:
	rm -rf bin
