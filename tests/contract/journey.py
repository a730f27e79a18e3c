"""One consultation, driven only through the client openapi-python-client generates from
openapi.yaml (scripts/contract-test.sh generates and installs it as `planner_client`).

A second generator, besides the SPA's openapi-typescript, proves the spec usable: every call
goes through a generated function, every answer is parsed into a generated model, and an answer
with a status the spec does not declare raises `UnexpectedStatus`
(`raise_on_unexpected_status=True`). Where the generated client cannot express something
because the spec is wrong, the step works around it minimally and prints a line starting with
`SPEC DEFECT:`; those lines count as failures (exit 1) unless PP_JOURNEY_ALLOW_DEFECTS=1.

Environment: PP_BASE_URL (http://127.0.0.1:PORT) and PP_ADMIN_TOKEN.
"""

from __future__ import annotations

import enum
import os
import secrets
import sys
import traceback
from http import HTTPStatus
from typing import Any

import attrs
from planner_client import AuthenticatedClient, Client
from planner_client.api.admin import list_audit_entries
from planner_client.api.auth import get_session, login, logout
from planner_client.api.processes import create_process, get_process
from planner_client.api.submissions import (
    create_submission,
    get_submission,
    list_submissions,
    support_submission,
    update_submission,
    withdraw_support,
)
from planner_client.api.tokens import issue_tokens
from planner_client.errors import UnexpectedStatus
from planner_client.models import (
    AuditEntry,
    IssuedTokens,
    IssueTokensRequest,
    Location,
    LoginRequest,
    MapView,
    PageAuditEntry,
    SubmissionPage,
    Problem,
    ProcessCreate,
    ProcessView,
    RoleName,
    SessionInfo,
    SubmissionCreate,
    SubmissionStatus,
    SubmissionUpdate,
    SubmissionView,
    SupportState,
)
from planner_client.types import UNSET, Response

BASE = os.environ["PP_BASE_URL"]
ADMIN_TOKEN = os.environ["PP_ADMIN_TOKEN"]

defects: dict[str, list[str]] = {}
passed = 0


class StepFailed(AssertionError):
    pass


def defect(message: str, key: str | None = None, example: str | None = None) -> None:
    """A spec defect the journey had to work around (reported once per key, with examples)."""
    key = key or message
    if key not in defects:
        defects[key] = []
        print(f"\n  SPEC DEFECT: {message}", end=" ", flush=True)
    if example is not None and example not in defects[key]:
        defects[key].append(example)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def undeclared_fields(value: Any, path: str = "") -> list[str]:
    """Fields of an answer that the spec does not declare: the generated models keep them in
    `additional_properties`, where a typed client cannot see them. Models that are maps by
    design (the spec gives them `additionalProperties` and no properties) are left alone."""
    found: list[str] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += undeclared_fields(item, f"{path}[{i}]")
        return found
    if not attrs.has(type(value)):
        return found
    declared = [f.name for f in attrs.fields(type(value)) if f.name != "additional_properties"]
    extra = getattr(value, "additional_properties", None)
    if extra and declared:
        found += [f"{type(value).__name__}.{k}" for k in extra]
    for name in declared:
        found += undeclared_fields(getattr(value, name), f"{path}.{name}")
    return found


def expect(resp: Response[Any], status: int, model: type) -> Any:
    """The parsed answer, after checking its status, that it parsed into `model` and that it
    carries no field the spec does not declare."""
    body = resp.content.decode("utf-8", "replace")[:500]
    check(
        resp.status_code == status,
        f"expected {status}, got {int(resp.status_code)}: {body}",
    )
    check(
        isinstance(resp.parsed, model),
        f"expected a {model.__name__}, the client parsed {type(resp.parsed).__name__}: {body}",
    )
    extra = sorted(set(undeclared_fields(resp.parsed)))
    if extra:
        defect(f"{model.__name__} answer carries fields the spec does not declare: {', '.join(extra)}")
    return resp.parsed


def typed_word(owner: str, value: Any) -> None:
    """Issue 11: a closed word (problem code, analysis state, …) is an `enum` in the spec, so
    the generated client has a type for it, not a bare string."""
    if not isinstance(value, enum.Enum):
        defect(f"{owner} is a free string in the spec; it should be an enum", key=owner, example=repr(value))


def same_model(owner: str, value: Any, model: type) -> None:
    """List items parse into the same model as the single-item operation returns."""
    if not isinstance(value, model):
        defect(
            f"{owner} items are {type(value).__name__}, not {model.__name__}: the spec inlines the "
            f"item schema instead of a $ref, so generated clients get two unrelated types"
        )


