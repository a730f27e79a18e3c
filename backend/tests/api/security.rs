use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn process_count(app: &TestApp) -> usize {
    let list: Value = app
        .admin(Method::GET, "/api/v1/processes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.as_array().unwrap().len()
}

#[actix_web::test]
async fn csrf_cross_site_post_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .header("Sec-Fetch-Site", "cross-site")
        .json(&json!({ "slug": "evil", "title": "t", "prompt": "p" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "csrf_rejected").await;
    assert_eq!(process_count(&app).await, 0);
}

#[actix_web::test]
async fn csrf_foreign_origin_is_refused_even_for_login() {
    let app = spawn_app().await;
    let resp = app
        .anon(Method::POST, "/api/v1/auth/login")
        .header("Origin", "https://evil.example")
        .json(&json!({ "token": app.admin_token }))
        .send()
        .await
        .unwrap();
    assert!(set_cookie(resp.headers()).is_none());
    assert_problem(resp, StatusCode::FORBIDDEN, "csrf_rejected").await;
}

#[actix_web::test]
async fn same_origin_browser_post_is_accepted() {
    let app = spawn_app().await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    assert_eq!(resp.status(), StatusCode::OK);
}

#[actix_web::test]
async fn form_encoded_post_is_refused_with_415() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("slug=evil&title=t&prompt=p")
        .send()
        .await
        .unwrap();
    assert_problem(
        resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    assert_eq!(process_count(&app).await, 0);
}

#[actix_web::test]
async fn cors_allows_the_configured_origin_and_never_reflects_others() {
    let app = spawn_app_with(|s| s.allowed_origins = vec!["https://plan.example.org".into()]).await;
    let preflight = |origin: &'static str| {
        app.anon(Method::OPTIONS, "/api/v1/processes")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
    };
    let ok = preflight("https://plan.example.org").await.unwrap();
    assert_eq!(
        ok.headers().get("access-control-allow-origin").unwrap(),
        "https://plan.example.org"
    );
    assert_eq!(
        ok.headers()
            .get("access-control-allow-credentials")
            .unwrap(),
        "true"
    );
    let evil = preflight("https://evil.example").await.unwrap();
    assert!(evil.headers().get("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn security_headers_are_on_api_and_error_responses() {
    let app = spawn_app().await;
    for path in [
        "/healthz",
        "/api/v1/processes",
        "/api/v1/does-not-exist",
        "/somewhere",
    ] {
        let resp = app.anon(Method::GET, path).send().await.unwrap();
        let h = resp.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over development http"
        );
    }
}

#[actix_web::test]
async fn production_sets_hsts_and_a_host_prefixed_secure_cookie() {
    let app = spawn_app_with(|s| {
        s.app_env = planner::config::AppEnv::Production;
        s.cookie_secure = true;
    })
    .await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    assert!(resp
        .headers()
        .get("strict-transport-security")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("max-age="));
    let cookie = set_cookie(resp.headers()).unwrap();
    assert!(cookie.starts_with("__Host-planner_session="), "{cookie}");
    for attr in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} missing from {cookie}");
    }
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
}

#[actix_web::test]
async fn oversized_body_is_refused_with_413() {
    let app = spawn_app_with(|s| s.max_body_bytes = 2048).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "big", "title": "t", "prompt": "x".repeat(4096) }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[actix_web::test]
async fn unknown_json_field_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "p1", "title": "t", "prompt": "p", "is_admin": true }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
    assert_eq!(body["errors"][0]["field"], "is_admin");
    assert_eq!(process_count(&app).await, 0);
}

#[actix_web::test]
async fn wrong_types_and_malformed_json_are_400() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": 5 }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[actix_web::test]
async fn invalid_fields_are_422_with_every_field_named() {
    let app = spawn_app().await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "Bad Slug", "title": "a\u{7}b", "prompt": "", "map": { "lat": 95.0, "lng": 0.0, "zoom": 3 } }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["slug", "title", "prompt", "map.lat"]);
    assert_eq!(process_count(&app).await, 0);
}

