//! "You said, we did": admins answer submissions (one, a selection, a duplicate group) with a
//! status and public reply; the participant sees it on their own submissions; every answer is
//! audited; bodies are checked field by field.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn respond(app: &TestApp, slug: &str, body: Value) -> reqwest::Response {
    app.admin(Method::PUT, &format!("/api/v1/processes/{slug}/responses"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn submit_id(app: &TestApp, token: &str, text: &str) -> i64 {
    let created: Value = app.submit(token, "p1", text).await.json().await.unwrap();
    created["id"].as_i64().unwrap()
}

/// The participant's own submissions, by id: (response status, reply).
async fn own_answers(app: &TestApp, token: &str) -> Vec<(i64, String, Value)> {
    let page: Value = app
        .as_token(token, Method::GET, "/api/v1/processes/p1/submissions")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut out: Vec<(i64, String, Value)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_i64().unwrap(),
                s["response"]["status"].as_str().unwrap().to_owned(),
                s["response"]["reply"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|a| a.0);
    out
}

#[actix_web::test]
async fn participants_see_the_answer_to_a_selection_and_every_answer_is_audited() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    let a = submit_id(&app, &tokens[0], "More shade trees on the main square").await;
    let b = submit_id(&app, &tokens[0], "A safe crossing by the school").await;
    let c = submit_id(&app, &tokens[1], "Benches along the river walk").await;

    // Before anyone answers, everything is `received` with no reply.
    assert_eq!(
        own_answers(&app, &tokens[0]).await,
        vec![
            (a, "received".into(), Value::Null),
            (b, "received".into(), Value::Null)
        ]
    );

    let resp = respond(
        &app,
        "p1",
        json!({ "status": "accepted", "reply": "  Planting starts in spring.  ", "submission_ids": [a, c, a] }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["submission_ids"], json!([a, c]));
    assert_eq!(done["reply"], "Planting starts in spring.");

    assert_eq!(
        own_answers(&app, &tokens[0]).await,
        vec![
            (a, "accepted".into(), json!("Planting starts in spring.")),
            (b, "received".into(), Value::Null)
        ]
    );
    assert_eq!(
        own_answers(&app, &tokens[1]).await,
        vec![(c, "accepted".into(), json!("Planting starts in spring."))]
    );

    // A second answer replaces the first; the status alone clears the reply.
    let resp = respond(
        &app,
        "p1",
        json!({ "status": "under_consideration", "reply": null, "submission_ids": [c] }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        own_answers(&app, &tokens[1]).await,
        vec![(c, "under_consideration".into(), Value::Null)]
    );
    let admin_view = admin_json(&app, &format!("/api/v1/submissions/{c}")).await;
    assert_eq!(admin_view["response"]["status"], "under_consideration");
    assert!(admin_view["response"]["responded_at"].is_string());

    let audit = app.audit("submission.respond").await;
    assert_eq!(audit.len(), 2, "{audit:?}");
    let first = audit
        .iter()
        .find(|e| e["details"]["status"] == "accepted")
        .expect("the first answer is in the log");
    assert_eq!(first["details"]["submissions"], json!([a, c]));
    assert_eq!(first["target_id"], "p1");
}

#[actix_web::test]
async fn a_duplicate_group_is_answered_as_one() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 3, "community").await;
    let original = submit_id(&app, &tokens[0], "Night buses every half hour").await;
    let copy = submit_id(&app, &tokens[1], "Please run night buses more often").await;
    let other = submit_id(&app, &tokens[2], "Fix the playground fence").await;
    let marked = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{copy}/duplicate-of"),
        )
        .json(&json!({ "of": original }))
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), StatusCode::OK);

    let resp = respond(
        &app,
        "p1",
        json!({ "status": "partly_accepted", "reply": "Every hour from May.", "submission_ids": [original], "include_duplicates": true }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["submission_ids"], json!([original, copy]));
    assert_eq!(own_answers(&app, &tokens[1]).await[0].1, "partly_accepted");
    assert_eq!(
        own_answers(&app, &tokens[2]).await[0],
        (other, "received".into(), Value::Null)
    );
}

#[actix_web::test]
async fn answers_are_checked_field_by_field_and_stay_inside_their_process() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let t1 = app.issue_tokens("p1", 1, "community").await;
    let t2 = app.issue_tokens("p2", 1, "community").await;
    let mine = submit_id(&app, &t1[0], "Cycle lanes on the ring road").await;
    let elsewhere: Value = app
        .submit(&t2[0], "p2", "A library branch in the north")
        .await
        .json()
        .await
        .unwrap();

    let field = |problem: &Value| {
        let e = &problem["errors"][0];
        (
            e["field"].as_str().unwrap().to_owned(),
            e["code"].as_str().unwrap().to_owned(),
        )
    };
    let cases = [
        (
            json!({ "status": "accepted", "submission_ids": [] }),
            ("submission_ids", "too_short"),
        ),
        (
            json!({ "status": "accepted", "submission_ids": [mine], "reply": "   " }),
            ("reply", "empty"),
        ),
        (
            json!({ "status": "accepted", "submission_ids": [mine], "reply": "x".repeat(2001) }),
            ("reply", "too_long"),
        ),
        (
            json!({ "status": "accepted", "submission_ids": [mine, elsewhere["id"]] }),
            ("submission_ids", "unknown_reference"),
        ),
        (
            json!({ "status": "accepted", "submission_ids": [elsewhere["id"]], "include_duplicates": true }),
            ("submission_ids", "unknown_reference"),
        ),
        // Neither ids nor a filter.
        (
            json!({ "status": "accepted" }),
            ("submission_ids", "required"),
        ),
    ];
    for (body, (name, code)) in cases {
        let problem = assert_problem(
            respond(&app, "p1", body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            field(&problem),
            (name.to_owned(), code.to_owned()),
            "{body}"
        );
    }
    // The old one-group field: the body does not parse, and the problem names the field.
    for (body, name) in [(
        json!({ "status": "accepted", "submission_ids": [mine], "duplicate_group": mine }),
        "duplicate_group",
    )] {
        let problem = assert_problem(
            respond(&app, "p1", body.clone()).await,
            StatusCode::BAD_REQUEST,
            "invalid_request",
        )
        .await;
        assert_eq!(field(&problem).0, name, "{body}");
    }
    // Not a word of the vocabulary: the body does not parse.
    let resp = respond(
        &app,
        "p1",
        json!({ "status": "done", "submission_ids": [mine] }),
    )
    .await;
    assert!(resp.status().is_client_error());
    // Nothing above changed anything, and participants cannot answer.
    assert_eq!(own_answers(&app, &t1[0]).await[0].1, "received");
    assert!(app.audit("submission.respond").await.is_empty());
    let resp = app
        .as_token(&t1[0], Method::PUT, "/api/v1/processes/p1/responses")
        .json(&json!({ "status": "accepted", "submission_ids": [mine] }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    assert_problem(
        respond(
            &app,
            "nope",
            json!({ "status": "accepted", "submission_ids": [mine] }),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
