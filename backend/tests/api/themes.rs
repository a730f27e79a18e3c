use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn run_themes(app: &TestApp, body: Value) -> Value {
    let job: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/themes")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let j = eventually(app, &format!("/api/v1/jobs/{}", job["id"]), |j| {
        j["state"] == "done" || j["state"] == "failed"
    })
    .await;
    assert_eq!(j["state"], "done", "{j}");
    assert_eq!(
        (j["done"].clone(), j["total"].clone()),
        (json!(2), json!(2))
    );
    app.admin(Method::GET, "/api/v1/processes/p1/themes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[actix_web::test]
async fn themes_group_sentences_deterministically_and_keep_admin_names() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let texts = [
        "Plant more trees in the park.",
        "The park needs shade trees.",
        "Old trees in the park should be protected.",
        "Trees make the park cooler in summer.",
        "Night buses should run every half hour.",
        "Buses stop too early at night.",
        "We need night buses on weekends.",
        "Run buses later at night for shift workers.",
    ];
    for t in texts {
        app.submit(&token, "p1", t).await;
    }
    let first = run_themes(&app, json!({ "k": 2, "seed": 7 })).await;
    let themes = first["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 2, "{first}");
    let sizes: i64 = themes.iter().map(|t| t["size"].as_i64().unwrap()).sum();
    assert_eq!(sizes, 8);
    let labels: Vec<String> = themes
        .iter()
        .map(|t| t["label"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.contains("trees") || l.contains("park")),
        "{labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|l| l.contains("buses") || l.contains("night")),
        "{labels:?}"
    );
    for t in themes {
        assert!(!t["representatives"].as_array().unwrap().is_empty());
        let mix: i64 = t["category_mix"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_i64().unwrap())
            .sum();
        assert_eq!(mix, t["size"].as_i64().unwrap());
    }
    // Rename one; a re-run with the same data and seed gives the same themes, name kept.
    let id = themes[0]["id"].as_i64().unwrap();
    let renamed: Value = app
        .admin(Method::PATCH, &format!("/api/v1/themes/{id}"))
        .json(&json!({ "label": "Green space" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["label"], "Green space");
    let second = run_themes(&app, json!({ "k": 2, "seed": 7 })).await;
    let generated = |v: &Value| {
        v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["generated_label"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(generated(&first), generated(&second));
    assert_eq!(second["themes"][0]["label"], "Green space");
    assert_eq!(app.audit("theme.rename").await.len(), 1);
    let analytics: Value = app
        .admin(Method::GET, "/api/v1/processes/p1/analytics")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(analytics["themes"][0]["label"], "Green space");
    assert_eq!(analytics["themes"].as_array().unwrap().len(), 2);
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/themes")
        .json(&json!({ "k": 50 }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}
