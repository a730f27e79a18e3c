//! A process's own names for the response statuses (what participants and results links read
//! instead of the UI's words) and whether participants are told of new answers on their next
//! visit. The process's participants and admins read them; admins change them.

use std::collections::BTreeMap;

use crate::api::extract::InProcess;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp},
    db::{self, responses::ResponseSettingsRow},
    domain::{text, ResponseStatus},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The longest name of a status, in characters.
pub const NAME_MAX: usize = 40;

#[derive(Serialize, Deserialize, ToSchema, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResponseSettings {
    /// The process's own name for some statuses (1-40 characters, one line); a status left out
    /// shows the UI's word in the reader's language.
    #[serde(default)]
    #[schema(value_type = StatusNames, example = json!({"accepted": "We'll do it"}))]
    pub names: BTreeMap<ResponseStatus, String>,
    /// Tell participants on their next visit how many of their submissions were answered.
    #[serde(default)]
    pub notify: bool,
    /// The names in each UI language (`en`, `es`); a status a language leaves out shows the
    /// name in `names`, else the UI's word. Left out while no language has names.
    #[serde(
        default,
        skip_serializing_if = "NamesByLanguage::is_empty",
        deserialize_with = "crate::http::body::object"
    )]
    pub names_by_language: NamesByLanguage,
}

/// A process's status names per UI language.
#[derive(Serialize, Deserialize, ToSchema, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NamesByLanguage {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = StatusNames)]
    pub en: BTreeMap<ResponseStatus, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = StatusNames)]
    pub es: BTreeMap<ResponseStatus, String>,
}

impl NamesByLanguage {
    fn is_empty(&self) -> bool {
        self.en.is_empty() && self.es.is_empty()
    }
}

/// Trims and checks each name; `field` is where the map sits in the request.
fn checked_names(
    field: &str,
    given: BTreeMap<ResponseStatus, String>,
    errors: &mut Vec<crate::error::FieldError>,
) -> BTreeMap<ResponseStatus, String> {
    let mut names = BTreeMap::new();
    for (status, name) in given {
        match text::single_line(&format!("{field}.{status}"), &name, NAME_MAX) {
            Ok(name) => {
                names.insert(status, name);
            }
            Err(e) => errors.push(e),
        }
    }
    names
}

/// The process's own names, one per `ResponseStatus` word (1-40 characters, one line). Only
/// the schema of `ResponseSettings::names`, whose keys are those words: the spec then lists
/// exactly the keys the server reads, where a map would allow any.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct StatusNames {
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(default)]
    received: String,
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(default)]
    under_consideration: String,
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(default)]
    accepted: String,
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(default)]
    partly_accepted: String,
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(default)]
    not_taken_forward: String,
}

impl From<Option<ResponseSettingsRow>> for ResponseSettings {
    fn from(row: Option<ResponseSettingsRow>) -> Self {
        row.map(|r| Self {
            names: serde_json::from_str(&r.names).unwrap_or_default(),
            notify: r.notify,
            names_by_language: serde_json::from_str(&r.names_by_language).unwrap_or_default(),
        })
        .unwrap_or_default()
    }
}

/// A process's names for the response statuses and its notice setting, for its participants
/// and admins (others get 404, as for a slug that does not exist).
#[utoipa::path(
    operation_id = "getResponseSettings",
    tag = "processes",
    params(("slug" = String, Path)),
    responses((status = 200, body = ResponseSettings), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/response-settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::GetResponseSettings>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .db
        .read(move |conn| Ok(db::responses::settings(conn, process.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(ResponseSettings::from(row)))
}

/// Set a process's names for the response statuses and its notice setting (admin; audited).
#[utoipa::path(
    operation_id = "setResponseSettings",
    tag = "processes",
    params(("slug" = String, Path)),
    request_body = ResponseSettings,
    responses(
        (status = 200, body = ResponseSettings),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/processes/{slug}/response-settings")]
pub async fn set_settings(
    state: web::Data<AppState>,
    ip: ClientIp,
    InProcess {
        who, process, body, ..
    }: InProcess<op::SetResponseSettings, web::Json<ResponseSettings>>,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let body = body.into_inner();
    let mut errors = Vec::new();
    let names = checked_names("names", body.names, &mut errors);
    let by_language = body.names_by_language;
    let names_by_language = NamesByLanguage {
        en: checked_names("names_by_language.en", by_language.en, &mut errors),
        es: checked_names("names_by_language.es", by_language.es, &mut errors),
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let settings = ResponseSettings {
        names,
        notify: body.notify,
        names_by_language,
    };
    let row = ResponseSettingsRow {
        id: process.id,
        names: serde_json::to_string(&settings.names).expect("a map of strings"),
        notify: settings.notify,
        updated_at: db::now(),
        names_by_language: serde_json::to_string(&settings.names_by_language)
            .expect("maps of strings"),
    };
    let details = json!({ "names": settings.names, "notify": settings.notify,
                          "names_by_language": settings.names_by_language });
    state
        .db
        .write(move |conn| {
            db::responses::save_settings(conn, &row)?;
            AuditEvent::new(AuditAction::ProcessResponseSettings)
                .target("process", &process.slug)
                .details(details)
                .record(conn, Some(admin), Some(ip))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

#[cfg(test)]
mod tests {
    use super::StatusNames;
    use crate::domain::ResponseStatus;
    use utoipa::PartialSchema;

    #[test]
    fn the_names_schema_lists_every_status_word_and_no_other() {
        let schema = serde_json::to_value(StatusNames::schema()).unwrap();
        let keys: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut words: Vec<&str> = ResponseStatus::ALL.iter().map(|s| s.as_str()).collect();
        words.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, words);
        assert_eq!(schema["additionalProperties"], false);
    }
}
