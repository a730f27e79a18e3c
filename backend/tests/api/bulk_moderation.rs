//! Moderation at workshop scale: an admin hides, flags or restores a selection of a process's
//! submissions with one reason; each change is audited per submission; nothing changes when
//! the request names a submission of another process.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn moderate(app: &TestApp, slug: &str, body: Value) -> reqwest::Response {
    app.admin(Method::PUT, &format!("/api/v1/processes/{slug}/moderation"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn submit_id(app: &TestApp, token: &str, slug: &str, text: &str) -> i64 {
    let created: Value = app.submit(token, slug, text).await.json().await.unwrap();
    created["id"].as_i64().unwrap()
}

/// The admin list's (id, status, moderation reason) of process p1, by id.
async fn statuses(app: &TestApp) -> Vec<(i64, String, Value)> {
    let page: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/submissions?limit=100")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut out: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_i64().unwrap(),
                s["status"].as_str().unwrap().to_owned(),
                s["moderation_reason"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|s| s.0);
    out
}

#[actix_web::test]
async fn a_selection_is_hidden_and_restored_with_one_reason_each_change_audited() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    let a = submit_id(&app, &tokens[0], "p1", "Buy my sunglasses at example.com").await;
    let b = submit_id(&app, &tokens[1], "p1", "Cheap watches, click here").await;
    let c = submit_id(&app, &tokens[1], "p1", "Plant trees along the canal").await;

    let resp = moderate(
        &app,
        "p1",
        json!({ "submission_ids": [b, a, a], "status": "hidden", "reason": " Advertising " }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["submission_ids"], json!([a, b]), "sorted, each once");
    assert_eq!(done["changed"], 2);
    let hidden = || (String::from("hidden"), json!("Advertising"));
    let visible = || (String::from("visible"), Value::Null);
    let now = statuses(&app).await;
    assert_eq!((now[0].1.clone(), now[0].2.clone()), hidden());
    assert_eq!((now[1].1.clone(), now[1].2.clone()), hidden());
    assert_eq!((now[2].1.clone(), now[2].2.clone()), visible());

    // One audit entry per submission, as if each had been moderated alone.
    let entries = app.audit("submission.moderate").await;
    let mut targets: Vec<String> = entries
        .iter()
        .map(|e| e["target_id"].as_str().unwrap().to_owned())
        .collect();
    targets.sort();
    assert_eq!(targets, vec![a.to_string(), b.to_string()]);
    for e in &entries {
        assert_eq!(e["reason"], "Advertising");
        assert_eq!(
            e["details"],
            json!({ "from": "visible", "to": "hidden", "bulk": true })
        );
    }

    // Restoring needs no reason; a submission already visible is counted as unchanged.
    let resp = moderate(
        &app,
        "p1",
        json!({ "submission_ids": [a, c], "status": "visible" }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["changed"], 1);
    let now = statuses(&app).await;
    assert_eq!(now[0].0, a);
    assert_eq!((now[0].1.clone(), now[0].2.clone()), visible());
    assert_eq!((now[1].1.clone(), now[1].2.clone()), hidden());
    assert_eq!(app.audit("submission.moderate").await.len(), 4);
}

#[actix_web::test]
async fn bad_selections_change_nothing() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let t1 = app.issue_tokens("p1", 1, "community").await;
    let t2 = app.issue_tokens("p2", 1, "community").await;
    let mine = submit_id(&app, &t1[0], "p1", "Cycle lanes on the ring road").await;
    let elsewhere = submit_id(&app, &t2[0], "p2", "A library branch in the north").await;

    let cases = [
        (
            json!({ "submission_ids": [mine], "status": "hidden" }),
            ("reason", "required"),
        ),
        (
            json!({ "submission_ids": [mine], "status": "flagged", "reason": "  " }),
            ("reason", "required"),
        ),
        (
            json!({ "submission_ids": [mine], "status": "hidden", "reason": "x".repeat(501) }),
            ("reason", "too_long"),
        ),
        (
            json!({ "submission_ids": [], "status": "visible" }),
            ("submission_ids", "too_short"),
        ),
        (
            json!({ "submission_ids": [mine, elsewhere], "status": "hidden", "reason": "spam" }),
            ("submission_ids", "unknown_reference"),
        ),
    ];
    for (body, (field, code)) in cases {
        let problem = assert_problem(
            moderate(&app, "p1", body.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        assert_eq!(problem["errors"][0]["code"], code, "{body}");
    }
    let resp = moderate(
        &app,
        "p1",
        json!({ "submission_ids": (0..501).collect::<Vec<i64>>(), "status": "visible" }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Participants cannot moderate; an unknown process is not found.
    let resp = app
        .as_token(&t1[0], Method::PUT, "/api/v1/processes/p1/moderation")
        .json(&json!({ "submission_ids": [mine], "status": "hidden", "reason": "x" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let body = json!({ "submission_ids": [mine], "status": "hidden", "reason": "x" });
    assert_problem(
        moderate(&app, "nope", body).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    assert_eq!(statuses(&app).await[0].1, "visible");
    assert!(app.audit("submission.moderate").await.is_empty());
}
