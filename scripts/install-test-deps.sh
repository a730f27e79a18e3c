#!/usr/bin/env bash
# Installs what the browser tests need that npm cannot: Debian's Chromium (driven by
# playwright-core; `npx playwright install` cannot download browsers here). Idempotent; run as
# root (CI) or with sudo available.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-test-deps: chromium present ($(/usr/bin/chromium --version 2>/dev/null | tail -n1))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-test-deps: /usr/bin/chromium is missing and this is not root; install the chromium package" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
