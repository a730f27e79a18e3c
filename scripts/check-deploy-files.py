#!/usr/bin/env python3
"""Checks what can be checked of the container files without a Docker engine: the compose
file parses, every variable it sets for the app or interpolates is documented in .env.example,
every path the Dockerfile copies exists in the repository, and the "scale" profile (PostgreSQL,
Redis, two replicas, Caddy) is wired together: URLs name the right services, TRUSTED_PROXIES
names the proxy's fixed address, the Caddyfile names every replica on its port, health checks
and mounted files exist. Where `caddy` is installed it also parses the Caddyfile. The Dockerfile's
base images are pinned by digest and none is past its end of life; deploy/compose.local.yml (the
local images `make deploy-test` runs) changes nothing but images of existing services.

Usage: check-deploy-files.py [REPO_ROOT]   (default: this script's repository)"""
import datetime
import ipaddress
import pathlib
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import yaml

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
errors = []
notes = []

compose = yaml.safe_load((root / "docker-compose.yml").read_text())
services = compose.get("services", {})
documented = {line.split("=", 1)[0].lstrip("# ").strip() for line in (root / ".env.example").read_text().splitlines() if "=" in line}


def env(service):
    value = service.get("environment") or {}
    if isinstance(value, list):  # KEY=VALUE list form
        value = dict(item.split("=", 1) if "=" in item else (item, "") for item in value)
    return {k: str(v) for k, v in value.items()}


def strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


# The app image is whatever the default (profile-less) `planner` service runs.
planner = services.get("planner")
if not planner or planner.get("profiles"):
    errors.append("docker-compose.yml: no profile-less `planner` service (plain `docker compose up`)")
    planner = {}
elif env(planner).get("DATABASE_URL", "").startswith("postgres"):
    errors.append("docker-compose.yml: the default `planner` service must stay on SQLite")
app_image = planner.get("image")
apps = {n: s for n, s in services.items() if s.get("image") == app_image or "build" in s}

for name, service in apps.items():
    for var in env(service):
        if var not in documented:
            errors.append(f"docker-compose.yml: {name} sets {var}, which .env.example does not document")
