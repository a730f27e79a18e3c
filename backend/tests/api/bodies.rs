//! Bodies as the spec describes them: whole numbers may be written `2.0` (JSON Schema's
//! integers), a body whose fields are all optional must still be an object, and field errors
//! carry a machine code with their bounds.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn whole_numbers_may_be_written_with_a_zero_fraction() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 2.0, "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 2.5, "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
}

/// Row ids are integers in the spec, so `7.0` names row 7 in a body; a path names it `7`.
#[actix_web::test]
async fn row_ids_in_bodies_may_be_written_with_a_zero_fraction() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let mut ids = Vec::new();
    for text in ["More trees by the river", "More trees along the river"] {
        let resp = app.submit(&token, "p1", text).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        ids.push(resp.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let mark = |path: String, of: Value| {
        app.admin(Method::PUT, &path)
            .json(&json!({ "of": of }))
            .send()
    };
    let path = format!("/api/v1/submissions/{}/duplicate-of", ids[1]);
    let resp = mark(path.clone(), json!(ids[0] as f64)).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<Value>().await.unwrap()["duplicate_of"], ids[0]);
    let resp = mark(path, json!(ids[0] as f64 + 0.5)).await.unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
    let fraction_in_path = format!("/api/v1/submissions/{}.0/duplicate-of", ids[1]);
    let resp = mark(fraction_in_path, json!(null)).await.unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn an_array_is_not_an_all_optional_body() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    for path in [
        "/api/v1/admin/tokens",
        "/api/v1/processes/p1/share-links",
        "/api/v1/processes/p1/themes",
    ] {
        let resp = app
            .admin(Method::POST, path)
            .json(&json!([null, null]))
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
    }
}

#[actix_web::test]
async fn field_errors_name_a_code_and_its_bounds() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/themes")
        .json(&json!({ "k": 40 }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        body["errors"][0],
        json!({ "field": "k", "code": "out_of_range", "message": "must be between 2 and 20", "min": 2, "max": 20 })
    );
}
