use std::io::Write;

use clap::Parser;

fn main() {
    // A local .env is a convenience for development; the real environment wins.
    let _ = dotenvy::dotenv();
    planner::telemetry::init();
    let cli = planner::cli::Cli::parse();
    let code = match actix_web::rt::System::new().block_on(planner::cli::run(cli)) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: {err:#}");
            1
        }
    };
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // Leave without running C `atexit` handlers: libpq's OpenSSL registers a clean-up that
    // crashes (SIGSEGV, about one exit in four here) when a connection-pool thread still holds
    // a TLS connection to PostgreSQL (sfackler/r2d2#137, diesel-rs/diesel#3441). Everything
    // of ours is written by now; the operating system closes what is left.
    // SAFETY: `_exit` takes any status and never returns; nothing after it runs.
    unsafe { libc::_exit(code) }
}
