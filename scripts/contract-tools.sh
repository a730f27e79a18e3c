#!/usr/bin/env bash
# Creates (once) the project-local virtual environment of the contract tests, .venv-contract/,
# with the pinned, hash-checked Schemathesis and openapi-python-client of
# scripts/contract-requirements.txt. Idempotent: quiet and quick when everything is in place,
# reinstalls when the requirements file changes. Needs only python3 (3.10+) with venv/pip.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${CONTRACT_VENV:-$root/.venv-contract}"
req="$root/scripts/contract-requirements.txt"
python="${PYTHON:-python3}"
stamp="$venv/.requirements.sha256"

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -c 'import schemathesis, openapi_python_client' 2>/dev/null; then
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "contract-tools: creating $venv"
    if ! "$python" -m venv "$venv" 2>/dev/null; then
        # Debian's python3 without python3-venv: install it when we can (root), else say so.
        rm -rf "$venv"
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${ver}-venv" >/dev/null
            "$python" -m venv "$venv"
        else
            echo "contract-tools: '$python -m venv' failed; install your distribution's venv package" >&2
            exit 1
        fi
    fi
fi

echo "contract-tools: installing pinned Schemathesis and openapi-python-client"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --require-hashes --only-binary=:all: -r "$req"
echo "$want" > "$stamp"
"$venv/bin/schemathesis" --version
