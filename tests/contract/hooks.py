"""Schemathesis hooks for scripts/contract-test.sh (loaded through SCHEMATHESIS_HOOKS=hooks).

Two adjustments, neither of which hides a failure:

* Half of the generated process slugs are replaced by the seeded demo process's slug (chosen by
  a checksum of the generated value, so the run stays deterministic), so that operations under
  /processes/{slug} are exercised on real data and not only on slugs that do not exist.
* The run's own admin token is never revoked (DELETE /admin/tokens/{id} or /tokens/{id} with
  its id): once Schemathesis has created a second admin token, that would succeed and every
  later request would be a 401. Such a request goes to an id that does not exist instead.
"""

from __future__ import annotations

import os
import zlib

import schemathesis

DEMO_SLUG = os.environ.get("PP_DEMO_SLUG", "demo-riverfront")
ADMIN_TOKEN_ID = int(os.environ.get("PP_ADMIN_TOKEN_ID", "0"))
PROTECTED_PATHS = {"/api/v1/admin/tokens/{id}", "/api/v1/tokens/{id}"}
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
    if case.method.upper() == "DELETE" and case.operation.path in PROTECTED_PATHS:
        params = case.path_parameters or {}
        if str(params.get("id")) == str(ADMIN_TOKEN_ID):
            params["id"] = UNKNOWN_ID
