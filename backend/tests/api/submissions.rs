use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn participant_submits_with_and_without_location() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.issue_tokens("p1", 1, "business").await.remove(0);
    let resp = app
        .submit(
            &token,
            "p1",
            "  Buses stop at 9 pm, so night-shift workers can't get home.  ",
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let s: Value = resp.json().await.unwrap();
    assert_eq!(
        s["text"],
        "Buses stop at 9 pm, so night-shift workers can't get home."
    );
    assert_eq!(s["contributor_type"], "business");
    assert_eq!(s["status"], "visible");
    assert_eq!(s["location"], Value::Null);
    assert_eq!(s["process"], "p1");
    assert!(
        s.get("token_id").is_none(),
        "participants do not see token ids"
    );
    let resp = app
        .as_token(&token, Method::POST, "/api/v1/processes/p1/submissions")
        .json(&json!({ "text": "A garden here", "location": { "lat": 51.5, "lng": -0.12 } }))
        .send()
        .await
        .unwrap();
    let s: Value = resp.json().await.unwrap();
    assert_eq!(s["location"], json!({ "lat": 51.5, "lng": -0.12 }));
}

#[actix_web::test]
async fn invalid_text_and_coordinates_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let cases = [
        (json!({ "text": "   " }), "text"),
        (json!({ "text": "x".repeat(5001) }), "text"),
        (json!({ "text": "bell\u{7}" }), "text"),
        (
            json!({ "text": "ok", "location": { "lat": 12.0, "lng": 181.0 } }),
            "location.lng",
        ),
        (
            json!({ "text": "ok", "contributor_type": "government" }),
            "contributor_type",
        ),
    ];
    for (body, field) in cases {
        let resp = app
            .as_token(&token, Method::POST, "/api/v1/processes/p1/submissions")
            .json(&body)
            .send()
            .await
            .unwrap();
        let problem =
            assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field);
    }
    let ok = app.submit(&token, "p1", &"é".repeat(5000)).await;
    assert_eq!(
        ok.status(),
        StatusCode::CREATED,
        "5000 characters is allowed, whatever their byte length"
    );
    let list: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/submissions")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
}

#[actix_web::test]
async fn participants_see_and_edit_only_their_own() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    let mine: Value = app
        .submit(&tokens[0], "p1", "mine")
        .await
        .json()
        .await
        .unwrap();
    let theirs: Value = app
        .submit(&tokens[1], "p1", "theirs")
        .await
        .json()
        .await
        .unwrap();
    let list: Value = app
        .as_token(&tokens[0], Method::GET, "/api/v1/processes/p1/submissions")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["text"], "mine");
    let other = format!("/api/v1/submissions/{}", theirs["id"]);
    for method in [Method::GET, Method::DELETE] {
        let resp = app
            .as_token(&tokens[0], method, &other)
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    }
    let resp = app
        .as_token(&tokens[0], Method::PATCH, &other)
        .json(&json!({ "text": "hijacked" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    // Own: read, edit text and location, clear location, delete.
    let own = format!("/api/v1/submissions/{}", mine["id"]);
    let got: Value = app
        .as_token(&tokens[0], Method::GET, &own)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["text"], "mine");
    let edited: Value = app
        .as_token(&tokens[0], Method::PATCH, &own)
        .json(&json!({ "text": "mine, edited", "location": { "lat": 10.0, "lng": 20.0 } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(edited["text"], "mine, edited");
    assert_eq!(edited["location"]["lng"], 20.0);
    let cleared: Value = app
        .as_token(&tokens[0], Method::PATCH, &own)
        .json(&json!({ "location": null }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["location"], Value::Null);
    assert_eq!(cleared["text"], "mine, edited");
    assert_eq!(
        app.as_token(&tokens[0], Method::DELETE, &own)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.as_token(&tokens[0], Method::GET, &own)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn participants_cannot_reach_another_process() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    app.create_process("p2", json!({})).await;
    let token = app.participant("p1").await;
    // Another process answers exactly like one that does not exist.
    let resp = app.submit(&token, "p2", "wrong place").await;
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    let resp = app
        .as_token(&token, Method::GET, "/api/v1/processes/p2/submissions")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn closed_process_refuses_new_edits_and_deletes_from_participants() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let s: Value = app
        .submit(&token, "p1", "before closing")
        .await
        .json()
        .await
        .unwrap();
    app.admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "submissions_open": false }))
        .send()
        .await
        .unwrap();
    assert_problem(
        app.submit(&token, "p1", "after").await,
        StatusCode::FORBIDDEN,
        "submissions_closed",
    )
    .await;
    let path = format!("/api/v1/submissions/{}", s["id"]);
    let resp = app
        .as_token(&token, Method::PATCH, &path)
        .json(&json!({ "text": "changed" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "submissions_closed").await;
    let resp = app
        .as_token(&token, Method::DELETE, &path)
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "submissions_closed").await;
    // Reading stays possible.
    assert_eq!(
        app.as_token(&token, Method::GET, &path)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn list_filters_and_caps_the_page_size() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let a = app.issue_tokens("p1", 1, "community").await.remove(0);
    let b = app.issue_tokens("p1", 1, "business").await.remove(0);
    app.submit(&a, "p1", "More TREES on Elm Street").await;
    app.submit(&a, "p1", "Night buses").await;
    app.submit(&b, "p1", "Trees need water; 100% of them").await;
    let get = |q: &'static str| {
        let app = &app;
        async move {
            let v: Value = app
                .admin(
                    Method::GET,
                    &format!("/api/v1/processes/p1/submissions?{q}"),
                )
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v
        }
    };
    assert_eq!(get("q=trees").await["total"], 2, "text search ignores case");
    assert_eq!(get("q=100%25").await["total"], 1, "% is literal");
    assert_eq!(get("q=_").await["total"], 0, "_ is literal");
    assert_eq!(get("contributor_type=business").await["total"], 1);
    assert_eq!(get("status=hidden").await["total"], 0);
    assert_eq!(
        get("created_from=2000-01-01T00:00:00Z&created_to=2999-01-01T00:00:00Z").await["total"],
        3
    );
    assert_eq!(get("created_from=2999-01-01T00:00:00Z").await["total"], 0);
    let page = get("limit=2&offset=0").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["items"][0]["text"], "Trees need water; 100% of them",
        "newest first"
    );
    assert_eq!(
        get("limit=100000").await["limit"],
        200,
        "page size is capped"
    );
    let resp = app
        .admin(
            Method::GET,
            "/api/v1/processes/p1/submissions?status=deleted",
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
    let resp = app
        .admin(Method::GET, "/api/v1/processes/p1/submissions?sort=evil")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
}
