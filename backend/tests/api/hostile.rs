//! The server facing hostile traffic (issue: bounded memory and work, limits that survive real
//! proxies, every security claim true). Each test is named after what it proves.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{helpers::*, replicas::Relay};

/// A server whose Redis is reached through a relay the test can cut.
async fn spawn_app_behind_relay(
    tweak: impl FnOnce(&mut planner::config::Settings),
) -> (Relay, TestApp) {
    let relay = Relay::start();
    let url = format!("redis://127.0.0.1:{}", relay.port);
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let app = spawn_app_with(move |s| {
        s.redis_url = Some(url);
        s.redis_key_prefix = prefix;
        tweak(s);
    })
    .await;
    (relay, app)
}

async fn metrics_text(app: &TestApp) -> String {
    let resp = app.anon(Method::GET, "/metrics").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    resp.text().await.unwrap()
}

fn metric_value(text: &str, name: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} missing"))
}

#[actix_web::test]
async fn metrics_labels_stay_bounded_under_arbitrary_methods_and_paths() {
    let app = spawn_app().await;
    let pad = "X".repeat(2_000);
    for i in 0..1_500 {
        let method = Method::from_bytes(format!("M{i}{pad}").as_bytes()).unwrap();
        let resp = app.anon(method, "/").send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_IMPLEMENTED);
        let path = format!("/junk/{i}/{pad}");
        app.anon(Method::GET, &path).send().await.unwrap();
        let path = format!("/api/v1/junk-{i}");
        app.anon(Method::DELETE, &path).send().await.unwrap();
    }
    let text = metrics_text(&app).await;
    let series: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("planner_http_requests_total{"))
        .collect();
    assert!(series.len() <= 20, "{} series: {series:?}", series.len());
    assert!(!text.contains("method=\"M"), "a junk method became a label");
    assert!(!text.contains("/junk"), "a raw path became a label");
    assert!(text.len() < 20_000, "metrics body is {} bytes", text.len());
    assert!(text.contains("method=\"OTHER\",route=\"unmatched\",status=\"501\"} 1500"));
}

fn assert_security_headers(resp: &reqwest::Response, what: &str) {
    let h = resp.headers();
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "cross-origin-opener-policy",
    ] {
        assert!(
            h.contains_key(name),
            "{what} ({}) lacks {name}",
            resp.status()
        );
    }
}

#[actix_web::test]
async fn every_error_kind_carries_the_security_headers() {
    let (relay, app) = spawn_app_behind_relay(|s| {
        s.limits.login_failures_per_minute = 1;
        s.max_body_bytes = 1_000;
    })
    .await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let post = |path: &str| app.anon(Method::POST, path);
    let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode)> = vec![
        (
            "401 from the handler",
            app.anon(Method::GET, "/api/v1/auth/session"),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "403 from the CSRF gate",
            app.as_token(&token, Method::POST, "/api/v1/processes/p1/submissions")
                .header("Sec-Fetch-Site", "cross-site")
                .json(&json!({ "text": "x" })),
            StatusCode::FORBIDDEN,
        ),
        (
            "404 unknown API path",
            app.anon(Method::GET, "/api/v1/nope"),
            StatusCode::NOT_FOUND,
        ),
        (
            "413 oversized body",
            app.as_token(&token, Method::POST, "/api/v1/processes/p1/submissions")
                .json(&json!({ "text": "x".repeat(2_000) })),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "415 form post",
            post("/api/v1/auth/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("token=x"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "401 bad bearer from the gate",
            app.as_token("ppp_wrong", Method::GET, "/api/v1/processes"),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "429 from the gate",
            app.as_token("ppp_wrong", Method::GET, "/api/v1/processes"),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        (
            "405 known path, other method",
            app.anon(Method::TRACE, "/api/v1/admin/stats"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "405 known path, extension method",
            app.anon(Method::from_bytes(b"QUERY").unwrap(), "/api/v1/processes"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            "501 unknown method",
            app.anon(Method::from_bytes(b"BREW").unwrap(), "/api/v1/nowhere"),
            StatusCode::NOT_IMPLEMENTED,
        ),
    ];
    for (what, req, status) in cases {
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), status, "{what}");
        assert_security_headers(&resp, what);
    }
    // 503 from the gate: Redis (the sign-in limits) unreachable for a bearer request.
    relay.cut();
    let resp = app
        .as_token(&token, Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_security_headers(&resp, "503 from the gate");
}

#[actix_web::test]
async fn a_session_store_failure_is_503_never_500() {
    let (relay, app) = spawn_app_behind_relay(|_| {}).await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    relay.cut();
    let resp = app
        .anon(Method::GET, "/api/v1/processes")
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("retry-after"));
    assert_problem(resp, StatusCode::SERVICE_UNAVAILABLE, "service_busy").await;
}

#[actix_web::test]
async fn readiness_fails_when_redis_is_unreachable_and_names_no_cause() {
    let (relay, app) = spawn_app_behind_relay(|_| {}).await;
    let ready: Value = app
        .anon(Method::GET, "/readyz")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["checks"]["redis"], "ok");
    relay.cut();
    let resp = app.anon(Method::GET, "/readyz").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let ready: Value = resp.json().await.unwrap();
    assert_eq!(ready["checks"]["redis"], "unavailable");
    assert_eq!(ready["checks"]["database"], "ok");
}

