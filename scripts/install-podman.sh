#!/usr/bin/env bash
# Installs and configures what `make deploy-test` needs to build and run the images here:
# Debian's podman with runc (rootful), debootstrap for the local base images, podman-compose,
# and curl/openssl for the checks. Idempotent: installs only what is missing and rewrites the
# podman configuration only when it differs. Run as root (CI) or with sudo available.
#
# Why the configuration: on this machine kind crun (podman's default runtime) fails on the
# containers' rlimits and on the host's hybrid cgroup layout; runc works, including named
# networks with DNS between containers. default_ulimits = [] keeps podman from setting any.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-podman: run as root (or with sudo): it installs Debian packages" >&2
    exit 1
  fi
fi

missing=()
for pkg in podman runc debootstrap netavark aardvark-dns iptables curl openssl ca-certificates; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

conf=/etc/containers/containers.conf
want='# Written by scripts/install-podman.sh (Participatory Planner): crun fails on this machine
# kind (rlimits, hybrid cgroups); runc works.
[containers]
default_ulimits = []

[engine]
runtime = "runc"

[network]
network_backend = "netavark"
'
if [ "$(cat "$conf" 2>/dev/null)" != "$(printf '%s' "$want")" ]; then
  $SUDO mkdir -p /etc/containers
  [ -f "$conf" ] && [ ! -f "$conf.orig" ] && $SUDO cp "$conf" "$conf.orig"
  printf '%s' "$want" | $SUDO tee "$conf" >/dev/null
  echo "install-podman: wrote $conf"
fi

# podman-compose: Debian's 1.0.3 predates profiles and depends_on conditions; PyPI's current
# release has both. Installed once, pinned.
compose_version=1.6.0
# Run as `python3 -m podman_compose` (scripts/deploy-test.sh), so no PATH shim is needed.
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("podman-compose"))' 2>/dev/null)" != "$compose_version" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "podman-compose==$compose_version"
fi

echo "install-podman: $(podman --version), $(runc --version | head -1), podman-compose $(python3 -c 'import importlib.metadata as m; print(m.version("podman-compose"))')"
