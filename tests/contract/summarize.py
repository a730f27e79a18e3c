"""Turns Schemathesis's NDJSON event log into a Markdown list of the distinct failures, grouped by
check and by operation, each with the status and body observed and a curl command that
reproduces it. Used by scripts/contract-test.sh (contract-report/schemathesis-failures.md).

    python summarize.py events.ndjson [--admin-token TOKEN --base URL] [--json out.json]

--admin-token replaces the run's throw-away admin token with $ADMIN in the curl commands, and
--base the server's address with $BASE, so that they can be replayed against any server.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shlex
import sys
from collections import defaultdict
from typing import Any

SKIP_HEADERS = {"user-agent", "accept-encoding", "accept", "connection", "content-length", "x-schemathesis-testcaseid"}


def decode_body(body: Any) -> str | None:
    if body is None:
        return None
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", "replace")
    if isinstance(body, str):
        return body
    return json.dumps(body)


def curl(request: dict[str, Any], token: str | None, base: str | None) -> str:
    method = request.get("method", "GET")
    uri = request.get("uri") or request.get("url") or ""
    if base and uri.startswith(base):
        uri = "$BASE" + uri[len(base):]
    parts = ["curl", "-sS", "-i", "-X", method, f'"{uri}"' if "$BASE" in uri else shlex.quote(uri)]
    for name, value in (request.get("headers") or {}).items():
        if name.lower() in SKIP_HEADERS:
            continue
        if isinstance(value, list):
            value = ", ".join(value)
        header = f"{name}: {value}"
        if token and token in header:
            parts += ["-H", f'"{header.replace(token, "$ADMIN")}"']
        else:
            parts += ["-H", shlex.quote(header)]
    body = decode_body(request.get("body"))
    if body is not None:
        parts += ["--data-binary", shlex.quote(body)]
    return " ".join(parts)


def first_line(text: str | None, limit: int = 300) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    # Control characters echoed from generated input would make the report a "binary" file.
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: "\\u%04x" % ord(m.group()), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load(path: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    meta: dict[str, Any] = {}
    failures: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            event = json.loads(line)
            (name, data), = event.items()
            if name == "Initialize":
                meta.update(data)
            elif name == "EngineFinished":
                meta["running_time"] = data.get("running_time")
            elif name == "NonFatalError":
                failures.append({"error": data})
            elif name == "ScenarioFinished":
                rec = data.get("recorder") or {}
                label = rec.get("label", "?")
                phase = data.get("phase", "?")
                interactions = rec.get("interactions") or {}
                for case_id, checks in (rec.get("checks") or {}).items():
                    for node in checks:
                        if node.get("status") != "failure" or not node.get("failure_info"):
                            continue
                        info = node["failure_info"]
                        fail = info.get("failure") or {}
                        inter = interactions.get(info.get("case_id") or case_id) or {}
                        case = ((rec.get("cases") or {}).get(info.get("case_id") or case_id) or {}).get("value") or {}
                        if case.get("method") and case.get("path"):
                            op = f"{case['method'].upper()} {case['path']}"
                        elif info.get("method") and info.get("path"):
                            op = f"{info['method'].upper()} {info['path']}"
                        else:
                            op = label
                        failures.append(
                            {
                                "check": node.get("name", "?"),
                                "operation": op,
                                "phase": phase,
                                "title": fail.get("title", ""),
                                "message": fail.get("message", ""),
                                "code": fail.get("code", ""),
                                "failure": fail,
                                "request": inter.get("request") or {},
                                "response": inter.get("response") or {},
                            }
                        )
    return meta, failures


def problem_cause(f: dict[str, Any]) -> str:
    """The server's own reason in a problem answer: its code and each field error."""
    try:
        body = json.loads(decode_body((f.get("response") or {}).get("content")) or "")
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get("code", ""))]
    for e in body.get("errors") or []:
        if isinstance(e, dict):
            msg = re.sub(r"`[^`]*`", "`…`", str(e.get("message", "")))
            msg = re.sub(r"line \d+ column \d+", "line N column N", msg)
            field = e.get("field", "")
            # serde puts the offending value where the field name belongs; keep it only when
            # it looks like a field name.
            if not re.fullmatch(r"[a-z_][a-z0-9_.\[\]]*", str(field)):
                field = "?"
            parts.append(f"{field}: {msg}")
    return "; ".join(parts)


