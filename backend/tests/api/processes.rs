use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn admin_creates_a_process_with_the_default_taxonomy() {
    let app = spawn_app().await;
    let p = app
        .create_process(
            "riverfront",
            json!({ "map": { "lat": 32.78, "lng": -96.8, "zoom": 12 } }),
        )
        .await;
    assert_eq!(p["slug"], "riverfront");
    assert_eq!(p["registration_open"], false);
    assert_eq!(p["submissions_open"], true);
    let keys: Vec<&str> = p["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "vision",
            "problem",
            "objective",
            "directive",
            "value",
            "action"
        ]
    );
    assert_eq!(p["contributor_types"].as_array().unwrap().len(), 6);
    assert_eq!(p["map"]["zoom"], 12);
    let audit = app.audit("process.create").await;
    assert_eq!(audit[0]["target_id"], "riverfront");
    assert!(audit[0]["actor_token_id"].as_i64().is_some());
}

#[actix_web::test]
async fn duplicate_slug_is_409() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "p1", "title": "again", "prompt": "?" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::CONFLICT, "slug_taken").await;
}

#[actix_web::test]
async fn public_view_hides_admin_fields_and_lists_only_open_registration() {
    let app = spawn_app().await;
    app.create_process("open", json!({ "registration_open": true }))
        .await;
    app.create_process("private", json!({})).await;
    let p: Value = app
        .anon(Method::GET, "/api/v1/processes/open")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["title"], "Process open");
    assert!(p.get("id").is_none() && p.get("created_at").is_none());
    // A process not open for registration is not there for anonymous callers.
    let resp = app
        .anon(Method::GET, "/api/v1/processes/private")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let list: Value = app
        .anon(Method::GET, "/api/v1/processes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["open"]);
    let all: Value = app
        .admin(Method::GET, "/api/v1/processes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let resp = app
        .anon(Method::GET, "/api/v1/processes/missing")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn participant_lists_only_their_own_process() {
    let app = spawn_app().await;
    app.create_process("mine", json!({})).await;
    app.create_process("other", json!({ "registration_open": true }))
        .await;
    let token = app.participant("mine").await;
    let list: Value = app
        .as_token(&token, Method::GET, "/api/v1/processes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["slug"], "mine");
}

#[actix_web::test]
async fn admin_updates_process_fields_and_clears_the_map() {
    let app = spawn_app().await;
    app.create_process(
        "p1",
        json!({ "map": { "lat": 1.0, "lng": 2.0, "zoom": 3 } }),
    )
    .await;
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({
            "title": "New title",
            "submissions_open": false,
            "categories": [{ "key": "idea", "name": "Idea", "description": "Anything" }],
            "contributor_types": [{ "key": "resident", "name": "Resident" }],
            "map": null
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let p: Value = resp.json().await.unwrap();
    assert_eq!(p["title"], "New title");
    assert_eq!(p["prompt"], "What should change?", "absent fields stay");
    assert_eq!(p["submissions_open"], false);
    assert_eq!(p["categories"][0]["key"], "idea");
    assert_eq!(p["contributor_types"][0]["key"], "resident");
    assert_eq!(p["map"], Value::Null);
    let audit = app.audit("process.categories_change").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0]["details"]["fields"]
        .as_array()
        .unwrap()
        .contains(&json!("map")));
}

#[actix_web::test]
async fn invalid_update_changes_nothing() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "title": "Fine", "categories": [] }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "categories");
    let p: Value = app
        .admin(Method::GET, "/api/v1/processes/p1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["title"], "Process p1");
}

#[actix_web::test]
async fn registration_gives_a_working_token_only_when_open() {
    let app = spawn_app().await;
    app.create_process("closed", json!({})).await;
    app.create_process("open", json!({ "registration_open": true }))
        .await;
    let resp = app
        .anon(Method::POST, "/api/v1/processes/closed/register")
        .json(&json!({ "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "registration_closed").await;
    let resp = app
        .anon(Method::POST, "/api/v1/processes/open/register")
        .json(&json!({ "contributor_type": "astronaut" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let resp = app
        .anon(Method::POST, "/api/v1/processes/open/register")
        .json(&json!({ "contributor_type": "nonprofit" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
    let body: Value = resp.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    let who: Value = app
        .login(&cookie_client(), token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(who["process"], "open");
    assert_eq!(who["contributor_type"], "nonprofit");
    assert_eq!(who["token_id"], body["token_id"]);
}

#[actix_web::test]
async fn healthz_and_openapi_are_served() {
    let app = spawn_app().await;
    let h: Value = app
        .anon(Method::GET, "/healthz")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["status"], "ok");
    let spec: Value = app
        .anon(Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/api/v1/auth/login"]["post"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
}

#[actix_web::test]
async fn readyz_checks_the_database() {
    let app = spawn_app().await;
    let resp = app.anon(Method::GET, "/readyz").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
}

#[actix_web::test]
async fn metrics_count_requests_by_route_for_allowed_scrapers_only() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "registration_open": true }))
        .await;
    app.anon(Method::GET, "/api/v1/processes/p1")
        .send()
        .await
        .unwrap();
    app.anon(Method::GET, "/api/v1/processes/p1")
        .send()
        .await
        .unwrap();
    let text = app
        .anon(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("planner_http_requests_total{method=\"GET\",route=\"/api/v1/processes/{slug}\",status=\"200\"} 2"),
        "routes are patterns, not raw paths:\n{text}"
    );
    assert!(text.contains("planner_http_request_duration_seconds_bucket{route=\"/api/v1/processes/{slug}\",le=\"+Inf\"} 2"));
    for gauge in [
        "planner_db_pool_connections",
        "planner_job_queue_depth",
        "planner_database_size_bytes",
    ] {
        assert!(text.contains(&format!("# TYPE {gauge} gauge")), "{gauge}");
    }
    // A scraper outside METRICS_ALLOWED_IPS sees nothing.
    let closed = spawn_app_with(|s| s.metrics_allowed = vec!["10.0.0.0/8".parse().unwrap()]).await;
    assert_eq!(
        closed
            .anon(Method::GET, "/metrics")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
