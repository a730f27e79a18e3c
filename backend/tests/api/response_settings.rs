//! A process's own names for the response statuses and its notice setting: its participants
//! read them, admins change them (audited), names checked field by field.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn put_settings(app: &TestApp, body: Value) -> reqwest::Response {
    app.admin(Method::PUT, "/api/v1/processes/p1/response-settings")
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn read_settings(app: &TestApp, token: &str) -> Value {
    app.as_token(token, Method::GET, "/api/v1/processes/p1/response-settings")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_process_names_its_statuses_and_asks_for_the_notice() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let participant = app.issue_tokens("p1", 1, "community").await.remove(0);
    // Until set: no names of its own, no notice.
    assert_eq!(
        read_settings(&app, &participant).await,
        json!({ "names": {}, "notify": false })
    );

    let resp = put_settings(
        &app,
        json!({ "names": { "accepted": "  We'll do it ", "not_taken_forward": "Not this time" }, "notify": true }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let expected = json!({ "names": { "accepted": "We'll do it", "not_taken_forward": "Not this time" }, "notify": true });
    assert_eq!(resp.json::<Value>().await.unwrap(), expected);
    assert_eq!(
        read_settings(&app, &participant).await,
        expected,
        "anyone reads them, signed in or not"
    );

    // A second save replaces the first whole.
    let resp = put_settings(
        &app,
        json!({ "names": { "received": "Thanks, we have it" } }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        read_settings(&app, &participant).await,
        json!({ "names": { "received": "Thanks, we have it" }, "notify": false })
    );
    let audit = app.audit("process.response_settings").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[0]["details"]["names"]["received"],
        "Thanks, we have it"
    );
}

#[actix_web::test]
async fn names_are_checked_and_only_admins_change_them() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let problem = assert_problem(
        put_settings(
            &app,
            json!({ "names": { "accepted": "   ", "received": "x".repeat(41) } }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("names.received".into(), "too_long".into()),
            ("names.accepted".into(), "empty".into()),
        ]
    );
    // A word outside the vocabulary does not parse.
    let resp = put_settings(&app, json!({ "names": { "maybe": "Perhaps" } })).await;
    assert!(resp.status().is_client_error());
    let participant = app.issue_tokens("p1", 1, "community").await.remove(0);
    assert_eq!(
        read_settings(&app, &participant).await,
        json!({ "names": {}, "notify": false })
    );
    let resp = app
        .as_token(
            &participant,
            Method::PUT,
            "/api/v1/processes/p1/response-settings",
        )
        .json(&json!({ "notify": true }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    // Another process's participants learn nothing, not even that it exists.
    app.create_process("p2", json!({})).await;
    let outsider = app.issue_tokens("p2", 1, "community").await.remove(0);
    let hidden = app
        .as_token(
            &outsider,
            Method::GET,
            "/api/v1/processes/p1/response-settings",
        )
        .send()
        .await
        .unwrap();
    assert_problem(hidden, StatusCode::NOT_FOUND, "not_found").await;
}
