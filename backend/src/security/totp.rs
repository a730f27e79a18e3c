//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 30-second steps,
//! 6 digits, a code accepted for the current step and one step either side; and the recovery
//! codes that stand in for a lost authenticator.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

use super::tokens;

/// Seconds per time step.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps either side of now whose codes are still accepted (clock drift, typing time).
pub const WINDOW: i64 = 1;
/// Bytes of a shared secret (RFC 4226 recommends 160 bits).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes handed out at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Name shown in authenticator apps.
pub const ISSUER: &str = "Participatory Planner";

/// RFC 4226 HOTP: `digits` decimal digits of HMAC-SHA-1(`secret`, `counter`).
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    binary % 10u32.pow(digits)
}

/// The time step of unix time `unix_seconds`.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for time step `step`, zero-padded.
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    let code = hotp(secret, u64::try_from(step).unwrap_or(0), DIGITS);
    format!("{code:0width$}", width = DIGITS as usize)
}

/// The time step within [`WINDOW`] of `now_step` whose code is `code`, if any (compared in
/// constant time). Whether that step was already used is the caller's business.
pub fn matching_step(secret: &[u8], code: &str, now_step: i64) -> Option<i64> {
    let mut found = None;
    for step in now_step - WINDOW..=now_step + WINDOW {
        let expected = code_for_step(secret, step);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found
}

/// `code` if it looks like a code at all: exactly [`DIGITS`] ASCII digits.
pub fn normalise_code(code: &str) -> Option<String> {
    (code.len() == DIGITS as usize && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| code.to_owned())
}

/// A new random secret, hex (as stored).
pub fn new_secret_hex() -> String {
    tokens::random_hex(SECRET_BYTES)
}

/// RFC 4648 base32 without padding: how authenticator apps take a secret.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `otpauth://` URI authenticator apps read from a QR code (Google Authenticator's key URI
/// format), for the account `account`.
pub fn otpauth_uri(secret_base32: &str, account: &str) -> String {
    let issuer = percent_encode(ISSUER);
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret_base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent_encode(account)
    )
}

/// A new recovery code, `xxxx-xxxx-xxxx` (48 random bits, hex).
pub fn new_recovery_code() -> String {
    let hex = tokens::random_hex(6);
    format!("{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12])
}

/// The digest a recovery code is stored and looked up as: case, spaces and dashes do not
/// matter.
pub fn recovery_code_hash(code: &str) -> String {
    let canonical: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    tokens::hash(&canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits, seed "12345678901234567890").
    #[test]
    fn rfc_6238_sha1_test_vectors() {
        let seed = b"12345678901234567890";
        for (time, expected) in [
            (59_i64, 94_287_082_u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            let step = u64::try_from(step_at(time)).unwrap();
            assert_eq!(hotp(seed, step, 8), expected, "T = {time}");
        }
    }

    /// RFC 4226 appendix D: the six-digit HOTP values for counters 0 and 9.
    #[test]
    fn rfc_4226_hotp_values_are_zero_padded() {
        let seed = b"12345678901234567890";
        assert_eq!(code_for_step(seed, 0), "755224");
        assert_eq!(code_for_step(seed, 9), "520489");
    }

    #[test]
    fn codes_match_one_step_either_side_only() {
        let seed = b"12345678901234567890";
        let now = 1_000;
        for step in [now - 1, now, now + 1] {
            assert_eq!(
                matching_step(seed, &code_for_step(seed, step), now),
                Some(step)
            );
        }
        for step in [now - 2, now + 2] {
            assert_eq!(matching_step(seed, &code_for_step(seed, step), now), None);
        }
    }

    #[test]
    fn base32_follows_rfc_4648() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890").len(), 32);
    }

    #[test]
    fn recovery_codes_compare_without_case_spaces_or_dashes() {
        assert_eq!(
            recovery_code_hash("ab12-cd34-ef56"),
            recovery_code_hash(" AB12 CD34EF56 ")
        );
        assert!(normalise_code("123456").is_some() && normalise_code("123 456").is_none());
        assert!(normalise_code("12345").is_none() && normalise_code("12345a").is_none());
    }
}