def expect_problem(resp: Response[Any], status: int, code: str | None = None) -> Problem:
    problem = expect(resp, status, Problem)
    check(problem.status == status, f"problem.status {problem.status} != {status}")
    check(bool(problem.code), "problem without a code")
    typed_word("Problem.code", problem.code)
    code_value = problem.code.value if isinstance(problem.code, enum.Enum) else problem.code
    if code is not None:
        check(code_value == code, f"problem code {code_value!r}, expected {code!r}")
    ctype = resp.headers.get("content-type", "")
    check(ctype.startswith("application/problem+json"), f"problem served as {ctype!r}")
    return problem


def step(name: str):
    """Runs one step; a failure ends the journey (later steps depend on earlier ones)."""

    def wrap(fn):
        global passed
        print(f"- {name} ... ", end="", flush=True)
        try:
            result = fn()
        except UnexpectedStatus as e:
            print("FAILED")
            print(
                f"  the server answered {e.status_code}, a status the spec does not declare for "
                f"this operation: {e.content.decode('utf-8', 'replace')[:500]}"
            )
            raise SystemExit(finish(failed_step=name))
        except StepFailed as e:
            print("FAILED")
            print(f"  {e}")
            raise SystemExit(finish(failed_step=name))
        except Exception:  # noqa: BLE001 - a generated model that cannot parse an answer, etc.
            print("FAILED")
            traceback.print_exc()
            raise SystemExit(finish(failed_step=name))
        print("ok")
        passed += 1
        return result

    return wrap


def finish(failed_step: str | None = None) -> int:
    print()
    print(f"journey: {passed} steps passed", end="")
    if failed_step:
        print(f", failed at: {failed_step}")
    else:
        print(", all steps passed")
    if defects:
        print(f"journey: {len(defects)} spec defect(s) worked around:")
        for key, examples in defects.items():
            if examples:
                print(f"  - {key} is a free string in the spec (seen: {', '.join(examples)}); it should be an enum")
            else:
                print(f"  - {key}")
    ok = failed_step is None and (not defects or os.environ.get("PP_JOURNEY_ALLOW_DEFECTS") == "1")
    return 0 if ok else 1


