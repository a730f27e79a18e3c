"""Schemathesis hooks for scripts/contract-test.sh (loaded through SCHEMATHESIS_HOOKS=hooks).

One check of our own, which takes over judging 422 answers to schema-valid requests from the
built-in `positive_data_acceptance` (see DATA_RULES below), and two adjustments, neither of
which hides a failure:

* Half of the generated process slugs are replaced by the seeded demo process's slug (chosen by
  a checksum of the generated value, so the run stays deterministic), so that operations under
  /processes/{slug} are exercised on real data and not only on slugs that do not exist.
* The run's own admin token is never revoked, rotated or demoted (DELETE /admin/tokens/{id} or
  /tokens/{id}, POST /admin/tokens/{id}/rotate, PATCH /admin/tokens/{id} with its id): once
  Schemathesis has created a second owner token, that would succeed and every later request
  would be a 401 or 403. Such a request goes to an id that does not exist instead.
"""

from __future__ import annotations

import os
import re
import zlib

import schemathesis

DEMO_SLUG = os.environ.get("PP_DEMO_SLUG", "demo-riverfront")
ADMIN_TOKEN_ID = int(os.environ.get("PP_ADMIN_TOKEN_ID", "0"))
PROTECTED_PATHS = {"/api/v1/admin/tokens/{id}", "/api/v1/tokens/{id}"}
# Staff-token changes that would take the run's own token away whatever the method.
PROTECTED_ANY_METHOD = {"/api/v1/admin/tokens/{id}", "/api/v1/admin/tokens/{id}/rotate"}
UNKNOWN_ID = 987_654_321


@schemathesis.hook
def map_case(context, case):
    params = case.path_parameters
    if params and isinstance(params.get("slug"), str):
        if zlib.crc32(params["slug"].encode("utf-8", "surrogatepass")) % 2 == 0:
            params["slug"] = DEMO_SLUG
    return case


@schemathesis.hook
def before_call(context, case, **kwargs):
    path = case.operation.path
    if (case.method.upper() == "DELETE" and path in PROTECTED_PATHS) or path in PROTECTED_ANY_METHOD:
        params = case.path_parameters or {}
        if str(params.get("id")) == str(ADMIN_TOKEN_ID):
            params["id"] = UNKNOWN_ID


# A request can match its schema and still be refused with 422 because of what the schema
# cannot know: the stored data (a process's own contributor types and categories, whether a
# referenced submission or process exists), the clock, or who is calling. These are the only
# (field, code) pairs such a refusal may carry; schemathesis.toml lets `positive_data_acceptance`
# accept 422 and this check judges each one instead. Any other field or code, such as a length,
# a pattern or a control character the schema does not declare, still fails the run.
DATA_RULES: list[tuple[str, str, str]] = [
    # (field, as a regular expression; code; why a schema cannot express it)
    (r"contributor_type", "not_allowed", "each process defines its own contributor types"),
    (r"category", "not_allowed", "each process defines its own categories"),
    (r"(categories|contributor_types)\[\d+\]\.key", "duplicate",
     "keys are unique within the list; uniqueItems compares whole items, not one property"),
    (r"expires_at", "not_future", "the time must lie ahead of the server's clock"),
    (r"code", "invalid",
     "a second-factor code must be the current one for the enrolled secret and the clock"),
    (r"process", "unknown_reference", "the named process must exist (and be visible)"),
    (r"of", "unknown_reference", "the original must be a submission of the same process"),
    (r"of", "invalid", "a submission cannot be marked a duplicate of itself"),
    (r"processes", "unknown_reference", "a staff token's processes must exist"),
    (r"processes", "required",
     "a facilitator, moderator or analyst names at least one process; the schema cannot tie the "
     "list to the role"),
    (r"processes", "not_allowed", "an owner token names no processes (it acts in all of them)"),
    (r"processes", "duplicate", "a process is listed once"),
    (r"role", "required", "an API token names its role; the schema cannot tie it to `api`"),
    (r"submission_ids", "unknown_reference",
     "the submissions answered must exist and belong to the process"),
    (r"submission_ids", "required",
     "a bulk action names its submissions or gives a filter, exactly one of the two; the schema "
     "cannot tie one field to another"),
    (r"filter", "invalid",
     "a bulk action names its submissions or gives a filter, not both; the schema cannot tie one "
     "field to another"),
    (r"filter", "too_many",
     "how many submissions a filter matches depends on the stored data"),
    (r"reason", "required",
     "hiding or flagging needs a reason and restoring does not; the schema cannot tie one "
     "field to another's value"),
    (r"status", "required",
     "a moderation reason is given with the status it explains; the schema cannot tie one "
     "field to another (status may be null or absent when only the text changes)"),
    (r"offset", "invalid",
     "a list page starts after a cursor or after an offset, not both; the schema cannot tie "
     "one query parameter to another"),
    (r"sort", "invalid",
     "the supports order is paged by offset, a cursor pages the newest-first order only; the "
     "schema cannot tie one query parameter to another"),
    (r"contributor_type", "required",
     "an admin entering a submission names the contributor type; a participant's comes from "
     "the token, so the schema cannot require it"),
    (r"translations\.(en|es)\.category_names\..*", "not_allowed",
     "a translated category name is keyed by one of the process's own categories"),
]


def _data_dependent(error: dict) -> bool:
    field, code = str(error.get("field", "")), error.get("code")
    return any(re.fullmatch(f, field) and code == c for f, c, _ in DATA_RULES)


@schemathesis.check
def valid_data_refused_only_for_data_rules(ctx, response, case):
    """A 422 to a schema-valid request must name only data-dependent rules (DATA_RULES)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        errors = []
    others = [e for e in errors if not _data_dependent(e)]
    if not errors or others:
        raise AssertionError(
            "Schema-valid request refused for a rule the schema could state: "
            + (", ".join(f"{e.get('field')}: {e.get('code')}" for e in others) or "no field named")
        )
    return None