# ${VAR} read from the shell or .env anywhere in the file (values only, so comments don't count).
for text in strings(services):
    for var in re.findall(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", text):
        if var not in documented:
            errors.append(f"docker-compose.yml: interpolates ${{{var}}}, which .env.example does not document")

# Compose interpolates every service before it applies profiles, so ${VAR:?} in a profiled
# service would make plain `docker compose up` demand VAR unless a default service already does.
required = lambda svcs: {v for s in svcs for t in strings(s) for v in re.findall(r"\$\{([A-Za-z_]\w*):?\?", t)}
default_required = required(s for s in services.values() if not s.get("profiles"))
for var in sorted(required(s for s in services.values() if s.get("profiles")) - default_required):
    errors.append(f"docker-compose.yml: a profiled service requires ${{{var}:?}}; plain `docker compose up` would demand it")

# Files and folders the compose file takes from the repository.
for name, service in services.items():
    build = service.get("build")
    context = build if isinstance(build, str) else (build or {}).get("context")
    if context and not (root / context).exists():
        errors.append(f"docker-compose.yml: {name} builds from {context}, which does not exist")
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith(".") and not (root / source).exists():
            errors.append(f"docker-compose.yml: {name} mounts {source}, which does not exist")
    deps = service.get("depends_on") or []
    for dep in deps:
        if dep not in services:
            errors.append(f"docker-compose.yml: {name} depends on {dep}, which is not a service")
        elif isinstance(deps, dict) and deps[dep].get("condition") == "service_healthy" and not services[dep].get("healthcheck"):
            errors.append(f"docker-compose.yml: {name} waits for {dep} to be healthy, but it has no healthcheck")

# The scale profile.
scale = {n: s for n, s in services.items() if "scale" in (s.get("profiles") or [])}
by_image = lambda prefix: [n for n, s in scale.items() if str(s.get("image", "")).startswith(prefix)]
pg, redis, proxies = by_image("postgres:"), by_image("redis:"), by_image("caddy:")
replicas = [n for n in scale if n in apps]
for what, found, want in [("postgres", pg, 1), ("redis", redis, 1), ("caddy proxy", proxies, 1), ("app replicas", replicas, 2)]:
    if len(found) < want:
        errors.append(f"docker-compose.yml: the scale profile has {len(found)} {what}, needs {want}")
for name in pg + redis + replicas:
    if not (scale[name].get("healthcheck") or {}).get("test"):
        errors.append(f"docker-compose.yml: {name} has no healthcheck")
    if scale[name].get("ports"):
        errors.append(f"docker-compose.yml: {name} publishes ports; only the proxy should")

proxy_ip, proxy_subnets = None, []
if proxies:
    proxy = scale[proxies[0]]
    nets = proxy.get("networks") or {}
    for net, cfg in (nets.items() if isinstance(nets, dict) else []):
        if (cfg or {}).get("ipv4_address"):
            proxy_ip = ipaddress.ip_address(cfg["ipv4_address"])
            config = ((compose.get("networks") or {}).get(net) or {}).get("ipam", {}).get("config", [])
            proxy_subnets = [ipaddress.ip_network(c["subnet"]) for c in config if c.get("subnet")]
            if not any(proxy_ip in s for s in proxy_subnets):
                errors.append(f"docker-compose.yml: proxy address {proxy_ip} is outside network {net}'s ipam subnet")
            for r in replicas:
                if net not in (scale[r].get("networks") or []):
                    errors.append(f"docker-compose.yml: {r} is not on the proxy's network {net}")
    if proxy_ip is None:
        errors.append("docker-compose.yml: the proxy has no fixed ipv4_address for TRUSTED_PROXIES to name")

pg_env = env(scale[pg[0]]) if pg else {}
secret_keys = set()
for name in replicas:
    e = env(scale[name])
    if e.get("APP_ENV") != "production":
        errors.append(f"docker-compose.yml: {name} is not APP_ENV=production")
    db = urlsplit(e.get("DATABASE_URL", ""))
    if db.scheme not in ("postgres", "postgresql"):
        errors.append(f"docker-compose.yml: {name} DATABASE_URL is not postgres://")
    elif pg and (db.hostname != pg[0] or db.username != pg_env.get("POSTGRES_USER")
                 or db.password != pg_env.get("POSTGRES_PASSWORD") or db.path != "/" + pg_env.get("POSTGRES_DB", "")):
        errors.append(f"docker-compose.yml: {name} DATABASE_URL does not match the {pg[0]} service's host, user, password and database")
    rd = urlsplit(e.get("REDIS_URL", ""))
    if rd.scheme not in ("redis", "rediss") or (redis and rd.hostname != redis[0]):
        errors.append(f"docker-compose.yml: {name} REDIS_URL is not redis://{redis[0] if redis else '<redis>'}:...")
    secret_keys.add(e.get("SECRET_KEY"))
    if not e.get("SECRET_KEY", "").startswith("${SECRET_KEY"):
        errors.append(f"docker-compose.yml: {name} SECRET_KEY must come from ${{SECRET_KEY}}, not the file")
    trusted = [t.strip() for t in e.get("TRUSTED_PROXIES", "").split(",") if t.strip()]
    try:
        trusted_nets = [ipaddress.ip_network(t, strict=False) for t in trusted]
    except ValueError:
        errors.append(f"docker-compose.yml: {name} TRUSTED_PROXIES {trusted} is not a literal IP/CIDR list")
        trusted_nets = []
    # Each entry covers the proxy and, if a CIDR, stays inside the compose network.
    ok = lambda n: proxy_ip in n and any(n.version == s.version and n.subnet_of(s) for s in proxy_subnets)
    if proxy_ip and (not trusted_nets or not all(ok(n) for n in trusted_nets)):
        errors.append(f"docker-compose.yml: {name} TRUSTED_PROXIES {trusted} must cover the proxy ({proxy_ip}) and nothing outside its network")
    deps = scale[name].get("depends_on")
    for dep in pg + redis:
        if not isinstance(deps, dict) or (deps.get(dep) or {}).get("condition") != "service_healthy":
            errors.append(f"docker-compose.yml: {name} does not wait for {dep} (depends_on condition: service_healthy)")
if len(secret_keys) > 1:
    errors.append("docker-compose.yml: the replicas' SECRET_KEY differ; sessions would not survive switching replica")

# The Caddyfile the proxy mounts: every replica is an upstream on its BIND_ADDR port, readiness
# is checked, and client-sent X-Forwarded-For is not trusted.
caddyfiles = [v.split(":")[0] for p in proxies for v in scale[p].get("volumes") or [] if isinstance(v, str) and v.split(":")[1:2] == ["/etc/caddy/Caddyfile"]]
if proxies and not caddyfiles:
    errors.append("docker-compose.yml: the proxy mounts no /etc/caddy/Caddyfile")
for cf in caddyfiles:
    path = root / cf
    if not path.exists():
        continue  # reported above
    code = "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())
    upstreams = {u for line in re.findall(r"^\s*reverse_proxy\s+([^{\n]+)", code, re.M) for u in line.split()}
    for name in replicas:
        port = env(scale[name]).get("BIND_ADDR", "127.0.0.1:8080").rsplit(":", 1)[-1]
        if f"{name}:{port}" not in upstreams:
            errors.append(f"{cf}: reverse_proxy does not name {name}:{port} (its BIND_ADDR port)")
    if not re.search(r"^\s*health_uri\s+/readyz\b", code, re.M):
        errors.append(f"{cf}: no active health check (health_uri /readyz)")
    if re.search(r"^\s*trusted_proxies\b", code, re.M):
        errors.append(f"{cf}: trusted_proxies makes Caddy keep client-sent X-Forwarded-For; nothing is in front of it")
    if shutil.which("caddy"):
        run = subprocess.run(["caddy", "adapt", "--config", str(path), "--adapter", "caddyfile"], capture_output=True, text=True)
        if run.returncode != 0:
            errors.append(f"{cf}: caddy adapt failed: {run.stderr.strip()[-500:]}")
        else:
            notes.append("Caddyfile parses (caddy adapt)")

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
# The release binary links libpq (PostgreSQL backend) dynamically: the runtime stage (after the
# last FROM) must install it, and the build stage its headers.
runtime_stage = dockerfile.rsplit("\nFROM ", 1)[-1]
if "libpq5" not in runtime_stage:
    errors.append("Dockerfile: the runtime stage does not install libpq5, which the binary links")
if "libpq-dev" not in dockerfile:
    errors.append("Dockerfile: no libpq-dev for building the PostgreSQL backend")

# Base images: every FROM is a stage or an ARG default pinned by digest, and nothing past its
# end of life (Node.js, Debian, Python; dates from their release schedules).
EOL = {
    "node": {"18": "2025-04-30", "20": "2026-04-30", "22": "2027-04-30", "24": "2028-04-30"},
    "debian": {"bullseye": "2024-08-14", "bookworm": "2026-06-10", "trixie": "2028-08-09"},
    "python": {"3.9": "2025-10-31", "3.10": "2026-10-31", "3.11": "2027-10-31", "3.12": "2028-10-31", "3.13": "2029-10-31"},
}
today = datetime.date.today().isoformat()
image_args = dict(re.findall(r"^ARG\s+([A-Z_]+_IMAGE)=(\S+)", dockerfile, re.M))
stages = set()
for m in re.finditer(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", dockerfile, re.M | re.I):
    ref, stage = m.group(1), m.group(2)
    arg = re.fullmatch(r"\$\{?([A-Z_]+)\}?", ref)
    if ref in stages:
        pass
    elif not arg or arg.group(1) not in image_args:
        errors.append(f"Dockerfile: FROM {ref} is neither an earlier stage nor an ARG *_IMAGE default")
    if stage:
        stages.add(stage)
for var, ref in image_args.items():
    if not re.search(r"@sha256:[0-9a-f]{64}$", ref):
        errors.append(f"Dockerfile: {var}={ref} is not pinned by digest")
    name, _, tag = ref.split("@")[0].partition(":")
    checks = [("debian", c) for c in EOL["debian"] if c in tag]
    if name == "node":
        checks.append(("node", tag.split("-")[0].split(".")[0]))
    if name == "python":
        checks.append(("python", ".".join(tag.split("-")[0].split(".")[:2])))
    for what, version in checks:
        end = EOL[what].get(version)
        if end is None:
            errors.append(f"Dockerfile: {var}: no end-of-life date known for {what} {version}; add it to check-deploy-files.py")
        elif end <= today:
            errors.append(f"Dockerfile: {var}={ref}: {what} {version} reached its end of life on {end}")

# The override `make deploy-test` layers on docker-compose.yml swaps images and nothing else.
local = root / "deploy" / "compose.local.yml"
if local.exists():
    for name, service in (yaml.safe_load(local.read_text()).get("services") or {}).items():
        if name not in services:
            errors.append(f"deploy/compose.local.yml: {name} is not a service of docker-compose.yml")
        if set(service) != {"image"}:
            errors.append(f"deploy/compose.local.yml: {name} overrides {sorted(set(service) - {'image'})}, not only its image")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"deploy files: compose parses ({len(services)} service(s); scale profile: {', '.join(sorted(scale))}), "
      f"variables documented, scale wiring consistent, Dockerfile paths exist, "
      f"{len(image_args)} base images pinned and supported" + "".join(f"; {n}" for n in notes))
