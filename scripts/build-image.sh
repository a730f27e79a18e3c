#!/usr/bin/env bash
# Builds the participatory-planner image with podman from the locally made base images
# (scripts/make-base-images.sh), tagged participatory-planner:latest (docker-compose.yml's name).
#
#   build-image.sh --full       the whole multi-stage Dockerfile: SPA, model and release build
#                               inside the build (slow: a cold release build on 2 cores)
#   build-image.sh --prebuilt   the Dockerfile's runtime stage alone, verbatim, with each of its
#                               `COPY --from=STAGE PATH` fed from what this machine built: the
#                               release binary ($CARGO_TARGET_DIR or target), frontend/dist and
#                               the verified model (scripts/fetch-model.sh). What `make test` uses.
#
# IMAGE=name:tag overrides the tag.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
image="${IMAGE:-localhost/participatory-planner:latest}"
mode="${1:-}"
args=(--build-arg RUNTIME_IMAGE=localhost/debian:trixie-slim)

# The build's output goes to a log, shown when it fails (BUILD_LOG=- shows it as it goes).
log="${BUILD_LOG:-$(mktemp --suffix=.build-image.log)}"
keep_log="${BUILD_LOG:+1}"
ctx=""
trap 'rm -rf "$ctx"; [ "$keep_log" = 1 ] || rm -f "$log"' EXIT
# --prebuilt keeps layers (the apt layer is reused); --full does not (its build stages would
# leave gigabytes of intermediate images). The image this build replaces is removed.
layers=--layers
[ "$mode" = --full ] && layers=--layers=false
old="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
run_build() {
  if [ "$log" = - ]; then
    podman build --format docker --pull=never $layers "${args[@]}" -t "$image" "$@"
  elif ! podman build --format docker --pull=never $layers "${args[@]}" -t "$image" "$@" >"$log" 2>&1; then
    tail -40 "$log" >&2
    keep_log=1
    echo "build-image: podman build failed (log: $log)" >&2
    exit 1
  fi
}

case "$mode" in
  --full)
    args+=(--build-arg NODE_IMAGE=localhost/node:24-trixie-slim
           --build-arg PYTHON_IMAGE=localhost/python:3.13-slim-trixie
           --build-arg RUST_IMAGE=localhost/rust:1.95-slim-trixie)
    run_build -f "$root/Dockerfile" "$root"
    ;;
  --prebuilt)
    target="${CARGO_TARGET_DIR:-$root/target}"
    # Where each stage's output is on this machine; a COPY --from not listed here fails the build,
    # so the Dockerfile and this list cannot drift apart silently.
    declare -A host=(
      [backend:/src/target/release/planner]="$target/release/planner"
      [frontend:/src/frontend/dist]="$root/frontend/dist"
      [model:/model]="${MODEL_DIR:-$root/data/models/all-MiniLM-L6-v2}"
    )
    ctx="$(mktemp -d)"
    # The global ARGs (before the first FROM), then the last stage as it is, COPY --from rewritten.
    awk '/^FROM /{exit} /^ARG /' "$root/Dockerfile" >"$ctx/Containerfile"
    last="$(grep -n '^FROM ' "$root/Dockerfile" | tail -1 | cut -d: -f1)"
    n=0
    while IFS= read -r line; do
      if [[ "$line" =~ ^COPY\ --from=([A-Za-z0-9_-]+)\ ([^ ]+)\ ([^ ]+)$ ]]; then
        key="${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"
        src="${host[$key]:-}"
        [ -n "$src" ] || { echo "build-image: no host path for COPY --from=$key; add it to scripts/build-image.sh" >&2; exit 1; }
        [ -e "$src" ] || { echo "build-image: $src (for $key) does not exist; build it first" >&2; exit 1; }
        n=$((n + 1))
        cp -a "$src" "$ctx/in$n"
        echo "COPY in$n ${BASH_REMATCH[3]}" >>"$ctx/Containerfile"
      elif [[ "$line" =~ ^COPY\ --from ]]; then
        echo "build-image: cannot map '$line'" >&2; exit 1
      else
        echo "$line" >>"$ctx/Containerfile"
      fi
    done < <(tail -n +"$last" "$root/Dockerfile")
    run_build -f "$ctx/Containerfile" "$ctx"
    ;;
  *)
    echo "usage: $0 --full | --prebuilt" >&2
    exit 2
    ;;
esac
new="$(podman image inspect --format '{{.Id}}' "$image")"
[ -n "$old" ] && [ "$old" != "$new" ] && podman rmi "$old" >/dev/null 2>&1 || true
echo "build-image: $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
