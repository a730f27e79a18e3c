//! A process's texts in the UI's languages: title, prompt and category names per language
//! (base text where a language lacks a field), status names per language in the response
//! settings, checked like the base fields, changed as PATCH changes other fields, and carried
//! whole by the process export.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn patch(app: &TestApp, body: Value) -> reqwest::Response {
    app.admin(Method::PATCH, "/api/v1/processes/p1")
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn ok_json(resp: reqwest::Response) -> Value {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn spanish() -> Value {
    json!({ "es": {
        "title": "  ¿Qué debería ser la ribera?  ",
        "prompt": "Cuéntanos qué esperas.\nY qué te preocupa.",
        "category_names": { "vision": "Visión", "problem": "Problema" }
    }})
}

#[actix_web::test]
async fn translations_are_set_at_creation_and_read_by_everyone_who_sees_the_process() {
    let app = spawn_app().await;
    let created = app
        .create_process(
            "p1",
            json!({ "registration_open": true, "translations": spanish() }),
        )
        .await;
    let es = &created["translations"]["es"];
    assert_eq!(es["title"], "¿Qué debería ser la ribera?", "trimmed");
    assert_eq!(es["prompt"], "Cuéntanos qué esperas.\nY qué te preocupa.");
    assert_eq!(es["category_names"]["vision"], "Visión");
    // Fields and languages without a version are absent: the reader falls back to the base text.
    assert!(es["category_names"].get("objective").is_none());
    assert!(created["translations"].get("en").is_none());
    assert_eq!(created["title"], "Process p1");

    let public: Value = ok_json(
        app.anon(Method::GET, "/api/v1/processes/p1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(public["translations"], created["translations"]);
    let listed: Value = ok_json(
        app.anon(Method::GET, "/api/v1/processes")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let listed = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "p1")
        .unwrap()
        .clone();
    assert_eq!(listed["translations"], created["translations"]);

    let plain = app.create_process("plain", json!({})).await;
    assert_eq!(plain["translations"], json!({}));
}

#[actix_web::test]
async fn patch_replaces_a_language_removes_it_with_null_and_keeps_the_others() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "translations": spanish() }))
        .await;
    let p = ok_json(
        patch(
            &app,
            json!({ "translations": { "en": { "title": "Riverfront" } } }),
        )
        .await,
    )
    .await;
    assert_eq!(p["translations"]["en"]["title"], "Riverfront");
    assert_eq!(
        p["translations"]["es"]["category_names"]["vision"], "Visión",
        "es kept"
    );

    let p = ok_json(
        patch(
            &app,
            json!({ "translations": { "es": { "prompt": "¿Y ahora?" } } }),
        )
        .await,
    )
    .await;
    assert_eq!(
        p["translations"]["es"],
        json!({ "prompt": "¿Y ahora?" }),
        "es replaced"
    );

    let p = ok_json(patch(&app, json!({ "translations": { "es": null } })).await).await;
    assert_eq!(
        p["translations"],
        json!({ "en": { "title": "Riverfront" } })
    );

    let p = ok_json(patch(&app, json!({ "title": "New base" })).await).await;
    assert_eq!(
        p["translations"]["en"]["title"], "Riverfront",
        "absent: unchanged"
    );

    let p = ok_json(patch(&app, json!({ "translations": { "en": {} } })).await).await;
    assert_eq!(
        p["translations"],
        json!({}),
        "an empty language is no version"
    );

    let entries = app.audit("process.update").await;
    assert_eq!(entries[0]["details"]["fields"], json!(["translations"]));
}

#[actix_web::test]
async fn category_names_follow_the_process_categories() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "p1", "title": "t", "prompt": "?",
                       "translations": { "es": { "category_names": { "nope": "No" } } } }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        body["errors"][0]["field"],
        "translations.es.category_names.nope"
    );
    assert_eq!(body["errors"][0]["code"], "not_allowed");

    app.create_process("p1", json!({ "translations": spanish() }))
        .await;
    // New categories in the same request are the ones the names must match.
    let p = ok_json(
        patch(
            &app,
            json!({ "categories": [{ "key": "idea", "name": "Idea" }, { "key": "vision", "name": "Vision" }],
                    "translations": { "en": { "category_names": { "idea": "Idea!" } } } }),
        )
        .await,
    )
    .await;
    assert_eq!(
        p["translations"]["en"]["category_names"],
        json!({ "idea": "Idea!" })
    );
    // The stored names of a removed category are dropped, the others kept.
    assert_eq!(
        p["translations"]["es"]["category_names"],
        json!({ "vision": "Visión" })
    );

    let resp = patch(
        &app,
        json!({ "translations": { "es": { "category_names": { "problem": "Problema" } } } }),
    )
    .await;
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        body["errors"][0]["field"],
        "translations.es.category_names.problem"
    );
}

