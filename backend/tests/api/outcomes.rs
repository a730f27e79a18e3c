//! Answers ("you said, we did") travel on: analytics and results links count outcomes per
//! status and per category, and every export format carries each submission's answer.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn analytics_results_links_and_exports_carry_the_answers() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 1, "community").await;
    let mut ids = Vec::new();
    for text in [
        "=SUM(A1) shade over the playground",
        "Benches by the bus stop",
        "Night buses every half hour",
    ] {
        // Only the first has a place, so it is the one GeoJSON feature.
        let located = ids
            .is_empty()
            .then(|| json!({ "lat": 40.4168, "lng": -3.7038 }));
        let created: Value = app
            .as_token(&tokens[0], Method::POST, "/api/v1/processes/p1/submissions")
            .json(&json!({ "text": text, "location": located }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_i64().unwrap());
    }
    for id in &ids {
        analysed(&app, &json!(id)).await;
    }
    let answer = |status: &str, reply: Option<&str>, targets: Vec<i64>| {
        app.admin(Method::PUT, "/api/v1/processes/p1/responses")
            .json(&json!({ "status": status, "reply": reply, "submission_ids": targets }))
            .send()
    };
    assert_eq!(
        answer("accepted", Some("-Planned for May"), vec![ids[0], ids[1]])
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let analytics = admin_json(&app, "/api/v1/processes/p1/analytics").await;
    let by_response: Vec<(String, i64)> = analytics["by_response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["key"].as_str().unwrap().to_owned(),
                k["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_response,
        [
            ("received".into(), 1),
            ("under_consideration".into(), 0),
            ("accepted".into(), 2),
            ("partly_accepted".into(), 0),
            ("not_taken_forward".into(), 0),
        ]
    );
    // Per category: the counts add up to the answers, under each submission's category.
    let per_category = analytics["response_by_category"].as_object().unwrap();
    let accepted: i64 = per_category
        .values()
        .map(|m| m.get("accepted").and_then(Value::as_i64).unwrap_or(0))
        .sum();
    assert_eq!(accepted, 2, "{per_category:?}");
    let first = admin_json(&app, &format!("/api/v1/submissions/{}", ids[0])).await;
    let category = first["primary_category"].as_str().unwrap();
    assert!(per_category[category]["accepted"].as_i64().unwrap() >= 1);

    // A results link shows the same outcomes.
    let link: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/share-links")
        .json(&json!({ "label": "Council", "expires_in_days": 7 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shared: Value = app
        .anon(Method::GET, "/api/v1/shared/results")
        .header("X-Results-Token", link["token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shared["analytics"]["by_response"], analytics["by_response"]);
    assert_eq!(
        shared["analytics"]["response_by_category"],
        analytics["response_by_category"]
    );

    // Exports: CSV (the reply neutralised like any text cell), JSON and GeoJSON.
    let csv = app
        .admin(Method::GET, "/api/v1/processes/p1/exports/submissions.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let row_of = |id: i64| {
        rows.iter()
            .find(|r| r[col("id")] == id.to_string())
            .unwrap()
    };
    assert_eq!(row_of(ids[0])[col("response_status")], "accepted");
    assert_eq!(row_of(ids[0])[col("response_reply")], "'-Planned for May");
    assert!(!row_of(ids[0])[col("responded_at")].is_empty());
    assert_eq!(row_of(ids[2])[col("response_status")], "received");
    assert_eq!(row_of(ids[2])[col("responded_at")], "");

    let exported: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/exports/submissions.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let item = |id: i64| {
        exported
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(item(ids[1])["response"]["status"], "accepted");
    assert_eq!(item(ids[1])["response"]["reply"], "-Planned for May");
    assert_eq!(item(ids[2])["response"]["status"], "received");

    let features: Value = app
        .admin(
            Method::GET,
            "/api/v1/processes/p1/exports/submissions.geojson",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let properties = &features["features"][0]["properties"];
    assert_eq!(properties["id"], ids[0]);
    assert_eq!(properties["response_status"], "accepted");
    assert_eq!(properties["response_reply"], "-Planned for May");
}
