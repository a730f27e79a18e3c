//! Staff roles beyond the matrix (`access.rs`): the owner's staff-token life cycle, process
//! roles held to their processes, bearer use only for API tokens, read-only tokens, and the
//! role and scope every audit entry records.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{
    helpers::{assert_problem, cookie_client, spawn_app, TestApp},
    staff::{issue_staff, staff_token},
};

async fn get_json(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let resp = app.as_token(token, Method::GET, path).send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn process_id(app: &TestApp, slug: &str) -> i64 {
    let (_, body) = get_json(app, &app.admin_token, &format!("/api/v1/processes/{slug}")).await;
    body["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn owner_issues_lists_changes_rotates_and_revokes_staff_tokens_and_each_step_is_audited() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let body = json!({ "label": "Ana", "role": "facilitator", "processes": ["p1"], "api": true });
    let (token, id) = issue_staff(&app, body).await;
    assert!(token.starts_with("ppa_"));
    let (_, list) = get_json(&app, &app.admin_token, "/api/v1/admin/tokens").await;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(listed["role"], "facilitator");
    assert_eq!(listed["processes"], json!(["p1"]));
    assert_eq!(listed["api"], true);
    assert!(listed.get("token").is_none(), "shown once only");
    // The facilitator is not the owner: no staff tokens for them.
    let (status, _) = get_json(&app, &token, "/api/v1/admin/tokens").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let change = |body: Value| {
        app.admin(Method::PATCH, &format!("/api/v1/admin/tokens/{id}"))
            .json(&body)
            .send()
    };
    let resp = change(json!({ "role": "analyst", "processes": ["p1", "p2"], "api": true }))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let changed: Value = resp.json().await.unwrap();
    assert_eq!(changed["role"], "analyst");
    // The change applies from the next request: the analyst now reaches p2, exports, and no
    // longer issues participant tokens.
    let (status, _) = get_json(&app, &token, "/api/v1/processes/p2/training-runs").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get_json(&app, &token, "/api/v1/processes/p1/tokens").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let role_change = app.audit("admin_token.change_role").await;
    assert_eq!(role_change.len(), 1);
    assert_eq!(
        role_change[0]["details"],
        json!({ "from": "facilitator", "to": "analyst" })
    );
    assert_eq!(role_change[0]["actor_role"], "owner");
    assert_eq!(role_change[0]["actor_scope"], "all");
    let scope_change = app.audit("admin_token.change_scope").await;
    assert_eq!(
        scope_change[0]["details"]["to"]["processes"],
        json!(["p1", "p2"])
    );

    let resp = app
        .admin(Method::POST, &format!("/api/v1/admin/tokens/{id}/rotate"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
    let rotated: Value = resp.json().await.unwrap();
    let new_token = rotated["token"].as_str().unwrap();
    let (status, _) = get_json(&app, &token, "/api/v1/auth/session").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old token stops working"
    );
    let (status, session) = get_json(&app, new_token, "/api/v1/auth/session").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(session["staff_role"], "analyst");
    assert_eq!(session["staff_processes"], json!(["p1", "p2"]));
    assert_eq!(app.audit("admin_token.rotate").await.len(), 1);

    // The replaced token still exists (listed, audited) but can no longer be rotated or
    // changed: a conflict, not "not found"; an id that never existed is not found.
    for (method, path) in [
        (Method::POST, format!("/api/v1/admin/tokens/{id}/rotate")),
        (Method::PATCH, format!("/api/v1/admin/tokens/{id}")),
    ] {
        let resp = app
            .admin(method, &path)
            .json(&json!({ "role": "moderator", "processes": ["p1"] }))
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::CONFLICT, "token_inactive").await;
    }
    let resp = app
        .admin(Method::POST, "/api/v1/admin/tokens/987654321/rotate")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(app.audit("admin_token.rotate").await.len(), 1);

    let new_id = rotated["id"].as_i64().unwrap();
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/admin/tokens/{new_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let (status, _) = get_json(&app, new_token, "/api/v1/auth/session").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_process_role_sees_and_reaches_only_its_processes() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let moderator = staff_token(
        &app,
        json!({ "role": "moderator", "processes": ["p1"], "api": true }),
    )
    .await;
    let (_, list) = get_json(&app, &moderator, "/api/v1/processes").await;
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["p1"]);
    for path in ["/api/v1/processes/p2", "/api/v1/processes/p2/submissions"] {
        let (status, _) = get_json(&app, &moderator, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // A submission of p2 is as unknown to them as one that does not exist.
    let other = app.participant("p2").await;
    let created: Value = app
        .submit(&other, "p2", "Wider pavements please.")
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .as_token(
            &moderator,
            Method::PATCH,
            &format!("/api/v1/submissions/{}", created["id"]),
        )
        .json(&json!({ "status": "hidden", "reason": "test" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    // Unknown, duplicate or missing processes are refused when the token is issued.
    for (body, field) in [
        (
            json!({ "role": "moderator", "processes": ["nope"] }),
            "processes",
        ),
        (
            json!({ "role": "moderator", "processes": ["p1", "p1"] }),
            "processes",
        ),
        (json!({ "role": "analyst" }), "processes"),
        (json!({ "role": "owner", "processes": ["p1"] }), "processes"),
        (json!({ "api": true }), "role"),
    ] {
        let resp = app
            .admin(Method::POST, "/api/v1/admin/tokens")
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem =
            assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
}

#[actix_web::test]
async fn staff_tokens_act_from_scripts_only_when_issued_as_api_tokens() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let browser_only =
        staff_token(&app, json!({ "role": "facilitator", "processes": ["p1"] })).await;
    let (status, body) = get_json(&app, &browser_only, "/api/v1/processes/p1/submissions").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The same token signs a browser in, and its session knows its role.
    let client = cookie_client();
    let resp = app.login(&client, &browser_only).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let session: Value = resp.json().await.unwrap();
    assert_eq!(session["staff_role"], "facilitator");
    assert_eq!(session["staff_processes"], json!(["p1"]));
    let resp = client
        .get(app.url("/api/v1/processes/p1/submissions"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // An owner API token is an explicit request.
    let owner_api = staff_token(&app, json!({ "role": "owner", "api": true })).await;
    let (status, _) = get_json(&app, &owner_api, "/api/v1/admin/stats").await;
    assert_eq!(status, StatusCode::OK);
}

#[actix_web::test]
async fn read_only_tokens_read_and_write_nothing() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let reader = staff_token(
        &app,
        json!({ "role": "analyst", "processes": ["p1"], "api": true, "read_only": true }),
    )
    .await;
    let (status, _) = get_json(&app, &reader, "/api/v1/processes/p1/submissions").await;
    assert_eq!(status, StatusCode::OK);
    let resp = app
        .as_token(&reader, Method::POST, "/api/v1/processes/p1/analysis")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(app.audit("analysis.start").await.is_empty());
    // Its session lists what it may read, and of the writes only its own second factor.
    let (status, session) = get_json(&app, &reader, "/api/v1/auth/session").await;
    assert_eq!(status, StatusCode::OK);
    let ops: Vec<&str> = session["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    for read in ["listSubmissions", "getAnalytics", "exportSubmissionsCsv"] {
        assert!(ops.contains(&read), "{read} in {ops:?}");
    }
    for write in ["startAnalysis", "setSentenceCategory", "startTrainingRun"] {
        assert!(!ops.contains(&write), "{write} in {ops:?}");
    }
    assert!(ops.contains(&"startTotpEnrolment"), "{ops:?}");
}

#[actix_web::test]
async fn audit_entries_name_the_acting_role_and_its_processes() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let p1 = process_id(&app, "p1").await;
    let moderator = staff_token(
        &app,
        json!({ "role": "moderator", "processes": ["p1"], "api": true }),
    )
    .await;
    let participant = app.participant("p1").await;
    let created: Value = app
        .submit(&participant, "p1", "More benches.")
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .as_token(
            &moderator,
            Method::PATCH,
            &format!("/api/v1/submissions/{}", created["id"]),
        )
        .json(&json!({ "status": "hidden", "reason": "off topic" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let entries = app.audit("submission.moderate").await;
    assert_eq!(entries[0]["actor_role"], "moderator");
    assert_eq!(entries[0]["actor_scope"], format!("processes:{p1}"));
    let created = app.audit("admin_token.create").await;
    assert_eq!(created[0]["actor_role"], "owner");
    assert_eq!(created[0]["details"]["role"], "moderator");
}

#[actix_web::test]
async fn the_last_owner_token_keeps_its_role() {
    let app = spawn_app().await;
    let (_, list) = get_json(&app, &app.admin_token, "/api/v1/admin/tokens").await;
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(
        list[0]["role"], "owner",
        "the operator's token is an owner token"
    );
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::PATCH, &format!("/api/v1/admin/tokens/{id}"))
        .json(&json!({ "role": "moderator", "processes": ["p1"], "api": true }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::CONFLICT, "last_admin_token").await;
}

#[actix_web::test]
async fn the_database_refuses_a_staff_token_without_a_role() {
    let app = spawn_app().await;
    let insert = |hash: &str, role: &str| {
        format!(
            "INSERT INTO tokens (kind, token_hash, hint, source, created_at, role) \
             VALUES ('admin', '{hash}', 'abcd', 'cli', '2026-01-01 00:00:00', {role})"
        )
    };
    assert!(app.db().batch_execute(&insert("h1", "NULL")).is_err());
    app.sql(&insert("h2", "'moderator'"));
    assert!(app
        .db()
        .batch_execute("UPDATE tokens SET role = NULL WHERE kind = 'admin'")
        .is_err());
}
