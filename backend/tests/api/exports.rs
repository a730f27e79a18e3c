use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const TRICKY: &str = "Plazas, \"shade\" and benches;\nlíneas nuevas también.";

/// A process with a formula-looking submission, a tricky one with a location, and a hidden one.
async fn seeded() -> (TestApp, Vec<Value>) {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let a: Value = app
        .submit(&token, "p1", FORMULA)
        .await
        .json()
        .await
        .unwrap();
    let b: Value = app
        .as_token(&token, Method::POST, "/api/v1/processes/p1/submissions")
        .json(&json!({ "text": TRICKY, "location": { "lat": 40.4168, "lng": -3.7038 } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let c: Value = app
        .submit(&token, "p1", "Hidden insult")
        .await
        .json()
        .await
        .unwrap();
    app.admin(Method::PATCH, &format!("/api/v1/submissions/{}", c["id"]))
        .json(&json!({ "status": "hidden", "reason": "abuse" }))
        .send()
        .await
        .unwrap();
    // Wait for the analyser so sentences appear in the exports.
    for s in [&a, &b, &c] {
        analysed(&app, &s["id"]).await;
    }
    (app, vec![a, b, c])
}

async fn download(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let resp = app.admin(Method::GET, path).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let headers = resp.headers().clone();
    (headers, resp.text().await.unwrap())
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[actix_web::test]
async fn csv_export_round_trips_neutralises_formulas_and_leaves_out_hidden() {
    let (app, subs) = seeded().await;
    let (headers, body) = download(&app, "/api/v1/processes/p1/exports/submissions.csv").await;
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("attachment"));
    let (header, rows) = parse_csv(&body);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(!header.iter().any(|h| h.contains("token")), "{header:?}");
    assert_eq!(rows.len(), 2, "hidden submissions are left out by default");
    let by_id = |id: &Value| {
        rows.iter()
            .find(|r| r[col("id")].parse::<i64>().ok() == id.as_i64())
            .unwrap()
    };
    assert_eq!(by_id(&subs[0]["id"])[col("text")], format!("'{FORMULA}"));
    assert_eq!(
        by_id(&subs[1]["id"])[col("text")],
        TRICKY,
        "commas, quotes, line breaks and accents survive"
    );
    assert_eq!(
        by_id(&subs[1]["id"])[col("lng")],
        "-3.7038",
        "numbers are not neutralised"
    );
    assert!(!by_id(&subs[1]["id"])[col("primary_category")].is_empty());
    // Hidden ones on request; a BOM on request.
    let (_, body) = download(
        &app,
        "/api/v1/processes/p1/exports/submissions.csv?include_hidden=true&bom=true",
    )
    .await;
    assert!(body.starts_with('\u{feff}'));
    let (_, rows) = parse_csv(body.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len(), 3);
    let audit = app.audit("export").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0]["details"]["include_hidden"], true);
}

#[actix_web::test]
async fn sentence_csv_has_a_row_per_sentence() {
    let (app, _) = seeded().await;
    let (_, body) = download(&app, "/api/v1/processes/p1/exports/sentences.csv").await;
    let (header, rows) = parse_csv(&body);
    assert_eq!(
        header,
        [
            "submission_id",
            "position",
            "category",
            "confidence",
            "source",
            "contributor_type",
            "text"
        ]
    );
    assert!(rows.len() >= 2);
    assert!(rows.iter().all(|r| r[4] == "model"));
}

#[actix_web::test]
async fn json_export_has_the_documented_schema() {
    let (app, subs) = seeded().await;
    let (headers, body) = download(&app, "/api/v1/processes/p1/exports/submissions.json").await;
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    let items: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(items.len(), 2);
    let spec: Value = app
        .anon(Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schema = &spec["components"]["schemas"]["ExportedSubmission"];
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for item in &items {
        for key in &required {
            assert!(item.get(*key).is_some(), "{key} missing in {item}");
        }
        assert!(item.get("token_id").is_none());
        let declared: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        assert!(
            item.as_object()
                .unwrap()
                .keys()
                .all(|k| declared.contains(&k)),
            "undocumented field in {item}"
        );
    }
    let tricky = items.iter().find(|i| i["id"] == subs[1]["id"]).unwrap();
    assert_eq!(tricky["text"], TRICKY);
    assert_eq!(
        tricky["location"],
        json!({ "lat": 40.4168, "lng": -3.7038 })
    );
    assert!(!tricky["sentences"].as_array().unwrap().is_empty());
}

#[actix_web::test]
async fn geojson_export_is_a_feature_collection_in_longitude_latitude_order() {
    let (app, subs) = seeded().await;
    let (headers, body) = download(&app, "/api/v1/processes/p1/exports/submissions.geojson").await;
    assert_eq!(headers.get("content-type").unwrap(), "application/geo+json");
    let fc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert!(fc.get("crs").is_none(), "RFC 7946 has no crs member");
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "only located submissions");
    let f = &features[0];
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "Point");
    assert_eq!(f["geometry"]["coordinates"], json!([-3.7038, 40.4168]));
    assert_eq!(f["properties"]["id"], subs[1]["id"]);
    assert!(f["properties"].get("token_id").is_none());
}

