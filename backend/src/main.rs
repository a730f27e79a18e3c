use clap::Parser;

#[actix_web::main]
async fn main() {
    // A local .env is a convenience for development; the real environment wins.
    let _ = dotenvy::dotenv();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = planner::cli::Cli::parse();
    if let Err(err) = planner::cli::run(cli).await {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
