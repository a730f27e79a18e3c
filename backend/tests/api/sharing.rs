use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn shared(app: &TestApp, token: &str) -> reqwest::Response {
    app.anon(Method::GET, "/api/v1/shared/results")
        .header("X-Results-Token", token)
        .send()
        .await
        .unwrap()
}

async fn process_with_three_statuses(app: &TestApp, public: bool) {
    app.create_process("p1", json!({ "public_submissions": public }))
        .await;
    let token = app.participant("p1").await;
    for (text, status) in [
        ("Visible idea", None),
        ("Hidden insult", Some("hidden")),
        ("Flagged claim", Some("flagged")),
    ] {
        let s: Value = app.submit(&token, "p1", text).await.json().await.unwrap();
        if let Some(status) = status {
            app.admin(Method::PATCH, &format!("/api/v1/submissions/{}", s["id"]))
                .json(&json!({ "status": status, "reason": "moderated" }))
                .send()
                .await
                .unwrap();
        }
    }
}

async fn new_link(app: &TestApp) -> Value {
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/share-links")
        .json(&json!({ "label": "Council", "expires_in_days": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
    resp.json().await.unwrap()
}

#[actix_web::test]
async fn results_link_shows_aggregates_without_signing_in() {
    let app = spawn_app().await;
    process_with_three_statuses(&app, false).await;
    let link = new_link(&app).await;
    assert!(
        link["path"].as_str().unwrap().starts_with("/r/p1#"),
        "token after # stays out of logs"
    );
    let resp = shared(&app, link["token"].as_str().unwrap()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["process"]["slug"], "p1");
    assert_eq!(body["analytics"]["total"], 2, "hidden not counted");
    assert_eq!(
        body["submissions"],
        Value::Null,
        "not a public process: no submissions"
    );
    assert_eq!(app.audit("share_link.create").await.len(), 1);
}

#[actix_web::test]
async fn public_process_link_shows_only_visible_submissions_and_never_their_authors() {
    let app = spawn_app().await;
    process_with_three_statuses(&app, true).await;
    let link = new_link(&app).await;
    let body: Value = shared(&app, link["token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    let items = body["submissions"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["text"], "Visible idea");
    assert!(items[0].get("token_id").is_none());
}

#[actix_web::test]
async fn expired_tampered_revoked_and_missing_links_are_refused() {
    let app = spawn_app().await;
    process_with_three_statuses(&app, false).await;
    let link = new_link(&app).await;
    let token = link["token"].as_str().unwrap().to_owned();
    // Tampered: one character of the signature changed.
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_problem(
        shared(&app, &tampered).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    assert_problem(
        app.anon(Method::GET, "/api/v1/shared/results")
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    // Expired (the revocation list's expiry is authoritative too).
    app.sql("UPDATE share_links SET expires_at = '2000-01-01 00:00:00'");
    assert_problem(
        shared(&app, &token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    // Revoked.
    let other = new_link(&app).await;
    assert_eq!(
        shared(&app, other["token"].as_str().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    let resp = app
        .admin(
            Method::DELETE,
            &format!("/api/v1/share-links/{}", other["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_problem(
        shared(&app, other["token"].as_str().unwrap()).await,
        StatusCode::UNAUTHORIZED,
        "invalid_link",
    )
    .await;
    let list: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/share-links")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"revoked") && statuses.contains(&"expired"),
        "{statuses:?}"
    );
    assert_eq!(app.audit("share_link.revoke").await.len(), 1);
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/share-links")
        .json(&json!({ "expires_in_days": 400 }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[actix_web::test]
async fn without_the_public_flag_nothing_from_others_leaks() {
    let app = spawn_app().await;
    process_with_three_statuses(&app, false).await;
    let reader = app.participant("p1").await;
    let resp = app
        .as_token(
            &reader,
            Method::GET,
            "/api/v1/processes/p1/public-submissions",
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    app.admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "public_submissions": true }))
        .send()
        .await
        .unwrap();
    let page: Value = app
        .as_token(
            &reader,
            Method::GET,
            "/api/v1/processes/p1/public-submissions",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["text"], "Visible idea");
    assert!(page["items"][0].get("token_id").is_none());
}
