#!/usr/bin/env bash
# The API contract, tested from outside as an integrator would (issue 11):
#   (a) Schemathesis, all checks, as an admin (bearer token, as the API documents for scripts),
#       against openapi.yaml, with a fixed seed and a bounded number of examples per operation;
#   (b) a Python client generated from openapi.yaml by openapi-python-client, driving one
#       consultation end to end (tests/contract/journey.py).
# Both run against the real debug server on a temp SQLite database seeded with the demo process.
# Exits non-zero when either part fails; always stops the server.
#
# Needs the tools of scripts/contract-tools.sh (`make contract` runs both).
#
# Environment:
#   PLANNER_BIN             use this server binary instead of building the debug one
#   CONTRACT_OUT            where reports go (default: contract-report/ in the repo root)
#   CONTRACT_SEED           Schemathesis seed (default 20261130)
#   CONTRACT_MAX_EXAMPLES   examples per operation and phase (default 15)
#   CONTRACT_PARTS          "schemathesis journey" (default both), or just one of them
#   CONTRACT_KEEP=1         keep the temp directory (database, server log, generated client)
#   CONTRACT_ST_ARGS        more Schemathesis options, e.g. "--phases coverage" or "--no-shrink"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${CONTRACT_VENV:-$root/.venv-contract}"
py="$venv/bin/python"
out="${CONTRACT_OUT:-$root/contract-report}"
seed="${CONTRACT_SEED:-20261130}"
max_examples="${CONTRACT_MAX_EXAMPLES:-15}"
parts="${CONTRACT_PARTS:-schemathesis journey}"
spec="$root/openapi.yaml"

if [[ ! -x "$venv/bin/schemathesis" || ! -x "$venv/bin/openapi-python-client" ]]; then
    echo "contract-test: the tools are missing; run scripts/contract-tools.sh first" >&2
    exit 2
fi

# --- the server binary ----------------------------------------------------------------------
if [[ -n "${PLANNER_BIN:-}" ]]; then
    bin="$PLANNER_BIN"
