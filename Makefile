# OneFunnel — the short menu. `make` lists the targets.
#
# Tests find PostgreSQL themselves: ONEFUNNEL_TEST_DATABASE_URL if set, else
# 127.0.0.1:5432, else a throwaway cluster. Make passes the environment through.

GO            ?= go
ARGS          ?=
NPM_FRONTEND  := npm --prefix frontend
# npm ci refuses a lockfile without every platform's optional binaries, and the
# registry here lacks some of Tailwind's (android-arm64); npm install keeps to
# the lockfile for everything it lists and skips the missing optional ones.
NPM_INSTALL   := $(NPM_FRONTEND) ci --no-audit --no-fund 2>/dev/null || $(NPM_FRONTEND) install --no-audit --no-fund
WEB_APP       := $(wildcard frontend/package.json)
GOLANGCI_LINT ?= $(shell command -v golangci-lint 2>/dev/null || echo "$$($(GO) env GOPATH)/bin/golangci-lint")

.DEFAULT_GOAL := help
.PHONY: help run dev build build-web generate check-generated lint test test-web test-e2e test-fault test-race bench bench-api bench-ingest bench-lag bench-reports bench-demo migrate clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: build-web ## build the web app and start the server (SQLite in ./data unless ONEFUNNEL_DATABASE_URL is set); ARGS= adds flags
	$(GO) run . serve --first-login $(ARGS)

dev: ## the web app on Vite's dev server (http://localhost:5173) with the API proxied to a Go server on :8080
ifneq ($(WEB_APP),)
	@test -d frontend/node_modules || { $(NPM_INSTALL); }
	@trap 'kill 0' EXIT INT TERM; $(GO) run . serve --addr 127.0.0.1:8080 $(ARGS) & $(NPM_FRONTEND) run dev
else
	@echo "frontend/package.json is missing" >&2; exit 1
endif

build: build-web ## build the single binary bin/onefunnel
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/onefunnel .

build-web: ## build the web app into frontend/dist (skipped until frontend/package.json exists)
ifneq ($(WEB_APP),)
	$(NPM_INSTALL)
	$(NPM_FRONTEND) run build
endif

generate: ## regenerate code from api/openapi.yaml (Go server and the web app's client types)
	$(GO) generate ./...
ifneq ($(WEB_APP),)
	@test -d frontend/node_modules || { $(NPM_INSTALL); }
	$(NPM_FRONTEND) run --silent generate
endif

check-generated: generate ## fail if generated code differs from what is committed
	@git diff --exit-code --stat -- api/ frontend/src/api/ || { echo "generated code is stale: run make generate" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- api/ frontend/src/api/)" || { git status --porcelain -- api/ frontend/src/api/ >&2; echo "generated code is stale: run make generate" >&2; exit 1; }

lint: ## gofmt, go vet and golangci-lint
	@unformatted="$$(find . -name node_modules -prune -o -name '*.go' -print | xargs -r gofmt -l)"; test -z "$$unformatted" || { echo "gofmt needed on:" >&2; echo "$$unformatted" >&2; exit 1; }
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

test: lint ## lint, then every Go test (SQLite and PostgreSQL) and the web app's tests (components, then the browser)
	$(GO) test -count=1 -timeout 20m ./...
ifneq ($(WEB_APP),)
	$(MAKE) test-web test-e2e
endif

test-web: ## the web app's type check and component tests (vitest)
	@test -d frontend/node_modules || { $(NPM_INSTALL); }
	$(NPM_FRONTEND) run --silent typecheck
	$(NPM_FRONTEND) test

test-e2e: ## browser tests: builds the web app and the binary, runs Playwright on Debian's Chromium (fails without /usr/bin/chromium)
	@test -d frontend/node_modules || { $(NPM_INSTALL); }
	$(NPM_FRONTEND) run e2e

test-fault: ## the kill test: SIGKILL the server during ingest on SQLite and PostgreSQL, restart, resend; every acknowledged event stored once (docs/tracking.md); ARGS=-fault.seed=N repeats a run's kill points
	$(GO) test -count=1 -run '^TestKillDuringIngest$$' -v . -args $(ARGS)

test-race: ## Go tests under the race detector (needs cgo and gcc)
	CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 30m ./...

bench: bench-api bench-ingest bench-lag bench-reports bench-demo ## all benchmarks

bench-api: ## API load test on PostgreSQL and SQLite against raw SQL, about 5 min (docs/benchmarks.md); ARGS= adds -bench.* flags
	$(GO) test ./api/bench/ -run '^$$' -bench 'BenchmarkAPI' -benchtime 1x -count 1 -timeout 9m -args $(ARGS)
bench-ingest: ## tracking ingest load test (/v1/batch, /v1/track) on PostgreSQL and SQLite against raw COPY/INSERT, about 3.5 min (docs/benchmarks.md); ARGS= adds -bench.* flags
	$(GO) test ./api/bench/ -run '^$$' -bench 'BenchmarkIngest' -benchtime 1x -count 1 -timeout 9m -args -bench.duration 5s -bench.warmup 1s $(ARGS)

bench-lag: ## processing lag (event accepted → touchpoint of a contact visible) under a paced tracking load of 2,500 to 10,000 events/s on PostgreSQL, about 2.5 min (docs/benchmarks.md); ARGS= adds -bench.* flags
	$(GO) test ./api/bench/ -run '^$$' -bench 'BenchmarkProcessingLag' -benchtime 1x -count 1 -timeout 9m -args -bench.dialects postgres $(ARGS)

bench-reports: ## every report over the API on PostgreSQL with 5,000,000 touchpoints and 50,000 won prospects, against a bare scan of the same rows, about 6 min (docs/benchmarks.md); ARGS= adds -bench.* flags
	$(GO) test ./api/bench/ -run '^$$' -bench 'BenchmarkReports' -benchtime 1x -count 1 -timeout 30m -args $(ARGS)

bench-demo: ## writing the benchmark-size demo (200,000 prospects, 5.35 M touchpoints) to PostgreSQL, about 10 min (docs/demo.md); ARGS= adds -demo.* flags
	$(GO) test ./storage/ -run '^$$' -bench 'BenchmarkDemoWrite' -benchtime 1x -count 1 -timeout 60m -args $(ARGS)

migrate: ## apply database migrations and exit
	$(GO) run . migrate $(ARGS)

clean: ## remove build output (keeps ./data)
	rm -rf bin/ frontend/node_modules/ frontend/test-results/
	find frontend/dist -mindepth 1 ! -name .keep -exec rm -rf {} +
