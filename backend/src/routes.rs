//! Every API path at a glance, and the OpenAPI document generated from them.

use utoipa::{
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    Modify, OpenApi,
};
use utoipa_actix_web::{service_config::ServiceConfig, AppExt};

use crate::api::{
    admin, admin_tokens, analysis, analytics, audit_trail, auth, exports, health, processes,
    share_links, similar, submissions, themes, tokens,
};

/// Routes under `/api/v1`.
pub fn api_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::logout)
        .service(auth::current_session)
        .service(processes::create)
        .service(processes::list)
        .service(processes::get)
        .service(processes::update)
        .service(processes::register)
        .service(analytics::analytics)
        .service(tokens::issue)
        .service(tokens::list)
        .service(tokens::revoke)
        .service(admin_tokens::create)
        .service(admin_tokens::list)
        .service(admin_tokens::revoke)
        .service(submissions::create)
        .service(submissions::list)
        .service(submissions::get)
        .service(submissions::update)
        .service(submissions::remove)
        .service(audit_trail::list)
        .service(admin::stats)
        .service(analysis::status)
        .service(analysis::start_analysis)
        .service(analysis::get_job)
        .service(analysis::set_sentence_category)
        .service(analysis::set_submission_category)
        .service(analysis::review_queue)
        .service(analysis::start_training)
        .service(analysis::list_runs)
        .service(analysis::activate_run)
        .service(analysis::rollback)
        .service(analysis::list_examples)
        .service(analysis::add_example)
        .service(analysis::delete_example)
        .service(analysis::classify)
        .service(exports::submissions_csv)
        .service(exports::sentences_csv)
        .service(exports::submissions_json)
        .service(exports::submissions_geojson)
        .service(share_links::create)
        .service(share_links::list)
        .service(share_links::revoke)
        .service(share_links::results)
        .service(share_links::public_submissions)
        .service(similar::similar)
        .service(similar::duplicates)
        .service(similar::mark_duplicate)
        .service(themes::start)
        .service(themes::list)
        .service(themes::rename)
        .service(health::openapi_json);
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Participatory Planner API",
        description = "Token-authenticated participation API. Browsers use the session cookie set by \
`POST /api/v1/auth/login`; scripts and generated clients send `Authorization: Bearer <token>`. \
Every state-changing request must be `Content-Type: application/json`. Errors are \
`application/problem+json` with a stable `code`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Sign in and out"),
        (name = "processes", description = "Planning processes"),
        (name = "tokens", description = "Participant tokens"),
        (name = "submissions", description = "Submissions and moderation"),
        (name = "analysis", description = "Sentence categories, training runs and classification"),
        (name = "exports", description = "CSV, JSON and GeoJSON exports"),
        (name = "sharing", description = "Signed read-only results links"),
        (name = "admin", description = "Admin tokens, audit log, statistics"),
        (name = "health", description = "Health and API description"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An admin (ppa_…) or participant (ppp_…) access token"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "__Host-planner_session",
                "Session cookie set by POST /api/v1/auth/login (named planner_session in development over http)",
            ))),
        );
    }
}

/// The generated OpenAPI document (what `openapi.yaml` must equal).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, collected) = actix_web::App::new()
        .into_utoipa_app()
        .service(utoipa_actix_web::scope("/api/v1").configure(api_v1))
        .service(health::healthz)
        .service(health::readyz)
        .service(health::metrics)
        .split_for_parts();
    let mut doc = ApiDoc::openapi();
    doc.merge(collected);
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc
}

pub fn openapi_yaml() -> String {
    openapi()
        .to_yaml()
        .expect("OpenAPI document serialises to YAML")
}

#[cfg(test)]
mod tests {
    /// `make openapi` regenerates the committed file; this fails when they drift.
    #[test]
    fn committed_openapi_yaml_matches_generated_spec() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
        let committed =
            std::fs::read_to_string(path).expect("openapi.yaml exists at the repository root");
        assert!(
            committed == super::openapi_yaml(),
            "openapi.yaml is stale: run `make openapi` and commit the result"
        );
    }
}
