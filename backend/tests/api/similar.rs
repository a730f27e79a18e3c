use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn similar(app: &TestApp, token: &str, text: &str) -> reqwest::Response {
    app.as_token(token, Method::POST, "/api/v1/processes/p1/similar")
        .json(&json!({ "text": text }))
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn similar_submissions_show_only_in_public_processes_and_never_hidden_ones() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    app.submit(&tokens[0], "p1", "More trees in the central park please")
        .await;
    let hidden: Value = app
        .submit(
            &tokens[0],
            "p1",
            "More trees in the central park, you idiots",
        )
        .await
        .json()
        .await
        .unwrap();
    app.admin(
        Method::PATCH,
        &format!("/api/v1/submissions/{}", hidden["id"]),
    )
    .json(&json!({ "status": "hidden", "reason": "insult" }))
    .send()
    .await
    .unwrap();
    app.submit(&tokens[0], "p1", "Night buses every half hour")
        .await;
    // Not public: nothing from others leaks.
    assert_problem(
        similar(&app, &tokens[1], "trees in the park").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    app.admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "public_submissions": true }))
        .send()
        .await
        .unwrap();
    let found: Value = similar(&app, &tokens[1], "We want more trees in the central park")
        .await
        .json()
        .await
        .unwrap();
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{found}");
    assert_eq!(
        items[0]["submission"]["text"],
        "More trees in the central park please"
    );
    assert!(items[0]["submission"].get("token_id").is_none());
    let s = items[0]["similarity"].as_f64().unwrap();
    assert!(s > 0.0 && s <= 1.0001);
    // The author does not get their own words back.
    let own: Value = similar(&app, &tokens[0], "We want more trees in the central park")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["items"].as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn similar_lookups_are_rate_limited_per_token() {
    let app = spawn_app_with(|s| s.limits.similar_per_minute = 2).await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let token = app.participant("p1").await;
    for _ in 0..2 {
        assert_eq!(
            similar(&app, &token, "trees").await.status(),
            StatusCode::OK
        );
    }
    let resp = similar(&app, &token, "trees").await;
    assert!(resp.headers().get("retry-after").is_some());
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[actix_web::test]
async fn duplicates_are_grouped_marked_counted_once_and_audited() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let mut ids = Vec::new();
    for text in [
        "Build a skate park next to the library",
        "Build a skate park next to the library!",
        "build a skate park next to the library",
        "Repair the broken streetlights on Elm Street",
    ] {
        let s: Value = app.submit(&token, "p1", text).await.json().await.unwrap();
        ids.push(s["id"].as_i64().unwrap());
    }
    let found: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/duplicates")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let groups = found["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{found}");
    let members: Vec<i64> = groups[0]["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(members, ids[..3]);
    let before: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/analytics")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(before["total"], 4);
    // Mark #2 as a duplicate of #1, and #3 as a duplicate of #2: it points at the original.
    for (dup, of) in [(ids[1], ids[0]), (ids[2], ids[1])] {
        let mark: Value = app
            .admin(
                Method::PUT,
                &format!("/api/v1/submissions/{dup}/duplicate-of"),
            )
            .json(&json!({ "of": of }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(mark["duplicate_of"], ids[0]);
    }
    let after: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/analytics")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (after["total"].clone(), after["duplicates"].clone()),
        (json!(2), json!(2)),
        "counted once"
    );
    let s: Value = app
        .admin(Method::GET, &format!("/api/v1/submissions/{}", ids[1]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["duplicate_of"], ids[0], "kept and linked");
    // Reversible.
    app.admin(
        Method::PUT,
        &format!("/api/v1/submissions/{}/duplicate-of", ids[2]),
    )
    .json(&json!({ "of": null }))
    .send()
    .await
    .unwrap();
    let undone: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/analytics")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(undone["total"], 3);
    assert_eq!(app.audit("submission.mark_duplicate").await.len(), 3);
    // When an original becomes a duplicate itself, its duplicates follow it to the new root.
    app.admin(
        Method::PUT,
        &format!("/api/v1/submissions/{}/duplicate-of", ids[0]),
    )
    .json(&json!({ "of": ids[3] }))
    .send()
    .await
    .unwrap();
    let moved: Value = app
        .admin(Method::GET, &format!("/api/v1/submissions/{}", ids[1]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["duplicate_of"], ids[3], "no chains");
    app.admin(
        Method::PUT,
        &format!("/api/v1/submissions/{}/duplicate-of", ids[0]),
    )
    .json(&json!({ "of": null }))
    .send()
    .await
    .unwrap();
    // Self-duplication (#4 through its duplicate #2) is refused.
    let resp = app
        .admin(
            Method::PUT,
            &format!("/api/v1/submissions/{}/duplicate-of", ids[3]),
        )
        .json(&json!({ "of": ids[1] }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let resp = app
        .admin(Method::GET, "/api/v1/processes/p1/duplicates?threshold=0.2")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[actix_web::test]
async fn embedding_similarity_finds_paraphrases_not_just_shared_words() {
    let model_dir = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/models/all-MiniLM-L6-v2"
    ));
    let app = spawn_app_with(move |s| s.model_dir = model_dir).await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    app.submit(
        &tokens[0],
        "p1",
        "The riverside needs many more shade trees.",
    )
    .await;
    app.submit(&tokens[0], "p1", "Buses should run all night on weekends.")
        .await;
    let found: Value = similar(
        &app,
        &tokens[1],
        "Please plant lots of trees along the river bank.",
    )
    .await
    .json()
    .await
    .unwrap();
    let items = found["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{found}");
    assert_eq!(
        items[0]["submission"]["text"],
        "The riverside needs many more shade trees."
    );
    assert!(items
        .iter()
        .all(|i| i["submission"]["text"] != "Buses should run all night on weekends."));
}
