#!/usr/bin/env bash
# Prints (or with --write, puts into the Dockerfile) the current digest of each base image the
# Dockerfile pins (ARG *_IMAGE=name:tag@sha256:...). Needs the registry, so it cannot run where
# the project is tested; run it where `docker buildx` or `skopeo` reaches Docker Hub.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
file="$root/Dockerfile"
digest() { # the multi-arch index digest of name:tag
  if command -v docker >/dev/null 2>&1 && docker buildx version >/dev/null 2>&1; then
    docker buildx imagetools inspect --format '{{json .Manifest}}' "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])'
  elif command -v skopeo >/dev/null 2>&1; then
    skopeo inspect --raw "docker://docker.io/library/$1" | sha256sum | sed 's/^/sha256:/; s/ .*//'
  else
    echo "pin-base-images: needs docker buildx or skopeo" >&2; exit 1
  fi
}
grep -E '^ARG [A-Z_]+_IMAGE=' "$file" | while IFS= read -r line; do
  var="${line#ARG }"; var="${var%%=*}"
  ref="${line#*=}"; tag="${ref%@*}"; old="${ref#*@}"
  new="$(digest "$tag")"
  if [ "$new" = "$old" ]; then echo "$tag: $new (unchanged)"; else echo "$tag: $old -> $new"; fi
  if [ "${1:-}" = --write ] && [ "$new" != "$old" ]; then
    sed -i "s|^ARG $var=.*|ARG $var=$tag@$new|" "$file"
  fi
done