#[actix_web::test]
async fn metrics_is_refused_to_proxied_requests_even_from_loopback() {
    let app = spawn_app().await;
    assert_eq!(
        app.anon(Method::GET, "/metrics")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
        let resp = app
            .anon(Method::GET, "/metrics")
            .header(header, "203.0.113.9")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{header}");
    }
}

#[actix_web::test]
async fn forwarded_traffic_from_an_unlisted_private_peer_is_reported() {
    let app = spawn_app().await;
    let before = metric_value(
        &metrics_text(&app).await,
        "planner_untrusted_forwarded_requests_total",
    );
    assert_eq!(before, 0.0);
    for _ in 0..3 {
        app.anon(Method::GET, "/api/v1/processes")
            .header("X-Forwarded-For", "198.51.100.4")
            .send()
            .await
            .unwrap();
    }
    let after = metric_value(
        &metrics_text(&app).await,
        "planner_untrusted_forwarded_requests_total",
    );
    assert_eq!(after, 3.0);
    // A listed proxy is not reported.
    let listed =
        spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    listed
        .anon(Method::GET, "/api/v1/processes")
        .header("X-Forwarded-For", "198.51.100.4")
        .send()
        .await
        .unwrap();
    let text = metrics_text(&listed).await;
    assert_eq!(
        metric_value(&text, "planner_untrusted_forwarded_requests_total"),
        0.0
    );
}