def main() -> int:
    admin = AuthenticatedClient(base_url=BASE, token=ADMIN_TOKEN, raise_on_unexpected_status=True)
    # A participant signs in as a script with a cookie jar would: POST /auth/login, then the
    # session cookie on every request. (openapi-python-client types operations with `security`
    # as taking an AuthenticatedClient, which only knows bearer tokens; a plain Client that
    # carries the cookie works the same at run time, hence the `# type: ignore`s below.)
    participant = Client(base_url=BASE, raise_on_unexpected_status=True)
    # A second participant of the same process, with a session of its own.
    supporter = Client(base_url=BASE, raise_on_unexpected_status=True)
    slug = f"journey-{secrets.token_hex(4)}"
    text = "Turn the vacant lot on Elm Street into a community garden with shade trees."
    spot = Location(lat=32.781, lng=-96.801)
    state: dict[str, Any] = {}

    @step("admin: GET /auth/session says admin")
    def _():
        info = expect(get_session.sync_detailed(client=admin), 200, SessionInfo)
        check(info.role == RoleName.ADMIN, f"role {info.role!r}")
        check(info.process is None or info.process is UNSET, f"admin has a process: {info.process!r}")

    @step("admin: POST /processes creates the process (with a map, submissions public)")
    def _():
        body = ProcessCreate(
            slug=slug,
            title="What should the riverfront become?",
            prompt="Tell us your ideas.",
            map_=MapView(lat=32.78, lng=-96.80, zoom=13),
            public_submissions=True,
        )
        view = expect(create_process.sync_detailed(client=admin, body=body), 201, ProcessView)
        check(view.slug == slug, f"slug {view.slug!r}")
        check(view.submissions_open is True, "submissions not open by default")
        check(isinstance(view.map_, MapView) and abs(view.map_.lat - 32.78) < 1e-9, f"map {view.map_!r}")
        check(len(view.contributor_types) > 0, "no default contributor types")
        check(any(c.key == "community" for c in view.contributor_types), "no `community` type")
        check(isinstance(view.id, int), "admins should see the process id")

    @step("admin: the same slug again is a typed 409 problem")
    def _():
        body = ProcessCreate(slug=slug, title="Again", prompt="Again?")
        expect_problem(create_process.sync_detailed(client=admin, body=body), 409, "slug_taken")

    @step("admin: POST /processes/{slug}/tokens issues two community tokens, not cached")
    def _():
        body = IssueTokensRequest(count=2, contributor_type="community", label="Library workshop")
        resp = issue_tokens.sync_detailed(slug, client=admin, body=body)
        issued = expect(resp, 201, IssuedTokens)
        check(len(issued.tokens) == 2, f"{len(issued.tokens)} tokens")
        check(all(t.token.startswith("ppp_") for t in issued.tokens), "not participant tokens")
        check("no-store" in resp.headers.get("cache-control", ""), "tokens answer may be cached")
        state["token"] = issued.tokens[0].token
        state["token2"] = issued.tokens[1].token

    @step("participant: a mistyped token is a typed 401 problem")
    def _():
        bad = state["token"][:-1] + ("A" if state["token"][-1] != "A" else "B")
        expect_problem(login.sync_detailed(client=participant, body=LoginRequest(token=bad)), 401, "invalid_token")

    @step("participant: POST /auth/login with a token starts a cookie session")
    def _():
        resp = login.sync_detailed(client=participant, body=LoginRequest(token=state["token"]))
        info = expect(resp, 200, SessionInfo)
        check(info.role == RoleName.PARTICIPANT, f"role {info.role!r}")
        check(info.process == slug, f"process {info.process!r}")
        check(info.contributor_type == "community", f"contributor_type {info.contributor_type!r}")
        check("set-cookie" in resp.headers, "no session cookie set")
        check(len(participant.get_httpx_client().cookies) > 0, "the client kept no cookie")
        state["token_id"] = info.token_id

    @step("participant: GET /auth/session through the cookie")
    def _():
        info = expect(get_session.sync_detailed(client=participant), 200, SessionInfo)  # type: ignore[arg-type]
        check(info.token_id == state["token_id"], "another token's session")

    @step("participant: GET /processes/{slug} shows the own process")
    def _():
        view = expect(get_process.sync_detailed(slug, client=participant), 200, ProcessView)
        check(view.slug == slug and view.prompt == "Tell us your ideas.", f"{view.slug!r}")

    @step("participant: an empty text is a typed 422 naming the field")
    def _():
        resp = create_submission.sync_detailed(slug, client=participant, body=SubmissionCreate(text="   "))  # type: ignore[arg-type]
        problem = expect_problem(resp, 422, "validation_failed")
        fields = [e.field for e in (problem.errors or [])]
        check("text" in fields, f"field errors {fields}")

    @step("participant: POST /processes/{slug}/submissions with a map location")
    def _():
        body = SubmissionCreate(text=text, location=spot)
        sub = expect(create_submission.sync_detailed(slug, client=participant, body=body), 201, SubmissionView)  # type: ignore[arg-type]
        check(sub.text == text, f"text {sub.text!r}")
        check(isinstance(sub.location, Location), f"location {sub.location!r}")
        check((sub.location.lat, sub.location.lng) == (spot.lat, spot.lng), f"location {sub.location!r}")
        check(sub.status == SubmissionStatus.VISIBLE, f"status {sub.status!r}")
        check(sub.process == slug and sub.contributor_type == "community", "process/contributor type")
        check(sub.entered_by_admin is False, "entered_by_admin")
        typed_word("SubmissionView.analysis", sub.analysis)
        state["id"] = sub.id

    @step("participant: GET /submissions/{id} reads it back")
    def _():
        sub = expect(get_submission.sync_detailed(state["id"], client=participant), 200, SubmissionView)  # type: ignore[arg-type]
        check(sub.id == state["id"] and sub.text == text, "another submission")
        check(isinstance(sub.location, Location) and sub.location.lat == spot.lat, f"{sub.location!r}")

    @step("second participant: POST /auth/login with the other token")
    def _():
        resp = login.sync_detailed(client=supporter, body=LoginRequest(token=state["token2"]))
        info = expect(resp, 200, SessionInfo)
        check(info.role == RoleName.PARTICIPANT and info.process == slug, f"{info.role!r} {info.process!r}")
        check(info.token_id != state["token_id"], "the same token as the author")

    @step("second participant: PUT /submissions/{id}/support supports it, once")
    def _():
        for _ in range(2):
            resp = support_submission.sync_detailed(state["id"], client=supporter)  # type: ignore[arg-type]
            support = expect(resp, 200, SupportState)
            check(support.id == state["id"], f"id {support.id}")
            check(support.supports == 1, f"supports {support.supports} (supporting again must not add)")
            check(support.supported is True, f"supported {support.supported!r}")

    @step("participant: may not support the own submission (typed 409 problem)")
    def _():
        resp = support_submission.sync_detailed(state["id"], client=participant)  # type: ignore[arg-type]
        expect_problem(resp, 409, "own_submission")

    @step("admin: GET /submissions/{id} counts the support")
    def _():
        sub = expect(get_submission.sync_detailed(state["id"], client=admin), 200, SubmissionView)
        check(sub.supports == 1, f"supports {sub.supports}")

    @step("second participant: DELETE /submissions/{id}/support withdraws it")
    def _():
        resp = withdraw_support.sync_detailed(state["id"], client=supporter)  # type: ignore[arg-type]
        support = expect(resp, 200, SupportState)
        check(support.supports == 0, f"supports {support.supports}")
        check(support.supported is False, f"supported {support.supported!r}")
        sub = expect(get_submission.sync_detailed(state["id"], client=admin), 200, SubmissionView)
        check(sub.supports == 0, f"the admin view still counts {sub.supports}")

    @step("participant: GET /processes/{slug}/submissions lists only it")
    def _():
        resp = list_submissions.sync_detailed(slug, client=participant)  # type: ignore[arg-type]
        page = expect(resp, 200, SubmissionPage)
        ids = [i.id for i in page.items]
        check(ids == [state["id"]], f"ids {ids}")
        same_model("SubmissionPage", page.items[0], SubmissionView)
        check(page.total == 1, f"total {page.total}")

    @step("admin: lists it among submissions with a location")
    def _():
        resp = list_submissions.sync_detailed(slug, client=admin, has_location=True)
        page = expect(resp, 200, SubmissionPage)
        check(state["id"] in [i.id for i in page.items], "not listed")

    @step("participant: may not moderate (typed 403 problem)")
    def _():
        body = SubmissionUpdate(status=SubmissionStatus.HIDDEN, reason="mine")
        expect_problem(update_submission.sync_detailed(state["id"], client=participant, body=body), 403, "forbidden")  # type: ignore[arg-type]

    @step("admin: PATCH /submissions/{id} hides it with a reason")
    def _():
        body = SubmissionUpdate(status=SubmissionStatus.HIDDEN, reason="Duplicate of an earlier idea")
        sub = expect(update_submission.sync_detailed(state["id"], client=admin, body=body), 200, SubmissionView)
        check(sub.status == SubmissionStatus.HIDDEN, f"status {sub.status!r}")
        check(sub.moderation_reason == "Duplicate of an earlier idea", f"reason {sub.moderation_reason!r}")

    @step("participant: sees the own submission hidden")
    def _():
        sub = expect(get_submission.sync_detailed(state["id"], client=participant), 200, SubmissionView)  # type: ignore[arg-type]
        check(sub.status == SubmissionStatus.HIDDEN, f"status {sub.status!r}")

    @step("admin: the status filter finds it hidden and no longer visible")
    def _():
        hidden = expect(
            list_submissions.sync_detailed(slug, client=admin, status=SubmissionStatus.HIDDEN), 200, SubmissionPage
        )
        visible = expect(
            list_submissions.sync_detailed(slug, client=admin, status=SubmissionStatus.VISIBLE), 200, SubmissionPage
        )
        check(state["id"] in [i.id for i in hidden.items], "not among hidden")
        check(state["id"] not in [i.id for i in visible.items], "still among visible")
        sub = expect(get_submission.sync_detailed(state["id"], client=admin), 200, SubmissionView)
        check(sub.status == SubmissionStatus.HIDDEN, f"status {sub.status!r}")

    @step("admin: the audit log records the moderation")
    def _():
        resp = list_audit_entries.sync_detailed(client=admin, action="submission.moderate")
        page = expect(resp, 200, PageAuditEntry)
        targets = [(e.target_type, e.target_id) for e in page.items]
        same_model("Page_AuditEntry", page.items[0], AuditEntry)
        typed_word("AuditEntry.action", page.items[0].action)
        check(("submission", state["id"]) in targets or ("submission", str(state["id"])) in targets, f"{targets}")

    @step("admin: an unknown submission is a typed 404 problem")
    def _():
        expect_problem(get_submission.sync_detailed(987654321, client=admin), 404, "not_found")

    @step("participant: POST /auth/logout ends the session")
    def _():
        resp = logout.sync_detailed(client=participant)
        check(resp.status_code == HTTPStatus.NO_CONTENT, f"{int(resp.status_code)}")

    @step("participant: the old session is a typed 401 problem")
    def _():
        expect_problem(get_session.sync_detailed(client=participant), 401)  # type: ignore[arg-type]

    return finish()


if __name__ == "__main__":
    sys.exit(main())
