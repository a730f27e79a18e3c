# syntax=docker/dockerfile:1
# Participatory Planner: SPA build, release build, small non-root runtime.

FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY frontend/ frontend/
COPY openapi.yaml ./
RUN if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; \
    else mkdir -p frontend/dist; fi

FROM python:3.11-slim-bookworm AS model
WORKDIR /src
COPY scripts/fetch-model.sh scripts/
RUN MODEL_DIR=/model scripts/fetch-model.sh

FROM rust:1.95-bookworm AS backend
# libpq for the PostgreSQL backend (diesel links it; SQLite is bundled).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY backend/ backend/
COPY analysis/ analysis/
COPY migrations/ migrations/
COPY openapi.yaml .env.example ./
RUN cargo build --release --locked --bin planner

FROM debian:bookworm-slim AS runtime
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
