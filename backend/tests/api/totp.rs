//! Second factors for staff (TOTP): enrolment, sign-in in two steps with a code or a recovery
//! code (each once), failures counted like failed sign-ins, the owner's reset and requirement.
//! Codes are computed here from the secret the server shows, with this file's own RFC 6238.

use hmac::{Hmac, Mac};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};
use sha1::Sha1;

use crate::{
    helpers::{assert_problem, cookie_client, spawn_app, spawn_app_with, TestApp},
    staff::issue_staff,
};

fn base32_decode(text: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.trim_end_matches('=').chars() {
        let v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            .find(c.to_ascii_uppercase())
            .expect("base32") as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// RFC 6238 with SHA-1, 30-second steps, 6 digits: the code `offset` steps from now.
fn code(secret_base32: &str, offset: i64) -> String {
    let step = chrono::Utc::now().timestamp() / 30 + offset;
    let mut mac = Hmac::<Sha1>::new_from_slice(&base32_decode(secret_base32)).unwrap();
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let o = (h[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([h[o] & 0x7f, h[o + 1], h[o + 2], h[o + 3]]) % 1_000_000;
    format!("{n:06}")
}

/// A browser request on our origin.
async fn send(app: &TestApp, client: &Client, method: Method, path: &str, body: Value) -> Response {
    let req = client
        .request(method.clone(), app.url(path))
        .header("Origin", app.origin())
        .header("Sec-Fetch-Site", "same-origin");
    let req = if method == Method::GET {
        req
    } else {
        req.json(&body)
    };
    req.send().await.unwrap()
}

async fn post(app: &TestApp, client: &Client, path: &str, body: Value) -> Response {
    send(app, client, Method::POST, path, body).await
}

async fn get(app: &TestApp, client: &Client, path: &str) -> StatusCode {
    send(app, client, Method::GET, path, Value::Null)
        .await
        .status()
}

/// Enrols the token signed in on `client`; (secret, recovery codes, the code spent).
async fn enrol(app: &TestApp, client: &Client) -> (String, Vec<String>, String) {
    let resp = post(app, client, "/api/v1/auth/totp", json!({})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let started: Value = resp.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    let uri = started["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/") && uri.contains(&format!("secret={secret}")));
    let spent = code(&secret, 0);
    let resp = post(
        app,
        client,
        "/api/v1/auth/totp/confirm",
        json!({ "code": spent }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let codes: Value = resp.json().await.unwrap();
    let codes: Vec<String> = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes, spent)
}

/// A moderator of `p1`, enrolled: (token, id, secret, recovery codes, the code spent).
async fn enrolled_moderator(app: &TestApp) -> (String, i64, String, Vec<String>, String) {
    app.create_process("p1", json!({})).await;
    let (token, id) = issue_staff(app, json!({ "role": "moderator", "processes": ["p1"] })).await;
    let client = cookie_client();
    assert_eq!(app.login(&client, &token).await.status(), StatusCode::OK);
    let (secret, codes, spent) = enrol(app, &client).await;
    (token, id, secret, codes, spent)
}

/// Signs in the first step on a fresh client: 202, the second factor is asked for.
async fn first_step(app: &TestApp, token: &str) -> Client {
    let client = cookie_client();
    let resp = app.login(&client, token).await;
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["second_factor_required"], true);
    client
}

#[actix_web::test]
async fn enrolled_staff_sign_in_with_a_code_in_a_second_step_and_each_code_works_once() {
    let app = spawn_app().await;
    let (token, id, secret, _, spent) = enrolled_moderator(&app).await;
    let list: Value = app
        .admin(Method::GET, "/api/v1/admin/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap();
    assert_eq!(listed["totp_enrolled"], true);

    let client = first_step(&app, &token).await;
    // Half signed in: nothing is granted yet.
    assert_eq!(
        get(&app, &client, "/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&app, &client, "/api/v1/processes/p1/submissions").await,
        StatusCode::UNAUTHORIZED
    );
    // The code spent at enrolment is spent.
    let used = post(
        &app,
        &client,
        "/api/v1/auth/second-factor",
        json!({ "code": spent }),
    )
    .await;
    assert_problem(used, StatusCode::UNAUTHORIZED, "invalid_second_factor").await;
    let next = code(&secret, 1);
    let resp = post(
        &app,
        &client,
        "/api/v1/auth/second-factor",
        json!({ "code": next }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let session: Value = resp.json().await.unwrap();
    assert_eq!(session["staff_role"], "moderator");
    assert_eq!(session["totp_enrolled"], true);
    assert_eq!(
        get(&app, &client, "/api/v1/processes/p1/submissions").await,
        StatusCode::OK
    );
    // The same code, again in another browser: refused.
    let other = first_step(&app, &token).await;
    let replay = post(
        &app,
        &other,
        "/api/v1/auth/second-factor",
        json!({ "code": next }),
    )
    .await;
    assert_problem(replay, StatusCode::UNAUTHORIZED, "invalid_second_factor").await;
    // Enrolling again needs the owner's reset first.
    let again = post(&app, &client, "/api/v1/auth/totp", json!({})).await;
    assert_problem(again, StatusCode::CONFLICT, "totp_enrolled").await;

    let logins = app.audit("auth.login").await;
    assert!(logins
        .iter()
        .any(|e| e["actor_token_id"] == id && e["details"]["second_factor"] == "totp"));
    assert_eq!(app.audit("totp.enrol").await.len(), 1);
}

#[actix_web::test]
async fn a_recovery_code_signs_in_once_and_bearer_use_needs_no_code() {
    let app = spawn_app().await;
    let (token, _, _, codes, _) = enrolled_moderator(&app).await;
    let client = first_step(&app, &token).await;
    let body = json!({ "recovery_code": codes[0] });
    let resp = post(&app, &client, "/api/v1/auth/second-factor", body.clone()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let other = first_step(&app, &token).await;
    let reused = post(&app, &other, "/api/v1/auth/second-factor", body).await;
    assert_problem(reused, StatusCode::UNAUTHORIZED, "invalid_second_factor").await;
    // Case and dashes do not matter.
    let typed = codes[1].replace('-', "").to_uppercase();
    let resp = post(
        &app,
        &other,
        "/api/v1/auth/second-factor",
        json!({ "recovery_code": typed }),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let used = app.audit("totp.recovery_code_use").await;
    assert_eq!(used.len(), 2);
    assert_eq!(
        used[0]["details"]["left"].as_i64().unwrap() + used[1]["details"]["left"].as_i64().unwrap(),
        8 + 9
    );

    // An API token with a second factor still works as a bearer token without a code.
    let (api, _) = issue_staff(
        &app,
        json!({ "role": "moderator", "processes": ["p1"], "api": true }),
    )
    .await;
    let browser = cookie_client();
    assert_eq!(app.login(&browser, &api).await.status(), StatusCode::OK);
    enrol(&app, &browser).await;
    let resp = app
        .as_token(&api, Method::GET, "/api/v1/processes/p1/submissions")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[actix_web::test]
async fn the_second_step_is_validated_and_needs_a_first_step() {
    let app = spawn_app().await;
    let (token, _, secret, _, _) = enrolled_moderator(&app).await;
    let stranger = cookie_client();
    let resp = post(
        &app,
        &stranger,
        "/api/v1/auth/second-factor",
        json!({ "code": code(&secret, 0) }),
    )
    .await;
    assert_problem(resp, StatusCode::UNAUTHORIZED, "sign_in_not_pending").await;
    let client = first_step(&app, &token).await;
    for body in [
        json!({}),
        json!({ "code": "12345a" }),
        json!({ "code": "123456", "recovery_code": "abcd-ef01-2345" }),
    ] {
        let resp = post(&app, &client, "/api/v1/auth/second-factor", body.clone()).await;
        assert_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let resp = post(
        &app,
        &client,
        "/api/v1/auth/second-factor",
        json!({ "code": 123456 }),
    )
    .await;
    assert_problem(resp, StatusCode::BAD_REQUEST, "invalid_request").await;
}

#[actix_web::test]
async fn wrong_codes_count_toward_the_failed_sign_in_limit() {
    let app = spawn_app_with(|s| s.limits.login_failures_per_minute = 3).await;
    let (token, _, secret, _, _) = enrolled_moderator(&app).await;
    let client = first_step(&app, &token).await;
    let wrong = if code(&secret, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..3 {
        let resp = post(
            &app,
            &client,
            "/api/v1/auth/second-factor",
            json!({ "code": wrong }),
        )
        .await;
        assert_problem(resp, StatusCode::UNAUTHORIZED, "invalid_second_factor").await;
    }
    let resp = post(
        &app,
        &client,
        "/api/v1/auth/second-factor",
        json!({ "code": wrong }),
    )
    .await;
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Blocked now, even with the right code.
    let resp = post(
        &app,
        &client,
        "/api/v1/auth/second-factor",
        json!({ "code": code(&secret, 1) }),
    )
    .await;
    assert_problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[actix_web::test]
async fn the_owner_resets_a_lost_second_factor_and_it_is_audited() {
    let app = spawn_app().await;
    let (token, id, _, _, _) = enrolled_moderator(&app).await;
    let path = format!("/api/v1/admin/tokens/{id}/totp");
    let resp = app.admin(Method::DELETE, &path).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let reset = app.audit("totp.reset").await;
    assert_eq!(reset[0]["target_id"], id.to_string());
    assert_eq!(reset[0]["details"]["was_enrolled"], true);
    // The token alone signs in again.
    assert_eq!(
        app.login(&cookie_client(), &token).await.status(),
        StatusCode::OK
    );
    let missing = app
        .admin(Method::DELETE, "/api/v1/admin/tokens/999999/totp")
        .send()
        .await
        .unwrap();
    assert_problem(missing, StatusCode::NOT_FOUND, "not_found").await;
    // Only the owner resets.
    let resp = app
        .as_token(&token, Method::DELETE, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn when_the_owner_requires_second_factors_unenrolled_staff_can_only_enrol() {
    let app = spawn_app().await;
    app.create_process("p1", json!({})).await;
    let resp = app
        .admin(Method::PUT, "/api/v1/admin/security")
        .json(&json!({ "require_totp": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let changed = app.audit("security.change").await;
    assert_eq!(changed[0]["details"]["require_totp"]["to"], true);
    let settings: Value = app
        .admin(Method::GET, "/api/v1/admin/security")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(settings["require_totp"], true);

    let body = json!({ "role": "facilitator", "processes": ["p1"], "api": true });
    let (token, _) = issue_staff(&app, body).await;
    let client = cookie_client();
    let resp = app.login(&client, &token).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let session: Value = resp.json().await.unwrap();
    assert_eq!(session["must_enrol"], true);
    assert_eq!(
        session["operations"],
        json!(["getSession", "startTotpEnrolment", "confirmTotpEnrolment"])
    );
    let resp = send(
        &app,
        &client,
        Method::GET,
        "/api/v1/processes/p1/submissions",
        Value::Null,
    )
    .await;
    assert_problem(
        resp,
        StatusCode::FORBIDDEN,
        "second_factor_enrolment_required",
    )
    .await;
    // Bearer use is not a browser session: unaffected.
    let resp = app
        .as_token(&token, Method::GET, "/api/v1/processes/p1/submissions")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Once enrolled, the same session works.
    enrol(&app, &client).await;
    assert_eq!(
        get(&app, &client, "/api/v1/processes/p1/submissions").await,
        StatusCode::OK
    );
    let resp = send(
        &app,
        &client,
        Method::GET,
        "/api/v1/auth/session",
        Value::Null,
    )
    .await;
    let session: Value = resp.json().await.unwrap();
    assert_eq!(session["must_enrol"], false);
    assert_eq!(session["totp_required"], true);
}