#[actix_web::test]
async fn translated_texts_are_checked_like_the_base_fields() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    for (translations, field, code) in [
        (
            json!({ "es": { "title": "a\nb" } }),
            "translations.es.title",
            "control_chars",
        ),
        (
            json!({ "es": { "title": "x".repeat(201) } }),
            "translations.es.title",
            "too_long",
        ),
        (
            json!({ "en": { "title": "   " } }),
            "translations.en.title",
            "empty",
        ),
        (
            json!({ "es": { "prompt": "a\u{7}b" } }),
            "translations.es.prompt",
            "control_chars",
        ),
        (
            json!({ "es": { "prompt": "x".repeat(2001) } }),
            "translations.es.prompt",
            "too_long",
        ),
        (
            json!({ "es": { "category_names": { "vision": "x".repeat(61) } } }),
            "translations.es.category_names.vision",
            "too_long",
        ),
    ] {
        let resp = patch(&app, json!({ "translations": translations })).await;
        let body =
            assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], field, "{translations}");
        assert_eq!(body["errors"][0]["code"], code, "{translations}");
    }
    // A language the UI does not have, or an unknown member, is not part of the shape.
    // Nor is an array where an object belongs (serde would read one as "all absent").
    for translations in [
        json!({ "fr": { "title": "Bonjour" } }),
        json!({ "es": { "subtitle": "x" } }),
        json!([null, null]),
        json!({ "es": [null, null] }),
    ] {
        let resp = patch(&app, json!({ "translations": translations })).await;
        assert!(resp.status().is_client_error(), "{translations}");
    }
}

#[actix_web::test]
async fn status_names_per_language_are_set_checked_and_read_by_participants() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let body = json!({ "names": { "accepted": "We'll do it" }, "notify": true,
                       "names_by_language": { "es": { "accepted": " Lo haremos ", "received": "Recibida" } } });
    let saved = ok_json(
        app.admin(Method::PUT, "/api/v1/processes/p1/response-settings")
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(saved["names_by_language"]["es"]["accepted"], "Lo haremos");
    assert!(saved["names_by_language"].get("en").is_none());
    let read = ok_json(
        app.as_token(
            &token,
            Method::GET,
            "/api/v1/processes/p1/response-settings",
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(read, saved);
    let entries = app.audit("process.response_settings").await;
    assert_eq!(
        entries[0]["details"]["names_by_language"]["es"]["received"],
        "Recibida"
    );

    let resp = app
        .admin(Method::PUT, "/api/v1/processes/p1/response-settings")
        .json(&json!({ "names_by_language": { "es": { "accepted": "a\tb" } } }))
        .send()
        .await
        .unwrap();
    let err = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err["errors"][0]["field"], "names_by_language.es.accepted");
    for names_by_language in [json!({ "es": { "maybe": "Quizá" } }), json!([{}, {}])] {
        let resp = app
            .admin(Method::PUT, "/api/v1/processes/p1/response-settings")
            .json(&json!({ "names_by_language": names_by_language }))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_client_error(), "{names_by_language}");
    }
}

#[actix_web::test]
async fn the_process_export_carries_every_version() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "translations": spanish() }))
        .await;
    ok_json(
        patch(
            &app,
            json!({ "translations": { "en": { "title": "Riverfront" } } }),
        )
        .await,
    )
    .await;
    ok_json(
        app.admin(Method::PUT, "/api/v1/processes/p1/response-settings")
            .json(&json!({ "names": { "accepted": "Yes" }, "names_by_language": { "es": { "accepted": "Sí" } } }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let resp = app
        .admin(Method::GET, "/api/v1/processes/p1/exports/process.json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("p1-"));
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let export: Value = resp.json().await.unwrap();
    let p = &export["process"];
    assert_eq!(p["title"], "Process p1");
    assert_eq!(p["categories"][0]["name"], "Vision");
    assert_eq!(p["translations"]["en"]["title"], "Riverfront");
    assert_eq!(
        p["translations"]["es"]["category_names"]["vision"],
        "Visión"
    );
    let settings = &export["response_settings"];
    assert_eq!(settings["names"]["accepted"], "Yes");
    assert_eq!(settings["names_by_language"]["es"]["accepted"], "Sí");
    let audit = app.audit("export").await;
    assert_eq!(audit[0]["details"]["format"], "process.json");

    // Admin only, like the other exports.
    let token = app.participant("p1").await;
    let resp = app
        .as_token(
            &token,
            Method::GET,
            "/api/v1/processes/p1/exports/process.json",
        )
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
}

#[actix_web::test]
async fn results_links_carry_the_translations() {
    let app = spawn_app().await;
    app.create_process("p1", json!({ "translations": spanish() }))
        .await;
    let link = ok_json_created(
        app.admin(Method::POST, "/api/v1/processes/p1/share-links")
            .json(&json!({ "label": "press", "expires_in_days": 7 }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let token = link["token"].as_str().unwrap();
    let shared = ok_json(
        app.anon(Method::GET, "/api/v1/shared/results")
            .header("X-Results-Token", token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        shared["process"]["translations"]["es"]["category_names"]["problem"],
        "Problema"
    );
}

async fn ok_json_created(resp: reqwest::Response) -> Value {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}