#[actix_web::test]
async fn new_tokens_are_shown_once_with_no_store_and_never_stored_or_logged() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::POST, "/api/v1/processes/p1/tokens")
        .json(&json!({ "count": 3, "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers().get("cache-control").unwrap(), "no-store");
    let body: Value = resp.json().await.unwrap();
    let plaintexts: Vec<String> = body["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap().into())
        .collect();
    for t in &plaintexts {
        assert!(
            planner::security::tokens::parse(t).is_some(),
            "{t} in our format"
        );
    }
    // Listing never shows them again.
    let list = app
        .admin(Method::GET, "/api/v1/processes/p1/tokens")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Nothing in the database holds a plaintext token: not the token table, not the audit log.
    let hashes: Vec<String> = app.query(|conn| {
        planner::with_conn!(
            conn,
            planner::db::schema::tokens::table
                .select(planner::db::schema::tokens::token_hash)
                .load(conn)
        )
    });
    let audit: Vec<Option<String>> = app.query(|conn| {
        planner::with_conn!(
            conn,
            planner::db::schema::audit_log::table
                .select(planner::db::schema::audit_log::details)
                .load(conn)
        )
    });
    for t in &plaintexts {
        assert!(!list.contains(t.as_str()));
        assert!(hashes.contains(&planner::security::tokens::hash(t)));
        assert!(!hashes.iter().any(|h| h.contains(t.as_str())));
        assert!(!audit.iter().flatten().any(|d| d.contains(t.as_str())));
    }
}

#[actix_web::test]
async fn admin_endpoints_refuse_participants_and_anonymous_callers() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    for (method, path) in [
        (Method::GET, "/api/v1/admin/audit"),
        (Method::GET, "/api/v1/admin/stats"),
        (Method::GET, "/api/v1/admin/tokens"),
        (Method::GET, "/api/v1/processes/p1/tokens"),
    ] {
        let resp = app
            .as_token(&token, method.clone(), path)
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
        let resp = app.anon(method, path).send().await.unwrap();
        assert_problem(resp, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    let resp = app
        .as_token(&token, Method::POST, "/api/v1/processes")
        .json(&json!({ "slug": "p2", "title": "t", "prompt": "p" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "forbidden").await;
}

#[actix_web::test]
async fn database_busy_answers_503_with_retry_after_and_loses_nothing() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app_with(|s| s.db_busy_timeout_ms = 100).await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    // Another writer holds the write lock.
    let mut blocker = app.db().conn().unwrap();
    let blocker = &mut blocker.as_db();
    // SQLite: the database's write lock. PostgreSQL: a lock on the submissions table that
    // the insert must wait for (past the 100 ms lock_timeout).
    let begin = if app.on_postgres() {
        "BEGIN; LOCK TABLE submissions IN ACCESS EXCLUSIVE MODE"
    } else {
        "BEGIN IMMEDIATE"
    };
    planner::with_conn!(blocker, blocker.batch_execute(begin)).unwrap();
    let resp = app
        .submit(&token, "p1", "Written while the database is locked")
        .await;
    assert_eq!(resp.headers().get("retry-after").unwrap(), "1");
    assert_problem(resp, StatusCode::SERVICE_UNAVAILABLE, "service_busy").await;
    planner::with_conn!(blocker, blocker.batch_execute("ROLLBACK")).unwrap();
    // The retry succeeds, and exactly one submission exists.
    assert_eq!(
        app.submit(&token, "p1", "Written while the database is locked")
            .await
            .status(),
        StatusCode::CREATED
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
async fn internal_details_never_reach_the_client() {
    let app = spawn_app().await;
    // Path type errors are 404 problems, not framework error text.
    let resp = app
        .admin(Method::GET, "/api/v1/submissions/not-a-number")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
}

#[actix_web::test]
async fn audit_log_cannot_be_changed_even_with_direct_database_access() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let db = app.db();
    assert!(db
        .batch_execute("UPDATE audit_log SET action = 'x'")
        .is_err());
    assert!(db.batch_execute("DELETE FROM audit_log").is_err());
    if app.on_postgres() {
        // Row triggers do not fire on TRUNCATE; a statement trigger refuses it.
        assert!(db.batch_execute("TRUNCATE audit_log").is_err());
        assert!(db.batch_execute("TRUNCATE audit_log CASCADE").is_err());
    }
    assert_eq!(app.audit("process.create").await.len(), 1);
}

#[actix_web::test]
async fn embed_origins_allow_only_those_framers_with_partitioned_cookies_and_csrf_unchanged() {
    let app = spawn_app_with(|s| {
        s.embed_origins = vec!["https://huggingface.co".into()];
        s.cookie_secure = true;
    })
    .await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    let csp = resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'self' https://huggingface.co"),
        "{csp}"
    );
    assert!(resp.headers().get("x-frame-options").is_none());
    let cookie = set_cookie(resp.headers()).unwrap();
    for attr in ["SameSite=None", "Secure", "Partitioned", "HttpOnly"] {
        assert!(cookie.contains(attr), "{attr} missing from {cookie}");
    }
    // The embedding page itself is still another site: its own POSTs are refused.
    let resp = app
        .anon(Method::POST, "/api/v1/auth/login")
        .header("Origin", "https://huggingface.co")
        .header("Sec-Fetch-Site", "cross-site")
        .json(&json!({ "token": app.admin_token }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "csrf_rejected").await;
}

#[actix_web::test]
async fn by_default_the_app_is_never_framed_and_cookies_stay_lax() {
    let app = spawn_app().await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    assert_eq!(resp.headers().get("x-frame-options").unwrap(), "DENY");
    assert!(resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let cookie = set_cookie(resp.headers()).unwrap();
    assert!(
        cookie.contains("SameSite=Lax") && !cookie.contains("Partitioned"),
        "{cookie}"
    );
}

#[actix_web::test]
async fn undeclared_methods_on_known_paths_get_405_with_allow() {
    let app = spawn_app().await;
    for (method, path) in [
        (Method::TRACE, "/api/v1/admin/stats"),
        (Method::PUT, "/api/v1/processes"),
        (Method::POST, "/healthz"),
    ] {
        let resp = app.admin(method.clone(), path).send().await.unwrap();
        let allow = resp
            .headers()
            .get("allow")
            .unwrap_or_else(|| panic!("{method} {path}: no Allow"))
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!allow.contains(method.as_str()), "{method} {path}: {allow}");
        assert!(allow.contains("GET"), "{method} {path}: {allow}");
        assert_problem(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
    // An unknown path stays 404, and a known one with its own method still works.
    let resp = app
        .admin(Method::TRACE, "/api/v1/nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = app
        .admin(Method::GET, "/api/v1/admin/stats")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}
