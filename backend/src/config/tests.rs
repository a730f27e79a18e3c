//! Unit tests of the configuration.

use super::{validate::is_placeholder, *};

fn raw() -> RawSettings {
    RawSettings::defaults()
}

#[test]
fn production_without_secret_key_refuses_to_start() {
    let mut r = raw();
    r.app_env = AppEnv::Production;
    r.allowed_origins = "https://plan.example.org".into();
    assert!(r.validate().is_err());
}

#[test]
fn production_with_short_or_placeholder_secret_refuses_to_start() {
    for key in ["short", PLACEHOLDER_SECRETS[0]] {
        let mut r = raw();
        r.app_env = AppEnv::Production;
        r.allowed_origins = "https://plan.example.org".into();
        r.secret_key = Secret::new(key);
        assert!(r.validate().is_err(), "{key} accepted");
    }
}

#[test]
fn production_with_weak_admin_token_refuses_to_start() {
    let mut r = raw();
    r.app_env = AppEnv::Production;
    r.allowed_origins = "https://plan.example.org".into();
    r.secret_key = Secret::new("a".repeat(64));
    r.admin_token = Secret::new("ADMIN123");
    assert!(r.validate().is_err());
}

#[test]
fn development_without_secret_generates_an_ephemeral_one() {
    let s = raw().validate().unwrap();
    assert!(s.secret_key_ephemeral);
    assert!(s.secret_key.expose().len() >= MIN_SECRET_KEY_LEN);
}

#[test]
fn token_urlsafe_16_admin_token_is_accepted() {
    let mut r = raw();
    r.admin_token = Secret::new("Q2hhbmdlTWVQbGVhc2UxMj"); // 22 chars
    assert!(r.validate().unwrap().admin_token.is_some());
}

#[test]
fn production_without_trusted_proxies_warns_until_told_none() {
    let mut r = raw();
    r.app_env = AppEnv::Production;
    r.allowed_origins = "https://plan.example.org".into();
    r.secret_key = Secret::new("a".repeat(64));
    let s = r.clone().validate().unwrap();
    assert!(s.warnings().iter().any(|w| w.contains("TRUSTED_PROXIES")));
    r.trusted_proxies = "none".into();
    let s = r.clone().validate().unwrap();
    assert!(s.warnings().is_empty() && s.trusted_proxies.is_empty());
    r.trusted_proxies = "10.0.0.0/8".into();
    assert!(r.validate().unwrap().warnings().is_empty());
}

#[test]
fn secret_never_prints() {
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
}

#[test]
fn env_example_values_are_known_placeholders() {
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../.env.example"))
        .expect(".env.example exists");
    for line in example.lines() {
        for var in ["SECRET_KEY=", "ADMIN_TOKEN="] {
            if let Some(value) = line.strip_prefix(var) {
                assert!(
                    is_placeholder(value),
                    "{var}{value} is not in PLACEHOLDER_SECRETS"
                );
            }
        }
    }
}

#[test]
fn every_setting_in_the_table_is_a_field_and_every_field_is_in_the_table() {
    use table::{Scope, SETTINGS};
    let fields = serde_json::to_value(RawSettings::defaults()).unwrap();
    let fields: std::collections::BTreeSet<String> =
        fields.as_object().unwrap().keys().cloned().collect();
    let table: std::collections::BTreeSet<String> = SETTINGS
        .iter()
        .filter(|s| s.scope == Scope::App)
        .map(|s| s.key())
        .collect();
    assert_eq!(fields, table);
    let vars: std::collections::BTreeSet<&str> = SETTINGS.iter().map(|s| s.var).collect();
    assert_eq!(vars.len(), SETTINGS.len(), "a variable is listed twice");
}

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../{name}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn env_example_is_the_one_the_table_generates() {
    assert!(
        repo_file(".env.example") == docs::env_example(),
        ".env.example differs from the settings table: run \
         `cargo run --bin planner -- config env-example > .env.example`"
    );
}

#[test]
fn readme_settings_table_is_the_one_the_table_generates() {
    let readme = repo_file("README.md");
    let section = docs::readme_section(&readme).expect("README has the settings table markers");
    assert!(
        section == docs::readme_table().trim_end(),
        "README's settings table differs from backend/src/config/table.rs: paste the output \
         of `cargo run --bin planner -- config readme-table` between the markers"
    );
}

#[test]
fn backup_intervals_read_as_minutes_or_durations() {
    use std::time::Duration;
    use validate::parse_interval;
    for (text, secs) in [
        ("30", 1_800),
        ("90m", 5_400),
        ("6h", 21_600),
        ("1d", 86_400),
        ("45s", 45),
        (" 2H ", 7_200),
    ] {
        assert_eq!(
            parse_interval(text).unwrap(),
            Some(Duration::from_secs(secs)),
            "{text}"
        );
    }
    for off in ["", "off", "0"] {
        assert_eq!(parse_interval(off).unwrap(), None);
    }
    for bad in ["soon", "6 weeks", "-5", "1.5h", "0m", "h"] {
        assert!(parse_interval(bad).is_err(), "{bad} accepted");
    }
}

#[test]
fn redaction_keeps_urls_readable_and_hides_passwords_and_secrets() {
    let db = table::find("DATABASE_URL").unwrap();
    assert_eq!(
        docs::redact(db, "postgres://app:pw@db:5432/p?sslmode=verify-full"),
        "postgres://app:<redacted>@db:5432/p?sslmode=verify-full"
    );
    assert_eq!(
        docs::redact(db, "postgres://app@db/p"),
        "postgres://app@db/p"
    );
    assert_eq!(docs::redact(db, "data/planner.db"), "data/planner.db");
    let redis = table::find("REDIS_URL").unwrap();
    assert_eq!(
        docs::redact(redis, "redis://:pw@cache:6379"),
        "redis://:<redacted>@cache:6379"
    );
    let mut raw = RawSettings::defaults();
    raw.secret_key = Secret::new("x".repeat(40));
    let shown = docs::effective(&raw);
    let key = shown.iter().find(|(v, ..)| *v == "SECRET_KEY").unwrap();
    assert_eq!((key.1.as_str(), key.2), (docs::REDACTED, "set"));
    let ttl = shown
        .iter()
        .find(|(v, ..)| *v == "SESSION_TTL_HOURS")
        .unwrap();
    assert_eq!((ttl.1.as_str(), ttl.2), ("24", "default"));
}

#[test]
fn backups_go_beside_the_database_unless_told_otherwise() {
    let mut r = RawSettings::defaults();
    assert!(
        r.clone().validate().unwrap().backup.is_none(),
        "off by default"
    );
    r.backup_interval = "6h".into();
    r.database_url = "/data/planner.db".into();
    let plan = r.clone().validate().unwrap().backup.unwrap();
    assert_eq!(plan.dir, std::path::PathBuf::from("/data/backups"));
    assert_eq!((plan.every.as_secs(), plan.keep), (21_600, 7));
    r.backup_dir = "/srv/backups".into();
    assert_eq!(
        r.clone().validate().unwrap().backup.unwrap().dir,
        std::path::PathBuf::from("/srv/backups")
    );
    r.backup_keep = 0;
    assert!(r.validate().is_err());
}
