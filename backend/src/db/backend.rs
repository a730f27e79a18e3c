//! Which database an installation runs on, read from `DATABASE_URL`, and how to name it in
//! logs without its password.

use std::path::PathBuf;

/// Which backend a `DATABASE_URL` selects: `postgres://` or `postgresql://` is PostgreSQL,
/// anything else is a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Backend {
    pub fn from_url(database_url: &str) -> Self {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            Backend::Postgres(database_url.to_owned())
        } else {
            Backend::Sqlite(sqlite_path(database_url))
        }
    }

    /// For logs and messages: the file, or the PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Backend::Sqlite(path) => path.display().to_string(),
            Backend::Postgres(url) => redact_password(url),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// The URL without any password: in the user-info (which may itself contain `@`) and in a
/// `password=` query parameter.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority_end, _) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '/' | '?' | '#'))
        .unwrap_or((rest.len(), ' '));
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{user}@{host}")
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Where the SQLite database lives, from `DATABASE_URL` (`sqlite://path`, `file:path` or a path).
pub fn sqlite_path(database_url: &str) -> PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .or_else(|| database_url.strip_prefix("file:"))
        .unwrap_or(database_url);
    PathBuf::from(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_selects_the_backend() {
        assert_eq!(
            Backend::from_url("data/planner.db"),
            Backend::Sqlite("data/planner.db".into())
        );
        assert_eq!(
            Backend::from_url("sqlite:///tmp/x.db"),
            Backend::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(Backend::from_url("postgres://u@h/db").name(), "postgres");
        assert_eq!(Backend::from_url("postgresql://u@h/db").name(), "postgres");
    }

    #[test]
    fn described_urls_never_show_the_password() {
        let b = Backend::from_url("postgres://planner:s3cret@db:5432/planner");
        assert_eq!(b.describe(), "postgres://planner@db:5432/planner");
        assert_eq!(
            Backend::from_url("postgres://db/planner").describe(),
            "postgres://db/planner"
        );
        // A password containing `@`, and one in the query string.
        let at = Backend::from_url("postgres://planner:p@ss@db/planner").describe();
        assert_eq!(at, "postgres://planner@db/planner");
        let query =
            Backend::from_url("postgres://db/planner?user=u&password=hunter2&sslmode=require");
        assert_eq!(
            query.describe(),
            "postgres://db/planner?user=u&password=***&sslmode=require"
        );
    }
}
