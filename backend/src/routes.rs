//! Every API path at a glance, and the OpenAPI document generated from them.

use utoipa::{
    openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
    },
    Modify, OpenApi,
};
use utoipa_actix_web::{service_config::ServiceConfig, AppExt};

use crate::api::{
    admin, admin_tokens, analytics, audit_trail, auth, classify, examples, exports, health, jobs,
    labels, processes, responses, second_factor, share_links, similar, submissions, supports,
    themes, tokens, training,
};
use crate::auth::policy;

/// Routes under `/api/v1`.
pub fn api_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login::login)
        .service(auth::logout::logout)
        .service(auth::current_session::current_session)
        .service(auth::second_factor::verify_second_factor)
        .service(second_factor::start::start)
        .service(second_factor::confirm::confirm)
        .service(second_factor::reset::reset)
        .service(second_factor::settings::get_settings)
        .service(second_factor::settings::update_settings)
        .service(processes::create::create)
        .service(processes::list::list)
        .service(processes::get::get)
        .service(processes::update::update)
        .service(processes::register::register)
        .service(analytics::analytics)
        .service(tokens::issue::issue)
        .service(tokens::list::list)
        .service(tokens::revoke::revoke)
        .service(admin_tokens::create::create)
        .service(admin_tokens::list::list)
        .service(admin_tokens::revoke::revoke)
        .service(admin_tokens::rotate::rotate)
        .service(admin_tokens::change::change)
        .service(submissions::create::create)
        .service(submissions::list::list)
        .service(submissions::get::get)
        .service(submissions::update::update)
        .service(submissions::remove::remove)
        .service(audit_trail::list)
        .service(admin::stats)
        .service(jobs::status::status)
        .service(jobs::start_analysis::start_analysis)
        .service(jobs::get_job::get_job)
        .service(labels::set_sentence_category::set_sentence_category)
        .service(labels::set_submission_category::set_submission_category)
        .service(labels::review_queue::review_queue)
        .service(training::start_training::start_training)
        .service(training::list_runs::list_runs)
        .service(training::activate_run::activate_run)
        .service(training::rollback::rollback)
        .service(examples::list_examples::list_examples)
        .service(examples::add_example::add_example)
        .service(examples::delete_example::delete_example)
        .service(classify::classify)
        .service(exports::submissions_csv::submissions_csv)
        .service(exports::sentences_csv::sentences_csv)
        .service(exports::submissions_json::submissions_json)
        .service(exports::submissions_geojson::submissions_geojson)
        .service(exports::process_json::process_json)
        .service(share_links::create::create)
        .service(share_links::list::list)
        .service(share_links::revoke::revoke)
        .service(share_links::results::results)
        .service(share_links::public_submissions::public_submissions)
        .service(similar::find_similar::similar)
        .service(similar::duplicates::duplicates)
        .service(similar::mark_duplicate::mark_duplicate)
        .service(supports::support::support)
        .service(supports::withdraw::withdraw)
        .service(responses::respond::respond)
        .service(submissions::bulk::moderate)
        .service(submissions::report::report)
        .service(responses::settings::get_settings)
        .service(responses::settings::set_settings)
        .service(themes::start::start)
        .service(themes::list::list)
        .service(themes::rename::rename)
        .service(themes::respond::respond)
        .service(health::openapi_json::openapi_json);
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
                    .description(Some(
                        "A participant (ppp_…) token, or a staff (ppa_…) token issued as an API token",
                    ))
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
        .service(health::healthz::healthz)
        .service(health::readyz::readyz)
        .service(health::metrics::metrics)
        .split_for_parts();
    let mut doc = ApiDoc::openapi();
    doc.merge(collected);
    declare_roles(&mut doc);
    crate::api::problems::declare(&mut doc);
    crate::api::pagination::name_page_items(&mut doc);
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc
}

/// Writes each operation's security from `auth::policy`: the scopes name the roles allowed
/// (`owner`, `facilitator`, `moderator`, `analyst`, `participant`), so the document says what
/// the extractors enforce. Public operations declare none.
fn declare_roles(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in ops.into_iter().flatten() {
            let rule = op
                .operation_id
                .as_deref()
                .and_then(policy::rule)
                .unwrap_or(policy::Rule::Public);
            let scopes = rule.scopes();
            op.security = (!scopes.is_empty()).then(|| {
                ["session_cookie", "bearer"]
                    .into_iter()
                    .map(|scheme| SecurityRequirement::new(scheme, scopes.clone()))
                    .collect()
            });
        }
    }
}

pub fn openapi_yaml() -> String {
    openapi()
        .to_yaml()
        .expect("OpenAPI document serialises to YAML")
}

#[cfg(test)]
mod tests {
    /// `auth::policy`'s table and the OpenAPI document name the same operations, each once.
    #[test]
    fn every_documented_operation_has_exactly_one_rule() {
        let spec = serde_json::to_value(super::openapi()).unwrap();
        let mut documented: Vec<String> = spec["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
            .collect();
        documented.sort();
        let mut tabled: Vec<String> = crate::auth::policy::TABLE
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        tabled.sort();
        assert_eq!(documented, tabled);
    }

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
