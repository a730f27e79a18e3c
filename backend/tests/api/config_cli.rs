//! A server that explains itself: `planner serve --help` and `planner config check`, run as an
//! operator would.

use crate::helpers::{output_text as text, run_planner};

#[test]
fn serve_help_lists_every_setting_with_its_default_and_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_planner(dir.path(), &[], &["serve", "--help"]);
    assert!(out.status.success(), "{}", text(&out));
    let help = text(&out);
    for s in planner::config::table::SETTINGS
        .iter()
        .filter(|s| s.scope != planner::config::table::Scope::Compose)
    {
        let at = help
            .find(&format!("\n  {}\n", s.var))
            .unwrap_or_else(|| panic!("{} missing from serve --help:\n{help}", s.var));
        let entry = &help[at..];
        let default = s.default_for_people().replace('`', "");
        assert!(
            entry.contains(&format!("default: {default}")),
            "{}: default {default} not shown",
            s.var
        );
        let first_word = s.meaning.replace('`', "");
        let first_word = first_word.split_whitespace().next().unwrap();
        assert!(entry.contains(first_word), "{}: meaning not shown", s.var);
    }
}

#[test]
fn config_check_prints_effective_values_with_secrets_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "f".repeat(64);
    let out = run_planner(
        dir.path(),
        &[
            ("SECRET_KEY", &secret),
            ("ADMIN_TOKEN", "an-operator-admin-token-Kestrel-99"),
            ("REDIS_URL", "redis://:hunter2-redis@cache:6379"),
            (
                "DATABASE_URL",
                "postgres://planner:hunter2-pg@db:5432/planner",
            ),
            ("BACKUP_INTERVAL", "6h"),
            ("LOG_FORMAT", "json"),
        ],
        &["config", "check"],
    );
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    for hidden in [&*secret, "Kestrel", "hunter2"] {
        assert!(!printed.contains(hidden), "{hidden} printed:\n{printed}");
    }
    for shown in [
        "postgres://planner:<redacted>@db:5432/planner",
        "redis://:<redacted>@cache:6379",
        "BACKUP_INTERVAL",
        "6h",
        "[set]",
        "[default]",
        "configuration valid",
    ] {
        assert!(printed.contains(shown), "{shown} not printed:\n{printed}");
    }
    let lines = printed.lines();
    assert!(
        lines
            .clone()
            .any(|l| l.contains("SECRET_KEY") && l.contains("<redacted>")),
        "{printed}"
    );
    assert!(lines
        .clone()
        .any(|l| l.contains("SESSION_TTL_HOURS") && l.contains("24")));
}

#[test]
fn config_check_refuses_an_invalid_configuration_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("APP_ENV", "production")], "SECRET_KEY"),
        (&[("LOG_FORMAT", "xml")], "LOG_FORMAT"),
        (&[("BACKUP_INTERVAL", "every tuesday")], "BACKUP_INTERVAL"),
        (
            &[("BACKUP_INTERVAL", "1h"), ("BACKUP_KEEP", "0")],
            "BACKUP_KEEP",
        ),
        (&[("TRUSTED_PROXIES", "not-an-ip")], "TRUSTED_PROXIES"),
        (&[("BIND_ADDR", "nowhere")], "BIND_ADDR"),
        (&[("SESSION_TTL_HOURS", "many")], "session_ttl_hours"),
    ];
    for (env, named) in cases {
        let out = run_planner(dir.path(), env, &["config", "check"]);
        let printed = text(&out);
        assert!(!out.status.success(), "{env:?} accepted:\n{printed}");
        assert!(
            printed.contains("configuration invalid") && printed.contains(named),
            "{env:?}: {printed}"
        );
    }
    // The server refuses the same configuration the same way.
    let out = run_planner(dir.path(), &[("LOG_FORMAT", "xml")], &["serve"]);
    assert!(!out.status.success() && text(&out).contains("LOG_FORMAT"));
}
