#!/usr/bin/env python3
"""Checks what can be checked of the container files without a Docker engine: the compose
file parses, every variable it sets is documented in .env.example, and every path the
Dockerfile copies exists in the repository."""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
errors = []

compose = yaml.safe_load((root / "docker-compose.yml").read_text())
documented = {line.split("=", 1)[0].lstrip("# ").strip() for line in (root / ".env.example").read_text().splitlines() if "=" in line}
for name, service in compose.get("services", {}).items():
    for var in (service.get("environment") or {}):
        if var not in documented:
            errors.append(f"docker-compose.yml: {name} sets {var}, which .env.example does not document")

dockerfile = (root / "Dockerfile").read_text()
for line in dockerfile.splitlines():
    m = re.match(r"\s*COPY\s+(?!--from)(.+)", line)
    if not m:
        continue
    *sources, _dest = m.group(1).split()
    for src in sources:
        if not (root / src.rstrip("/")).exists():
            errors.append(f"Dockerfile: COPY source {src} does not exist")
for required in ["HEALTHCHECK", "USER planner"]:
    if required not in dockerfile:
        errors.append(f"Dockerfile: no {required}")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"deploy files: compose parses ({len(compose['services'])} service(s)), variables documented, Dockerfile paths exist")