#[actix_web::test]
async fn exports_are_for_admins_only() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let resp = app
        .as_token(
            &token,
            Method::GET,
            "/api/v1/processes/p1/exports/submissions.csv",
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let resp = app
        .anon(Method::GET, "/api/v1/processes/p1/exports/submissions.json")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[actix_web::test]
async fn empty_exports_are_still_valid_documents() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let (_, body) = download(&app, "/api/v1/processes/p1/exports/submissions.json").await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!([]));
    let (_, body) = download(&app, "/api/v1/processes/p1/exports/submissions.geojson").await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["features"],
        json!([])
    );
    let (_, body) = download(&app, "/api/v1/processes/p1/exports/submissions.csv").await;
    assert_eq!(parse_csv(&body).1.len(), 0);
}

/// The ids of an export of p1 as JSON with `query`.
async fn exported_ids(app: &TestApp, query: &str) -> Vec<i64> {
    let (_, body) = download(
        app,
        &format!("/api/v1/processes/p1/exports/submissions.json?{query}"),
    )
    .await;
    let items: Vec<Value> = serde_json::from_str(&body).unwrap();
    let mut ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[actix_web::test]
async fn exports_take_the_lists_reported_filter() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let t = app.issue_tokens("p1", 2, "community").await;
    let mut ids = Vec::new();
    for text in [
        "Buy cheap watches at example.com",
        "Plant trees by the canal",
    ] {
        let created: Value = app.submit(&t[0], "p1", text).await.json().await.unwrap();
        ids.push(created["id"].as_i64().unwrap());
    }
    let (spam, fine) = (ids[0], ids[1]);
    let resp = app
        .as_token(
            &t[1],
            Method::POST,
            &format!("/api/v1/submissions/{spam}/report"),
        )
        .json(&json!({ "reason": "Advertising" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    for (query, expected) in [
        ("reported=true", vec![spam]),
        ("reported=false", vec![fine]),
        ("", vec![spam, fine]),
        ("reported=true&q=watches", vec![spam]),
        ("reported=true&q=trees", vec![]),
    ] {
        assert_eq!(exported_ids(&app, query).await, expected, "{query}");
        // The same as the admin list shows with the same filter.
        let list = admin_json(&app, &format!("/api/v1/processes/p1/submissions?{query}")).await;
        let mut listed: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect();
        listed.sort();
        assert_eq!(listed, expected, "list {query}");
    }
    let (_, csv) = download(
        &app,
        "/api/v1/processes/p1/exports/submissions.csv?reported=false",
    )
    .await;
    let (header, rows) = parse_csv(&csv);
    let id = header.iter().position(|h| h == "id").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][id], fine.to_string());

    // The audit entry records the filter; a value that is not a boolean is refused.
    let audit = app.audit("export").await;
    assert!(audit
        .iter()
        .any(|e| e["details"]["filters"] == json!({ "reported": true })));
    let resp = app
        .admin(
            Method::GET,
            "/api/v1/processes/p1/exports/submissions.json?reported=maybe",
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
}
