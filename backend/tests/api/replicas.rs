//! Two replicas of one installation sharing sessions and rate limits through Redis (the local
//! server at 127.0.0.1:6379) and one database. Each test uses its own Redis key namespace.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

const REDIS: &str = "redis://127.0.0.1:6379";

async fn replicas() -> (TestApp, TestApp) {
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let first_prefix = prefix.clone();
    let first = spawn_app_with(move |s| {
        s.redis_url = Some(REDIS.into());
        s.redis_key_prefix = first_prefix;
    })
    .await;
    let second = first
        .replica(move |s| {
            s.redis_url = Some(REDIS.into());
            s.redis_key_prefix = prefix;
        })
        .await;
    (first, second)
}

#[actix_web::test]
async fn a_cookie_from_one_replica_works_on_the_other_and_logout_ends_it_everywhere() {
    let (one, two) = replicas().await;
    let resp = one.login(&cookie_client(), &one.admin_token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = cookie_pair(&set_cookie(resp.headers()).unwrap());
    assert_eq!(cookie_session(&two, &cookie).await, StatusCode::OK);
    let resp = two
        .anon(Method::POST, "/api/v1/auth/logout")
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        cookie_session(&one, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        cookie_session(&two, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn failed_logins_are_counted_across_replicas() {
    let (one, two) = replicas().await;
    for i in 0..10 {
        let app = if i % 2 == 0 { &one } else { &two };
        let resp = app
            .anon(Method::POST, "/api/v1/auth/login")
            .json(&json!({ "token": "ppp_wrong" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let resp = one
        .anon(Method::POST, "/api/v1/auth/login")
        .json(&json!({ "token": "ppp_wrong" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The block holds on the other replica too, even for a correct token.
    assert_eq!(
        two.login(&cookie_client(), &two.admin_token).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[actix_web::test]
async fn a_token_revoked_through_one_replica_is_refused_by_the_other() {
    let (one, two) = replicas().await;
    one.create_process("p1", json!({})).await;
    let token = one.participant("p1").await;
    let client = cookie_client();
    let who: Value = one.login(&client, &token).await.json().await.unwrap();
    assert_eq!(
        client
            .get(one.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let resp = two
        .admin(
            Method::DELETE,
            &format!("/api/v1/tokens/{}", who["token_id"]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        client
            .get(one.url("/api/v1/auth/session"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn per_token_limits_are_shared_across_replicas() {
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let p1 = prefix.clone();
    let one = spawn_app_with(move |s| {
        s.redis_url = Some(REDIS.into());
        s.redis_key_prefix = p1;
        s.limits.token_per_hour = 4;
    })
    .await;
    let two = one
        .replica(move |s| {
            s.redis_url = Some(REDIS.into());
            s.redis_key_prefix = prefix;
            s.limits.token_per_hour = 4;
        })
        .await;
    for app in [&one, &two, &one, &two] {
        assert_eq!(
            app.admin(Method::GET, "/api/v1/auth/session")
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    let resp = two
        .admin(Method::GET, "/api/v1/auth/session")
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

/// A TCP relay to the local Redis that a test can cut, to see what an outage does.
pub struct Relay {
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    conns: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    pub fn start() -> Self {
        use std::sync::{atomic::AtomicBool, Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let conns: Arc<Mutex<Vec<std::net::TcpStream>>> = Arc::default();
        let (s, c) = (stop.clone(), conns.clone());
        std::thread::spawn(move || {
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let upstream = std::net::TcpStream::connect("127.0.0.1:6379").unwrap();
                        c.lock()
                            .unwrap()
                            .extend([client.try_clone().unwrap(), upstream.try_clone().unwrap()]);
                        let (mut a, mut b) =
                            (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                        let (mut a2, mut b2) = (client, upstream);
                        std::thread::spawn(move || std::io::copy(&mut a, &mut b));
                        std::thread::spawn(move || std::io::copy(&mut b2, &mut a2));
                    }
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
                }
            }
            // Dropping the listener here: new connections are refused from now on.
        });
        Self { port, stop, conns }
    }

    pub fn cut(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for c in self.conns.lock().unwrap().drain(..) {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[actix_web::test]
async fn when_redis_fails_sign_in_and_registration_fail_closed_and_reads_fail_open() {
    let relay = Relay::start();
    let url = format!("redis://127.0.0.1:{}", relay.port);
    let prefix = format!("planner-test-{}", planner::security::tokens::random_hex(8));
    let app = spawn_app_with(move |s| {
        s.redis_url = Some(url);
        s.redis_key_prefix = prefix;
    })
    .await;
    app.create_process("p1", json!({ "registration_open": true }))
        .await;
    assert_eq!(
        app.anon(Method::GET, "/api/v1/processes/p1")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    relay.cut();
    // Reads go on (and are counted), sign-in and self-registration refuse with a retryable 503.
    assert_eq!(
        app.anon(Method::GET, "/api/v1/processes/p1")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let resp = app
        .anon(Method::POST, "/api/v1/auth/login")
        .json(&json!({ "token": app.admin_token }))
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("retry-after").is_some());
    assert_problem(resp, StatusCode::SERVICE_UNAVAILABLE, "service_busy").await;
    let resp = app
        .anon(Method::POST, "/api/v1/processes/p1/register")
        .json(&json!({ "contributor_type": "community" }))
        .send()
        .await
        .unwrap();
    assert_problem(resp, StatusCode::SERVICE_UNAVAILABLE, "service_busy").await;
    let metrics = app
        .anon(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("planner_rate_limit_redis_fail_open_total "))
        .unwrap();
    assert!(
        line.split(' ').nth(1).unwrap().parse::<f64>().unwrap() >= 1.0,
        "{line}"
    );
}