else
    # Built as `cargo test` builds it (the Makefile's DEBUG_SERVER says why): after the unit
    # tests there is nothing left to compile.
    echo "contract-test: building the debug server (cargo test --no-run -p planner --test api)"
    (cd "$root" && cargo test --locked --no-run --quiet -p planner --test api)
    target="${CARGO_TARGET_DIR:-$root/target}"
    [[ "$target" = /* ]] || target="$root/$target"
    bin="$target/debug/planner"
fi
[[ -x "$bin" ]] || { echo "contract-test: no server binary at $bin" >&2; exit 2; }

# --- a temp installation ----------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/planner-contract.XXXXXX")"
server_pid=""
cleanup() {
    local rc=$?
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -f "$work/server.log" ]]; then
        mkdir -p "$out" && cp "$work/server.log" "$out/server.log"
    fi
    if [[ "${CONTRACT_KEEP:-}" == 1 ]]; then
        echo "contract-test: kept $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
admin_token="$("$py" -c 'import secrets; print("ppa-contract-" + secrets.token_urlsafe(24))')"
secret_key="$("$py" -c 'import secrets; print(secrets.token_hex(32))')"
big=1000000

# Production settings, with three deliberate differences: plain http on loopback (so the
# cookie is not Secure, or the journey's client would never send it back over http), rate
# limits raised so that a few thousand requests from one address do not drown the run in 429,
# and the lexical analysis engine (no model download; only the analysis quality differs).
server_env=(
    "PATH=$PATH"
    "HOME=${HOME:-$work}"
    "APP_ENV=production"
    "PLANNER_CONFIG=$work/no-config.toml"
    "DATABASE_URL=$work/planner.db"
    "BIND_ADDR=127.0.0.1:$port"
    "ADMIN_TOKEN=$admin_token"
    "SECRET_KEY=$secret_key"
    "ALLOWED_ORIGINS=$base"
    "TRUSTED_PROXIES=none"
    "COOKIE_SECURE=false"
    "STATIC_DIR=$work/no-frontend"
    "MODEL_DIR=$work/no-model"
    "RATE_LIMIT_LOGIN_FAILURES_PER_MINUTE=$big"
    "RATE_LIMIT_REGISTER_PER_HOUR=$big"
    "RATE_LIMIT_IP_PER_HOUR=$big"
    "RATE_LIMIT_IP_PER_DAY=$big"
    "RATE_LIMIT_TOKEN_PER_HOUR=$big"
    "RATE_LIMIT_SUBMISSIONS_PER_HOUR=$big"
    "RATE_LIMIT_SIMILAR_PER_MINUTE=$big"
    "RATE_LIMIT_REPORTS_PER_HOUR=$big"
    "RATE_LIMIT_SUPPORTS_PER_HOUR=$big"
    "RATE_LIMIT_SIGN_INS_PER_MINUTE=$big"
    "RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR=$big"
    "RATE_LIMIT_ANALYSIS_SENTENCES_PER_HOUR_PER_IP=$big"
    "RUST_LOG=warn"
)

# Data to test against: the demo process (a hundred analysed submissions, some with places).
(cd "$work" && env -i "${server_env[@]}" "$bin" demo > "$work/demo.log" 2>&1) || {
    cat "$work/demo.log" >&2
    echo "contract-test: planner demo failed" >&2
    exit 1
}

(cd "$work" && exec env -i "${server_env[@]}" "$bin" serve > "$work/server.log" 2>&1) &
server_pid=$!

"$py" - "$base" "$server_pid" <<'EOF' || { cat "$work/server.log" >&2; exit 1; }
import os, sys, time, httpx
base, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("contract-test: the server exited during start-up")
    try:
        if httpx.get(base + "/healthz", timeout=2).status_code == 200:
            break
    except httpx.HTTPError:
        pass
    if time.monotonic() > deadline:
        sys.exit("contract-test: the server did not become healthy in 60 s")
    time.sleep(0.2)
EOF

# The row id of our admin token, which the Schemathesis hooks keep it from revoking.
admin_token_id="$("$py" -c '
import sys, httpx
r = httpx.get(sys.argv[1] + "/api/v1/auth/session", headers={"Authorization": "Bearer " + sys.argv[2]})
r.raise_for_status(); print(r.json()["token_id"])' "$base" "$admin_token")"

echo "contract-test: server $base (pid $server_pid), admin token id $admin_token_id"
mkdir -p "$out"
rm -rf "$out/schemathesis" "$out/journey.log"
status=0

# --- (a) Schemathesis -------------------------------------------------------------------------
if [[ " $parts " == *" schemathesis "* ]]; then
    echo "contract-test: Schemathesis (all checks, seed $seed, $max_examples examples per operation)"
    started=$(date +%s)
    set +e
    PP_ADMIN_TOKEN_ID="$admin_token_id" PP_DEMO_SLUG="demo-riverfront" \
    SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$root/tests/contract" \
    "$venv/bin/schemathesis" --config-file "$root/tests/contract/schemathesis.toml" run "$spec" \
        --url "$base" \
        --header "Authorization: Bearer $admin_token" \
        --checks all \
        --seed "$seed" \
        --max-examples "$max_examples" \
        --generation-database none \
        --workers 1 \
        --no-color \
        --continue-on-failure \
        --report junit,ndjson \
        --report-junit-path "$out/schemathesis/junit.xml" \
        --report-ndjson-path "$out/schemathesis/events.ndjson" \
        ${CONTRACT_ST_ARGS:-} \
        > "$out/schemathesis.log" 2>&1
    st_rc=$?
    set -e
    echo "contract-test: Schemathesis exited $st_rc after $(( $(date +%s) - started )) s (log: $out/schemathesis.log)"
    "$py" "$root/tests/contract/summarize.py" "$out/schemathesis/events.ndjson" \
        --admin-token "$admin_token" --base "$base" \
        --json "$out/schemathesis-failures.json" > "$out/schemathesis-failures.md" || true
    tail -n 40 "$out/schemathesis.log"
    [[ $st_rc -eq 0 ]] || status=1
fi

# --- (b) the generated Python client's journey ------------------------------------------------
if [[ " $parts " == *" journey "* ]]; then
    echo "contract-test: generating the Python client (openapi-python-client)"
    gen="$work/client"
    mkdir -p "$gen"
    set +e
    "$venv/bin/openapi-python-client" generate --path "$spec" --meta none \
        --config "$root/tests/contract/openapi-python-client.yaml" \
        --output-path "$gen/planner_client" --fail-on-warning > "$work/generate.log" 2>&1
    gen_rc=$?
    set -e
    cat "$work/generate.log" > "$out/generate.log"
    if [[ $gen_rc -ne 0 ]]; then
        cat "$work/generate.log"
        echo "contract-test: openapi-python-client could not generate a clean client from openapi.yaml"
        status=1
    else
        # Install it into the venv (a plain package: nothing to build, nothing to download).
        site="$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
        rm -rf "$site/planner_client"
        cp -a "$gen/planner_client" "$site/planner_client"
        echo "contract-test: the journey through the generated client"
        set +e
        PP_BASE_URL="$base" PP_ADMIN_TOKEN="$admin_token" \
            "$py" "$root/tests/contract/journey.py" 2>&1 | tee "$out/journey.log"
        j_rc=${PIPESTATUS[0]}
        set -e
        [[ $j_rc -eq 0 ]] || status=1
    fi
fi

if [[ $status -eq 0 ]]; then
    echo "contract-test: passed"
else
    echo "contract-test: FAILED (reports in $out)"
fi
exit $status
