#!/usr/bin/env bash
# Installs the Debian packages the build and tests need that cargo and npm cannot: libpq's
# headers (the PostgreSQL backend links libpq), the psql client (the PostgreSQL migration
# check) and Chromium for the browser tests (driven by playwright-core; `npx playwright
# install` cannot download browsers here). `--build` checks only what building needs
# (`make run`). Idempotent: installs only what is missing. Run as root (CI) or with sudo
# available.
set -euo pipefail

missing=()
dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
if [ "${1:-}" != "--build" ]; then
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: nothing missing"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-test-deps: missing ${missing[*]} and this is not root; install those Debian packages" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
