use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn bulk_issue_lists_metadata_only_with_hint_and_status() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 25, "contributor_type": "academic", "label": "Table 3", "expires_at": "2099-01-01T00:00:00Z" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let issued: Value = resp.json().await.unwrap();
    let tokens = issued["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 25);
    assert_eq!(tokens[0]["label"], "Table 3");
    let page: Value = app
        .admin(
            Method::GET,
            "/api/v1/processes/p1/tokens?limit=10&offset=20",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 25);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    let item = &page["items"][0];
    assert_eq!(item["status"], "active");
    assert_eq!(item["contributor_type"], "academic");
    assert_eq!(item["expires_at"], "2099-01-01T00:00:00Z");
    assert!(item.get("token").is_none());
    assert_eq!(item["hint"].as_str().unwrap().len(), 4);
    let audit = app.audit("tokens.issue").await;
    assert_eq!(audit[0]["details"]["count"], 25);
}

#[actix_web::test]
async fn issue_validates_count_type_and_expiry() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    for (body, field) in [
        (
            json!({ "count": 0, "contributor_type": "community" }),
            "count",
        ),
        (
            json!({ "count": 501, "contributor_type": "community" }),
            "count",
        ),
        (
            json!({ "count": 1, "contributor_type": "martian" }),
            "contributor_type",
        ),
        (
            json!({ "count": 1, "contributor_type": "community", "expires_at": "2001-01-01T00:00:00Z" }),
            "expires_at",
        ),
    ] {
        let resp = app
            .admin(Method::POST, "/api/v1/processes/p1/tokens")
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem =
            assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field);
    }
    let page: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0);
}

#[actix_web::test]
async fn revoked_token_shows_as_revoked_and_cannot_sign_in() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let page: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.admin(Method::DELETE, &format!("/api/v1/tokens/{id}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let page: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["status"], "revoked");
    assert_eq!(
        app.login(&cookie_client(), &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let resp = app
        .admin(Method::DELETE, "/api/v1/tokens/999999")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn admin_token_rotation_and_last_admin_is_kept() {
    let app = spawn_app().await;
    // Rotate: create a new admin token, sign in with it, revoke the old one.
    let resp = app
        .admin(Method::POST, "/api/v1/admin/tokens")
        .json(&json!({ "label": "Maria", "role": "owner", "api": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
    let created: Value = resp.json().await.unwrap();
    let new_token = created["token"].as_str().unwrap().to_owned();
    assert!(new_token.starts_with("ppa_"));
    let list: Value = app
        .as_token(&new_token, Method::GET, "/api/v1/admin/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let old_id = list[0]["id"].as_i64().unwrap();
    let new_id = created["id"].as_i64().unwrap();
    let resp = app
        .as_token(
            &new_token,
            Method::DELETE,
            &format!("/api/v1/admin/tokens/{old_id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.admin(Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // The last active admin token cannot be revoked.
    let resp = app
        .as_token(
            &new_token,
            Method::DELETE,
            &format!("/api/v1/admin/tokens/{new_id}"),
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::CONFLICT, "last_admin_token").await;
    assert_eq!(
        app.as_token(&new_token, Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    for action in ["admin_token.create", "admin_token.revoke"] {
        let path = format!("/api/v1/admin/audit?action={action}");
        let page: Value = app
            .as_token(&new_token, Method::GET, &path)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 1, "{action}");
    }
}

#[actix_web::test]
async fn admin_token_endpoint_does_not_revoke_participant_tokens() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.participant("p1").await;
    let page: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["items"][0]["id"].as_i64().unwrap();
    let resp = app
        .admin(Method::DELETE, &format!("/api/v1/admin/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}
