//! Unit tests of the in-memory rate limiters.

use super::Limiters;
use crate::{config::RateLimits, domain::TokenId, error::ApiError};

fn limits() -> RateLimits {
    RateLimits {
        login_failures_per_minute: 3,
        register_per_hour: 2,
        ip_per_hour: 50,
        ip_per_day: 200,
        token_per_hour: 100,
        submissions_per_hour: 10,
        similar_per_minute: 10,
        reports_per_hour: 2,
        supports_per_hour: 10,
        sign_ins_per_minute: 2,
        analysis_sentences_per_hour: 100,
        analysis_sentences_per_hour_per_ip: 150,
    }
}

#[actix_web::test]
async fn analysis_is_charged_by_sentences_per_token_and_per_address() {
    let l = Limiters::new(&limits());
    assert!(l.check_analysis(TokenId(1), "a", 60).await.is_ok());
    // 60 + 60 > 100 for token 1; token 2 from the same address still fits (120 ≤ 150).
    assert!(l.check_analysis(TokenId(1), "a", 60).await.is_err());
    assert!(l.check_analysis(TokenId(2), "a", 60).await.is_ok());
    // The address has now spent 120 of 150.
    assert!(l.check_analysis(TokenId(3), "a", 60).await.is_err());
    assert!(l.check_analysis(TokenId(4), "b", 60).await.is_ok());
}

#[actix_web::test]
async fn a_known_good_token_is_remembered_by_digest() {
    let l = Limiters::new(&limits());
    assert!(!l.is_known_good("ab").await);
    l.remember_good("ab").await;
    assert!(l.is_known_good("ab").await);
    assert!(!l.is_known_good("cd").await);
}

#[actix_web::test]
async fn failures_past_the_limit_block_even_a_correct_attempt() {
    let l = Limiters::new(&limits());
    for _ in 0..3 {
        l.check_login_allowed("1.2.3.4").await.unwrap();
        l.record_login_failure("1.2.3.4").await.unwrap();
    }
    assert!(matches!(
        l.record_login_failure("1.2.3.4").await,
        Err(ApiError::RateLimited { .. })
    ));
    assert!(matches!(
        l.check_login_allowed("1.2.3.4").await,
        Err(ApiError::RateLimited { retry_after }) if retry_after >= 1
    ));
    assert!(l.check_login_allowed("5.6.7.8").await.is_ok());
}

#[actix_web::test]
async fn register_limit_is_per_key() {
    let l = Limiters::new(&limits());
    assert!(l.check_register("a").await.is_ok());
    assert!(l.check_register("a").await.is_ok());
    assert!(l.check_register("a").await.is_err());
    assert!(l.check_register("b").await.is_ok());
}
