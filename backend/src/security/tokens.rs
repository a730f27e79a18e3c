//! Access tokens: `<prefix>_<random>_<checksum>`.
//!
//! The prefix names the kind (`ppa` admin, `ppp` participant), the random part carries ~190 bits
//! from the OS CSPRNG, and the CRC32 checksum (base62) lets us reject a mistyped or foreign
//! token before touching the database and lets secret scanners recognise a leaked one. Only a
//! SHA-256 digest is ever stored; the random part is long enough that no pepper or slow hash
//! is needed.

use rand::{rngs::OsRng, TryRngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LEN: usize = 32;
const CHECKSUM_LEN: usize = 6;
pub const TOKEN_LEN: usize = 3 + 1 + RANDOM_LEN + 1 + CHECKSUM_LEN;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Admin,
    Participant,
}

impl TokenKind {
    pub fn prefix(self) -> &'static str {
        match self {
            TokenKind::Admin => "ppa",
            TokenKind::Participant => "ppp",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Admin => "admin",
            TokenKind::Participant => "participant",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "admin" => Some(TokenKind::Admin),
            "participant" => Some(TokenKind::Participant),
            _ => None,
        }
    }
}

/// A freshly generated token: the plaintext exists only here, to be shown once.
pub struct NewToken {
    pub plaintext: String,
    pub hash: String,
    pub hint: String,
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random number generator is unavailable");
    bytes
}

/// Uniform base62 characters by rejection sampling (no modulo bias).
fn random_base62(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes::<64>() {
            // 248 = 4 * 62: bytes above it would bias the first characters.
            if b < 248 && out.len() < len {
                out.push(ALPHABET[(b % 62) as usize] as char);
            }
        }
    }
    out
}

/// `n` random bytes as hex, for secrets and session keys.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random number generator is unavailable");
    hex::encode(bytes)
}

fn base62_fixed(mut value: u32) -> String {
    let mut chars = [b'0'; CHECKSUM_LEN];
    for slot in chars.iter_mut().rev() {
        *slot = ALPHABET[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8(chars.to_vec()).expect("ascii")
}

fn checksum(body: &str) -> String {
    base62_fixed(crc32fast::hash(body.as_bytes()))
}

pub fn generate(kind: TokenKind) -> NewToken {
    let body = format!("{}_{}", kind.prefix(), random_base62(RANDOM_LEN));
    let plaintext = format!("{body}_{}", checksum(&body));
    NewToken {
        hash: hash(&plaintext),
        hint: hint(&plaintext),
        plaintext,
    }
}

/// Hex SHA-256 of the whole token string.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The last four characters, a non-secret reminder shown in token lists.
pub fn hint(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// Checks shape and checksum without any database access. Returns the kind the prefix names.
pub fn parse(token: &str) -> Option<TokenKind> {
    if token.len() != TOKEN_LEN || !token.is_ascii() {
        return None;
    }
    let kind = match &token[..4] {
        "ppa_" => TokenKind::Admin,
        "ppp_" => TokenKind::Participant,
        _ => return None,
    };
    let (body, sum) = token.split_at(TOKEN_LEN - CHECKSUM_LEN - 1);
    let sum = sum.strip_prefix('_')?;
    let random = &body[4..];
    if !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let matches: bool = checksum(body).as_bytes().ct_eq(sum.as_bytes()).into();
    matches.then_some(kind)
}

/// Constant-time comparison of two secrets through fixed-length digests, so neither the
/// content nor the length of the configured value leaks through timing.
pub fn secrets_equal(candidate: &str, configured_digest: &[u8; 32]) -> bool {
    let digest: [u8; 32] = Sha256::digest(candidate.as_bytes()).into();
    digest.ct_eq(configured_digest).into()
}

pub fn digest(value: &str) -> [u8; 32] {
    Sha256::digest(value.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_tokens_parse_with_their_kind() {
        for kind in [TokenKind::Admin, TokenKind::Participant] {
            let t = generate(kind);
            assert_eq!(parse(&t.plaintext), Some(kind));
            assert!(t.plaintext.starts_with(kind.prefix()));
            assert_eq!(t.plaintext.len(), TOKEN_LEN);
            assert_eq!(t.hash.len(), 64);
            assert!(t.plaintext.ends_with(&t.hint));
        }
    }

    #[test]
    fn tokens_are_unique() {
        let a = generate(TokenKind::Participant).plaintext;
        let b = generate(TokenKind::Participant).plaintext;
        assert_ne!(a, b);
    }

    #[test]
    fn uuid_and_foreign_formats_are_rejected() {
        for bad in [
            "",
            "550e8400-e29b-41d4-a716-446655440000",
            "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ADMIN123",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn secrets_equal_compares_digests() {
        let d = digest("a-configured-admin-token-value");
        assert!(secrets_equal("a-configured-admin-token-value", &d));
        assert!(!secrets_equal("a-configured-admin-token-valuf", &d));
        assert!(!secrets_equal("", &d));
    }

    proptest! {
        #[test]
        fn any_single_character_change_is_rejected(pos in 0usize..TOKEN_LEN, c in proptest::char::range('!', '~')) {
            let token = generate(TokenKind::Participant).plaintext;
            let mut chars: Vec<char> = token.chars().collect();
            prop_assume!(chars[pos] != c);
            chars[pos] = c;
            let mutated: String = chars.into_iter().collect();
            // A prefix swap to the other valid kind still fails the checksum.
            prop_assert_eq!(parse(&mutated), None);
        }

        #[test]
        fn arbitrary_strings_never_panic_and_rarely_pass(s in "\\PC{0,60}") {
            let _ = parse(&s);
        }

        #[test]
        fn wrong_length_is_rejected(extra in "[A-Za-z0-9]{1,5}") {
            let token = generate(TokenKind::Admin).plaintext;
            let longer = format!("{token}{extra}");
            prop_assert_eq!(parse(&longer), None);
            prop_assert_eq!(parse(&token[..TOKEN_LEN - 1]), None);
        }
    }
}
