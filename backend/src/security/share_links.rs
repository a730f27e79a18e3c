//! Signed read-only results links: short-lived JWTs (HS256) bound to one process, audience
//! `results`. The signing key is derived from SECRET_KEY for this purpose only, so it is never
//! the cookie key; a revocation list in the database covers links withdrawn early.

use hmac::{Hmac, Mac};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const ISSUER: &str = "participatory-planner";
pub const AUDIENCE: &str = "results";
/// Clock skew we tolerate between servers, in seconds.
pub const LEEWAY_SECONDS: u64 = 30;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ResultsClaims {
    pub iss: String,
    pub aud: String,
    /// The process's slug.
    pub sub: String,
    /// The link's id (revocation list key).
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
}

pub struct ShareKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl ShareKeys {
    pub fn from_secret(secret_key: &str) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes())
            .expect("HMAC takes any key length");
        mac.update(b"participatory-planner results links v1");
        let key = mac.finalize().into_bytes();
        Self {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
        }
    }

    pub fn issue(&self, slug: &str, link_id: &str, iat: i64, exp: i64) -> String {
        let claims = ResultsClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: slug.into(),
            jti: link_id.into(),
            iat,
            exp,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing cannot fail")
    }

    /// Checks signature, algorithm, issuer, audience, expiry and issue time (present, not in
    /// the future); None for anything wrong.
    pub fn verify(&self, token: &str) -> Option<ResultsClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        let now = chrono::Utc::now().timestamp();
        decode::<ResultsClaims>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
            .filter(|c| c.iat <= now + LEEWAY_SECONDS as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_link_issued_in_the_future_is_refused() {
        let keys = ShareKeys::from_secret(&"k".repeat(64));
        let token = keys.issue("p1", "abc", now() + 3600, now() + 7200);
        assert!(keys.verify(&token).is_none());
    }

    #[test]
    fn a_link_round_trips() {
        let keys = ShareKeys::from_secret(&"s".repeat(64));
        let token = keys.issue("riverfront", "abc", now(), now() + 3600);
        let claims = keys.verify(&token).unwrap();
        assert_eq!(
            (
                claims.sub.as_str(),
                claims.jti.as_str(),
                claims.aud.as_str()
            ),
            ("riverfront", "abc", "results")
        );
    }

    #[test]
    fn expired_tampered_and_foreign_links_are_refused() {
        let keys = ShareKeys::from_secret(&"s".repeat(64));
        let expired = keys.issue("p", "a", now() - 7200, now() - 3600);
        assert!(keys.verify(&expired).is_none());
        let token = keys.issue("p", "a", now(), now() + 3600);
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = parts[1].chars().rev().collect();
        assert!(keys.verify(&parts.join(".")).is_none());
        let other = ShareKeys::from_secret(&"t".repeat(64));
        assert!(other.verify(&token).is_none());
        // A token with another audience or algorithm "none" is refused.
        let claims = ResultsClaims {
            iss: ISSUER.into(),
            aud: "admin".into(),
            sub: "p".into(),
            jti: "a".into(),
            iat: now(),
            exp: now() + 60,
        };
        let wrong_aud = encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        assert!(keys.verify(&wrong_aud).is_none());
        let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.", parts[1]);
        assert!(keys.verify(&unsigned).is_none());
    }
}
