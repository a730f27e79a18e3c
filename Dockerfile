# syntax=docker/dockerfile:1
# Participatory Planner: SPA build, release build, small non-root runtime.
#
# Base images, pinned by digest (multi-arch index). Debian 13 "trixie" throughout (Debian 12's
# regular security support ended 2026-06-10), Node.js 24 LTS (20 reached end of life on
# 2026-04-30; 24 is supported until 2028-04-30), Python 3.13, Rust 1.95 (what the project
# builds with). The digests could not be read from the registry where this was written (no
# access to Docker Hub): they are the ones public Dockerfiles pin for these tags, so check them
# when you first build: `scripts/pin-base-images.sh` (needs `docker buildx` or `skopeo` and the
# registry) prints the current digest of each tag. `make deploy-test` builds this file with
# locally made images of the same names instead (--build-arg, scripts/make-base-images.sh).
ARG NODE_IMAGE=node:24-trixie-slim@sha256:8ec5d7557396cfe32d21c3f9c13072355ceab22b584578ca4bb28af31120cffe
ARG PYTHON_IMAGE=python:3.13-slim-trixie@sha256:9d2e5553305c7c7b0097999bb17187c69b921ccd6bc9d40e4bb5ebe652c00285
ARG RUST_IMAGE=rust:1.95-slim-trixie@sha256:28846ec5a6bcfcddb93f403ba7071bd579787852b2f2ac3839965620e8bd9456
ARG RUNTIME_IMAGE=debian:trixie-slim@sha256:3a39a0592364683e6bab97937b72cad5a8fa6dcbbee90edb3bb48c7f8e94f258

FROM ${NODE_IMAGE} AS frontend
WORKDIR /src
COPY frontend/ frontend/
COPY openapi.yaml ./
RUN if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; \
    else mkdir -p frontend/dist; fi

FROM ${PYTHON_IMAGE} AS model
WORKDIR /src
COPY scripts/fetch-model.sh scripts/
RUN MODEL_DIR=/model scripts/fetch-model.sh

FROM ${RUST_IMAGE} AS backend
# libpq for the PostgreSQL backend (diesel links it; SQLite is bundled); pkg-config finds it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend/ backend/
COPY analysis/ analysis/
COPY migrations/ migrations/
COPY openapi.yaml .env.example ./
RUN cargo build --release --locked --bin planner

# The runtime stage. `make deploy-test` builds this stage alone (scripts/build-image.sh
# --prebuilt) from the release binary, SPA and model the same run built on the host: keep every
# COPY --from below to one of the paths that script maps.
FROM ${RUNTIME_IMAGE} AS runtime
# uid 1000: what Hugging Face Docker Spaces run as, so the persistent /data stays writable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --home-dir /app --shell /usr/sbin/nologin planner \
 && mkdir -p /app /data \
 && chown planner:planner /data
WORKDIR /app
COPY --from=backend /src/target/release/planner /usr/local/bin/planner
COPY --from=frontend /src/frontend/dist /app/frontend/dist
COPY --from=model /model /app/models/all-MiniLM-L6-v2
ENV APP_ENV=production \
    BIND_ADDR=0.0.0.0:8080 \
    DATABASE_URL=/data/planner.db \
    STATIC_DIR=/app/frontend/dist \
    MODEL_DIR=/app/models/all-MiniLM-L6-v2 \
    RUST_LOG=info
USER planner
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["planner", "healthcheck"]
ENTRYPOINT ["planner"]
CMD ["serve"]
