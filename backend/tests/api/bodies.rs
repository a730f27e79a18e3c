//! Bodies as the spec describes them: whole numbers may be written `2.0` (JSON Schema's
//! integers), a body whose fields are all optional must still be an object, and field errors
//! carry a machine code with their bounds.

use reqwest::{Method, StatusCode};
use serde_json::json;

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