def signature(f: dict[str, Any]) -> tuple:
    """What makes two failures the same defect: check, operation, the failure's own title and
    message (with volatile numbers removed) and the status observed; for a rejected valid
    request the server's reasons are listed under it (each is a constraint the spec lacks)."""
    msg = re.sub(r"\d+", "N", f.get("message") or "")
    status = (f.get("response") or {}).get("status_code")
    return (f["check"], f["operation"], f.get("title"), msg, status)


def reasons(items: list[dict[str, Any]]) -> list[str]:
    """The distinct server reasons (problem code, then each field error on its own)."""
    seen: set[str] = set()
    for f in items:
        cause = problem_cause(f)
        if not cause:
            continue
        code, *fields = cause.split("; ")
        if not fields:
            seen.add(code)
        for field in fields:
            seen.add(f"{code}: {field}")
    return sorted(seen)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("--admin-token")
    ap.add_argument("--base")
    ap.add_argument("--json")
    args = ap.parse_args()

    meta, raw = load(args.events)
    errors = [f["error"] for f in raw if "error" in f]
    raw = [f for f in raw if "error" not in f]

    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for f in raw:
        groups[signature(f)].append(f)

    by_check: dict[str, dict[str, list[tuple[tuple, list]]]] = defaultdict(lambda: defaultdict(list))
    for sig, items in groups.items():
        by_check[sig[0]][sig[1]].append((sig, items))

    class Clean:
        """Escapes control characters echoed from generated input (curl bodies, messages)."""

        def write(self, text: str) -> None:
            sys.stdout.write(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: "\\u%04x" % ord(m.group()), text))

    out = Clean()
    out.write(f"# Schemathesis failures\n\n")
    out.write(
        f"Schemathesis {meta.get('schemathesis_version', '?')}, seed {meta.get('seed')}, "
        f"{len(groups)} distinct failures ({len(raw)} failing check results), "
        f"{len(errors)} errors.\n\n"
    )
    out.write("| check | distinct failures | operations |\n|---|---:|---:|\n")
    for check in sorted(by_check, key=lambda c: -sum(len(v) for v in by_check[c].values())):
        ops = by_check[check]
        out.write(f"| {check} | {sum(len(v) for v in ops.values())} | {len(ops)} |\n")
    out.write("\n")

    for check in sorted(by_check, key=lambda c: -sum(len(v) for v in by_check[c].values())):
        out.write(f"## {check}\n\n")
        for op in sorted(by_check[check], key=lambda o: (o.split(" ", 1)[-1], o)):
            out.write(f"### {op}\n\n")
            for sig, items in by_check[check][op]:
                # The shortest reproduction of this defect.
                best = min(items, key=lambda f: len(curl(f["request"], args.admin_token, args.base)))
                resp = best["response"] or {}
                status = resp.get("status_code")
                body = first_line(decode_body(resp.get("content")), 400)
                out.write(f"- **{first_line(best['title'], 200)}** ({len(items)}×, phase {best['phase']})\n")
                if best["message"]:
                    for line in best["message"].strip().splitlines()[:12]:
                        out.write(f"  > {line}\n")
                out.write(f"  - observed: {status} `{body}`\n")
                causes = reasons(items)
                if causes:
                    out.write(f"  - server reasons seen ({len(causes)}):\n")
                    for c in causes[:25]:
                        out.write(f"    - `{first_line(c, 300)}`\n")
                out.write(f"  - reproduce: `{curl(best['request'], args.admin_token, args.base)}`\n")
            out.write("\n")

    if errors:
        out.write("## Errors (Schemathesis could not test)\n\n")
        for e in errors:
            out.write(f"- {first_line(json.dumps(e), 600)}\n")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                [
                    {
                        "check": sig[0],
                        "operation": sig[1],
                        "title": sig[2],
                        "status": sig[4],
                        "reasons_seen": reasons(items),
                        "count": len(items),
                        "message": items[0]["message"],
                        "curl": curl(
                            min(items, key=lambda f: len(curl(f["request"], args.admin_token, args.base)))["request"],
                            args.admin_token,
                            args.base,
                        ),
                        "body": first_line(decode_body((items[0]["response"] or {}).get("content")), 1000),
                    }
                    for sig, items in groups.items()
                ],
                fh,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
