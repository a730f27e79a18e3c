//! Logs an operator can use: `tracing` with a text or JSON formatter (`LOG_FORMAT`), the `log`
//! macros bridged into it, one access line per request inside a span that carries the request
//! id ([`access`]), and the request id itself ([`request_id`]).
//!
//! What is never logged: tokens, cookies, request bodies (so no submission text), query strings;
//! the path is cut to 200 characters. `tests/api/logs.rs` greps a full run's log for them.

pub mod request_id;

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::{LogFormat, RawSettings};

/// Installs the global subscriber from `LOG_FORMAT` and `RUST_LOG` (environment, `.env` or the
/// configuration file). An invalid value falls back to text at `info`; `serve` and
/// `config check` then refuse the configuration with a clear message.
pub fn init() {
    let raw = RawSettings::load().ok();
    let format = match raw
        .as_ref()
        .map(|r| r.log_format.trim().to_ascii_lowercase())
    {
        Some(f) if f == "json" => LogFormat::Json,
        _ => LogFormat::Text,
    };
    let filter = raw
        .as_ref()
        .and_then(|r| EnvFilter::try_new(&r.rust_log).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    // `try_init` also routes the `log` macros (ours and our dependencies') into tracing.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}
