use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

async fn bad_login(app: &TestApp, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut req = app
        .anon(Method::POST, "/api/v1/auth/login")
        .json(&json!({ "token": "ppp_wrong" }));
    if let Some(xff) = forwarded_for {
        req = req.header("X-Forwarded-For", xff);
    }
    req.send().await.unwrap()
}

#[actix_web::test]
async fn eleventh_failed_login_in_a_minute_is_429_with_retry_after() {
    let app = spawn_app().await;
    for _ in 0..10 {
        assert_eq!(
            bad_login(&app, None).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let resp = bad_login(&app, None).await;
    let retry: u64 = resp
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // A correct token never seen to succeed waits too: guesses are not looked up while blocked.
    let resp = app.login(&cookie_client(), &app.admin_token).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn failed_bearer_tokens_count_as_failed_logins() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_minute = 3).await;
    for _ in 0..3 {
        let resp = app
            .as_token("ppa_guess", Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    let resp = app
        .as_token("ppa_guess", Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn sixty_workshop_logins_from_one_ip_succeed() {
    let app = spawn_app().await;
    app.create_process("workshop", json!({})).await;
    let tokens = app.issue_tokens("workshop", 60, "community").await;
    // One participant mistypes twice on the way: still far from the failure limit.
    bad_login(&app, None).await;
    bad_login(&app, None).await;
    for token in &tokens {
        let client = cookie_client();
        assert_eq!(app.login(&client, token).await.status(), StatusCode::OK);
        // ...and each can use the app right away.
        assert_eq!(
            client
                .get(app.url("/api/v1/processes/workshop"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
}

#[actix_web::test]
async fn spoofed_forwarded_for_from_untrusted_peer_is_ignored() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_minute = 3).await;
    for i in 0..3 {
        let resp = bad_login(&app, Some(&format!("198.51.100.{i}"))).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    // A fresh X-Forwarded-For does not buy a fresh budget: the peer is the client.
    assert_eq!(
        bad_login(&app, Some("203.0.113.77")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[actix_web::test]
async fn trusted_proxy_forwarded_for_separates_clients_by_rightmost_entry() {
    let app = spawn_app_with(|s| {
        s.limits.login_failures_per_minute = 2;
        s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    for _ in 0..2 {
        bad_login(&app, Some("6.6.6.6, 198.51.100.1")).await;
    }
    assert_eq!(
        bad_login(&app, Some("7.7.7.7, 198.51.100.1"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "leftmost entry is ignored"
    );
    assert_eq!(
        bad_login(&app, Some("198.51.100.2")).await.status(),
        StatusCode::UNAUTHORIZED,
        "another client has its own budget"
    );
    // The audit log uses the same client address.
    let resp = app
        .anon(Method::POST, "/api/v1/auth/login")
        .header("X-Forwarded-For", "192.0.2.10")
        .json(&json!({ "token": app.admin_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let logins = app.audit("auth.login").await;
    assert_eq!(logins[0]["client_ip"], "192.0.2.10");
}

#[actix_web::test]
async fn self_registration_is_limited_to_five_per_hour_per_ip() {
    let app = spawn_app().await;
    app.create_process("open", json!({ "registration_open": true }))
        .await;
    for _ in 0..5 {
        let resp = app
            .anon(Method::POST, "/api/v1/processes/open/register")
            .json(&json!({ "contributor_type": "community" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let resp = app
        .anon(Method::POST, "/api/v1/processes/open/register")
        .json(&json!({ "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("retry-after").is_some());
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[actix_web::test]
async fn anonymous_traffic_is_limited_per_ip() {
    let app = spawn_app_with(|s| s.limits.ip_per_hour = 5).await;
    for _ in 0..5 {
        assert_eq!(
            app.anon(Method::GET, "/api/v1/processes")
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    let resp = app
        .anon(Method::GET, "/api/v1/processes")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The health check stays reachable for probes.
    assert_eq!(
        app.anon(Method::GET, "/healthz")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn anonymous_daily_budget_applies_too() {
    let app = spawn_app_with(|s| {
        s.limits.ip_per_hour = 100;
        s.limits.ip_per_day = 3;
    })
    .await;
    for _ in 0..3 {
        app.anon(Method::GET, "/api/v1/processes")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        app.anon(Method::GET, "/api/v1/processes")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[actix_web::test]
async fn options_preflight_is_exempt_from_limits() {
    let app = spawn_app_with(|s| s.limits.ip_per_hour = 1).await;
    for _ in 0..5 {
        let resp = app
            .anon(Method::OPTIONS, "/api/v1/processes")
            .header("Origin", app.origin())
            .header("Access-Control-Request-Method", "POST")
            .send()
            .await
            .unwrap();
        assert_ne!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[actix_web::test]
async fn authenticated_traffic_is_limited_per_token_not_per_ip() {
    let app = spawn_app_with(|s| s.limits.token_per_hour = 4).await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    for _ in 0..4 {
        assert_eq!(
            app.as_token(&tokens[0], Method::GET, "/api/v1/auth/session")
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    let resp = app
        .as_token(&tokens[0], Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // A neighbour on the same address is unaffected.
    assert_eq!(
        app.as_token(&tokens[1], Method::GET, "/api/v1/auth/session")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn submissions_are_capped_per_participant() {
    let app = spawn_app_with(|s| s.limits.submissions_per_hour = 3).await;
    app.create_process("p1", json!({})).await;
    let tokens = app.issue_tokens("p1", 2, "community").await;
    for i in 0..3 {
        assert_eq!(
            app.submit(&tokens[0], "p1", &format!("idea {i}"))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let resp = app.submit(&tokens[0], "p1", "one too many").await;
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(
        app.submit(&tokens[1], "p1", "my first").await.status(),
        StatusCode::CREATED
    );
}