#[actix_web::test]
async fn multiple_forwarded_for_lines_are_one_list() {
    let app = spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    app.create_process("p1", json!({ "registration_open": true }))
        .await;
    // The client forges a different first line each time; our proxy appends the real address
    // on a second line. The real address is the key, so the 6th registration is refused.
    let mut statuses = Vec::new();
    for i in 0..6 {
        let resp = app
            .anon(Method::POST, "/api/v1/processes/p1/register")
            .header("X-Forwarded-For", format!("203.0.113.{i}"))
            .header("X-Forwarded-For", "198.51.100.7")
            .json(&json!({ "contributor_type": "community" }))
            .send()
            .await
            .unwrap();
        statuses.push(resp.status());
    }
    assert_eq!(statuses[..5], [StatusCode::CREATED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn valid_credentials_keep_working_during_someone_elses_lockout() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_minute = 3).await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    let (in_use, unused) = (&tokens[0], &tokens[1]);
    let bearer = |token: &str| {
        app.as_token(token, Method::GET, "/api/v1/auth/session")
            .send()
    };
    assert_eq!(bearer(in_use).await.unwrap().status(), StatusCode::OK);
    let browser = cookie_client();
    assert_eq!(
        app.login(&browser, &app.admin_token).await.status(),
        StatusCode::OK
    );
    // Someone at the same address mistypes until the address is blocked.
    let mut mistyped = Vec::new();
    for _ in 0..4 {
        mistyped.push(bearer("ppp_wrong").await.unwrap().status());
    }
    assert_eq!(mistyped[..3], [StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(mistyped[3], StatusCode::TOO_MANY_REQUESTS);
    // A token in use and a live session go on working.
    assert_eq!(bearer(in_use).await.unwrap().status(), StatusCode::OK);
    let resp = browser
        .get(app.url("/api/v1/auth/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Guessing stays refused without a look-up, and a token never seen to succeed waits too.
    for token in ["ppp_wrong2", unused.as_str()] {
        let status = bearer(token).await.unwrap().status();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{token}");
    }
}

#[actix_web::test]
async fn repeated_sign_ins_with_one_token_are_limited_and_sessions_capped() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(app.login(&cookie_client(), &token).await.status());
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    // Another participant's sign-in from the same address is not affected.
    let other = app.participant("p1").await;
    assert_eq!(
        app.login(&cookie_client(), &other).await.status(),
        StatusCode::OK
    );
}

async fn sessions_are_capped_per_token(app: &TestApp) {
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let mut cookies = Vec::new();
    for _ in 0..25 {
        let resp = app.login(&cookie_client(), &token).await;
        assert_eq!(resp.status(), StatusCode::OK);
        cookies.push(cookie_pair(&set_cookie(resp.headers()).unwrap()));
    }
    // The newest 20 live; the five oldest were ended.
    for (i, cookie) in cookies.iter().enumerate() {
        let expected = if i < 5 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        assert_eq!(cookie_session(app, cookie).await, expected, "session {i}");
    }
}

#[actix_web::test]
async fn live_sessions_per_token_are_capped_oldest_first() {
    let app = spawn_app_with(|s| s.limits.sign_ins_per_minute = 100).await;
    sessions_are_capped_per_token(&app).await;
}

#[actix_web::test]
async fn live_sessions_per_token_are_capped_on_the_redis_store_too() {
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let app = spawn_app_with(move |s| {
        s.limits.sign_ins_per_minute = 100;
        s.redis_url = Some("redis://127.0.0.1:6379".into());
        s.redis_key_prefix = prefix;
    })
    .await;
    sessions_are_capped_per_token(&app).await;
}

#[actix_web::test]
async fn a_session_does_not_follow_a_token_id_to_another_token() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let resp = app.login(&cookie_client(), &token).await;
    let id = resp.json::<Value>().await.unwrap()["token_id"]
        .as_i64()
        .unwrap();
    let resp = app.login(&cookie_client(), &token).await;
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    assert_eq!(cookie_session(&app, &cookie).await, StatusCode::OK);
    // The row with that id becomes another token, an admin one (as after restoring an older
    // database while sessions live on in Redis).
    app.sql(&format!(
        "UPDATE tokens SET kind = 'admin', role = 'owner', process_id = NULL, \
         contributor_type = NULL, token_hash = '{}' WHERE id = {id}",
        "0".repeat(64)
    ));
    assert_eq!(
        cookie_session(&app, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn changing_admin_token_in_the_environment_ends_the_previous_one() {
    let app = spawn_app().await;
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    let old_id = resp.json::<Value>().await.unwrap()["token_id"]
        .as_i64()
        .unwrap();
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    // The operator edits ADMIN_TOKEN and restarts on the same database.
    let new_token = format!(
        "rotated-admin-token-{}",
        planner::security::tokens::random_hex(12)
    );
    let restarted = spawn_app_on(tempfile::tempdir().unwrap(), app.database.clone(), {
        let t = new_token.clone();
        move |s| s.admin_token = Some(planner::config::Secret::new(t))
    })
    .await;
    assert_eq!(
        cookie_session(&restarted, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    let list: Value = restarted
        .as_token(&new_token, Method::GET, "/api/v1/admin/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == old_id)
        .expect("old token listed");
    assert_eq!(old["status"], "revoked", "{old}");
    let audit = restarted
        .as_token(
            &new_token,
            Method::GET,
            "/api/v1/admin/audit?action=admin_token.revoke",
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 1, "{audit}");
}

#[actix_web::test]
async fn process_details_are_hidden_from_other_processes_and_anonymous_callers() {
    let app = spawn_app().await;
    app.create_process("open", json!({ "registration_open": true }))
        .await;
    app.create_process("internal-budget", json!({})).await;
    let p2 = app.create_process("p2", json!({})).await;
    assert!(p2["id"].is_i64());
    let anon = |slug: &str| app.anon(Method::GET, &format!("/api/v1/processes/{slug}"));
    assert_eq!(anon("open").send().await.unwrap().status(), StatusCode::OK);
    assert_problem(
        anon("internal-budget").send().await.unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let token = app.participant("internal-budget").await;
    let own = app.as_token(&token, Method::GET, "/api/v1/processes/internal-budget");
    assert_eq!(own.send().await.unwrap().status(), StatusCode::OK);
    // Another process looks exactly like one that does not exist.
    for slug in ["p2", "no-such-process"] {
        let resp = app
            .as_token(&token, Method::GET, &format!("/api/v1/processes/{slug}"))
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
        let resp = app
            .as_token(
                &token,
                Method::GET,
                &format!("/api/v1/processes/{slug}/submissions"),
            )
            .send()
            .await
            .unwrap();
        assert_problem(resp, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[actix_web::test]
async fn cross_site_navigation_cannot_trigger_an_export() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let path = "/api/v1/processes/p1/exports/submissions.csv?include_hidden=true";
    let resp = app
        .admin(Method::GET, path)
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::FORBIDDEN, "csrf_rejected").await;
    assert!(
        app.audit("export").await.is_empty(),
        "no audit entry written"
    );
    for site in ["same-origin", "none"] {
        let resp = app
            .admin(Method::GET, path)
            .header("Sec-Fetch-Site", site)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{site}");
    }
    assert_eq!(app.audit("export").await.len(), 2);
}

#[actix_web::test]
async fn authenticated_api_answers_are_never_cached() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    for path in [
        "/api/v1/processes",
        "/api/v1/processes/p1/submissions",
        "/api/v1/admin/audit",
    ] {
        let resp = app.admin(Method::GET, path).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(
            resp.headers().get("cache-control").unwrap(),
            "no-store",
            "{path}"
        );
    }
}

#[actix_web::test]
async fn classify_caps_sentences_per_call_and_charges_a_sentence_budget() {
    let app = spawn_app_with(|s| {
        s.limits.analysis_sentences_per_hour = 100;
        s.limits.analysis_sentences_per_hour_per_ip = 1_000;
    })
    .await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    let classify = |text: String| {
        app.as_token(&token, Method::POST, "/api/v1/classify")
            .json(&json!({ "process": "p1", "text": text }))
    };
    let many: String = (0..61)
        .map(|i| format!("Idea number {i} is here. "))
        .collect();
    let resp = classify(many).send().await.unwrap();
    let body = assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "text");
    // 60 sentences pass, twice 60 is past the hourly budget of 100.
    let sixty: String = (0..60)
        .map(|i| format!("Idea number {i} is here. "))
        .collect();
    let resp = classify(sixty.clone()).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["sentences"]
            .as_array()
            .unwrap()
            .len(),
        60
    );
    let resp = classify(sixty).send().await.unwrap();
    assert!(resp.headers().contains_key("retry-after"));
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[actix_web::test]
async fn similar_charges_only_the_tail_of_a_long_text() {
    let app = spawn_app_with(|s| {
        s.limits.analysis_sentences_per_hour = 200;
    })
    .await;
    app.create_process("p1", json!({ "public_submissions": true }))
        .await;
    let token = app.participant("p1").await;
    // 200 sentences typed; only the last 1,000 characters (about 40) are compared and charged,
    // so five look-ups fit in the budget that one whole text would exhaust.
    let long: String = (0..200)
        .map(|i| format!("Idea number {i} is here. "))
        .collect();
    for _ in 0..4 {
        let resp = app
            .as_token(&token, Method::POST, "/api/v1/processes/p1/similar")
            .json(&json!({ "text": long }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
}

fn embedding_cache_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use planner::db::schema::embedding_cache;
    app.query(|conn| {
        planner::with_conn!(conn, {
            embedding_cache::table.count().get_result::<i64>(conn)
        })
    })
}

#[actix_web::test]
async fn classify_stores_nothing_not_even_embeddings() {
    let model_dir = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/models/all-MiniLM-L6-v2"
    ));
    assert!(
        model_dir.join("model.safetensors").is_file(),
        "run scripts/fetch-model.sh (make test does)"
    );
    let app = spawn_app_with(move |s| s.model_dir = model_dir).await;
    app.create_process("p1", json!({})).await;
    let token = app.participant("p1").await;
    // Let the server settle (its default model embeds the seed corpus into the cache once).
    let resp = app
        .as_token(&token, Method::POST, "/api/v1/classify")
        .json(&json!({ "process": "p1", "text": "Warm up the model first." }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let before = embedding_cache_rows(&app);
    let resp = app
        .as_token(&token, Method::POST, "/api/v1/classify")
        .json(&json!({ "process": "p1", "text": "Plant cork oaks along the quay. Our secret idea is unique qwxz." }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["engine"], "embedding");
    assert_eq!(body["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(
        embedding_cache_rows(&app),
        before,
        "classify wrote to the embedding cache"
    );
}

#[actix_web::test]
async fn extension_methods_on_known_paths_get_405_with_allow() {
    let app = spawn_app().await;
    let query = Method::from_bytes(b"QUERY").unwrap();
    let resp = app.anon(query, "/api/v1/admin/stats").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers()["allow"], "GET, OPTIONS");
}
