//! A process declares the languages its participants write in; the analysis follows them.
//! These servers use the lexical engine (no model files), like the other API tests.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

#[actix_web::test]
async fn languages_default_to_english_and_can_be_declared_and_changed() {
    let app = spawn_app().await;
    let p = app.create_process("en-only", json!({})).await;
    assert_eq!(p["languages"], json!(["en"]));
    let p = app
        .create_process(
            "bilingual",
            json!({ "languages": ["es", "en"], "registration_open": true }),
        )
        .await;
    assert_eq!(p["languages"], json!(["es", "en"]));
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/en-only")
        .json(&json!({ "languages": ["es"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let p: Value = resp.json().await.unwrap();
    assert_eq!(p["languages"], json!(["es"]));
    let public: Value = app
        .anon(Method::GET, "/api/v1/processes/bilingual")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["languages"], json!(["es", "en"]));
}

#[actix_web::test]
async fn unsupported_empty_or_repeated_languages_are_refused() {
    let app = spawn_app().await;
    for (languages, field) in [
        (json!(["fr"]), "languages[0]"),
        (json!([]), "languages"),
        (json!(["es", "es"]), "languages[1]"),
    ] {
        let resp = app
            .admin(Method::POST, "/api/v1/processes")
            .json(&json!({ "slug": "p1", "title": "t", "prompt": "?", "languages": languages }))
            .send()
            .await
            .unwrap();
        let body =
            assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], field, "{languages}");
    }
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&json!({ "languages": ["de"] }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

/// A Spanish submission typed as a list, one line per item without full stops: each line is a
/// sentence, and the Spanish seed corpus categorises them.
#[actix_web::test]
async fn a_spanish_process_splits_and_categorises_spanish_lists() {
    let app = spawn_app().await;
    app.create_process("barrio", json!({ "languages": ["es"] }))
        .await;
    let token = app.participant("barrio").await;
    let text = "Queda prohibido aparcar en la acera del colegio\n\
                Plantar árboles de sombra en la plaza del mercado\n\
                Los autobuses nocturnos dejaron de pasar por el barrio el año pasado";
    let created: Value = app
        .submit(&token, "barrio", text)
        .await
        .json()
        .await
        .unwrap();
    let s = analysed(&app, &created["id"]).await;
    let got: Vec<(&str, &str)> = s["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["text"].as_str().unwrap(), x["category"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Queda prohibido aparcar en la acera del colegio",
                "directive"
            ),
            (
                "Plantar árboles de sombra en la plaza del mercado",
                "action"
            ),
            (
                "Los autobuses nocturnos dejaron de pasar por el barrio el año pasado",
                "problem"
            ),
        ]
    );
}

/// Theme labels of a Spanish process are Spanish content words, not `de`, `la`, `que`.
#[actix_web::test]
async fn spanish_theme_labels_leave_out_spanish_stopwords() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "languages": ["es"] }))
        .await;
    let token = app.participant("p1").await;
    for t in [
        "Plantad más árboles en el parque de la estación.",
        "El parque de la estación necesita árboles que den sombra.",
        "Que no talen los árboles viejos del parque.",
        "Los árboles hacen que el parque sea más fresco en verano.",
        "Que los autobuses nocturnos pasen cada media hora.",
        "Los autobuses dejan de pasar muy pronto por la noche.",
        "Necesitamos autobuses nocturnos los fines de semana.",
        "Que los autobuses pasen más tarde para los que trabajan de noche.",
    ] {
        app.submit(&token, "p1", t).await;
    }
    let job: Value = app
        .admin(Method::POST, "/api/v1/processes/p1/themes")
        .json(&json!({ "k": 2, "seed": 7 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let j = eventually(&app, &format!("/api/v1/jobs/{}", job["id"]), |j| {
        j["state"] == "done" || j["state"] == "failed"
    })
    .await;
    assert_eq!(j["state"], "done", "{j}");
    let themes = admin_json(&app, "/api/v1/processes/p1/themes").await;
    let labels: Vec<&str> = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 2, "{themes}");
    for label in &labels {
        for word in label.split(" · ") {
            assert!(
                !["de", "la", "que", "los", "el", "más", "en", "por"].contains(&word),
                "{labels:?}"
            );
        }
    }
    assert!(
        labels
            .iter()
            .any(|l| l.contains("árboles") || l.contains("parque")),
        "{labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|l| l.contains("autobuses") || l.contains("noche") || l.contains("nocturnos")),
        "{labels:?}"
    );
}
