//! How malformed bodies, queries and paths are answered: a problem document naming the field.

use actix_web::{
    error::{JsonPayloadError, PathError, QueryPayloadError},
    web, HttpRequest,
};

use serde::{Deserialize, Deserializer};

use crate::error::{ApiError, FieldCode, FieldError};

/// For PATCH bodies: tells "field absent" (leave alone, `None`) from `null` (clear,
/// `Some(None)`). Use with `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A nested struct that must be a JSON object: serde would also read a struct from an array
/// (`[null, null]`), silently "all defaults" for one whose fields are all optional. (The body
/// itself: [`JsonObject`].) Use with `#[serde(default, deserialize_with = "object")]`.
pub fn object<'de, T: serde::de::DeserializeOwned, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
    serde_json::from_value(serde_json::Value::Object(map)).map_err(serde::de::Error::custom)
}

/// [`object`], or null.
pub fn optional_object<'de, T: serde::de::DeserializeOwned, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Option::<serde_json::Map<String, serde_json::Value>>::deserialize(d)?
        .map(|map| {
            serde_json::from_value(serde_json::Value::Object(map)).map_err(serde::de::Error::custom)
        })
        .transpose()
}

/// [`present`] for an [`object`]: absent `None`, null `Some(None)`.
pub fn present_object<'de, T: serde::de::DeserializeOwned, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    optional_object(d).map(Some)
}

/// serde reports "unknown field `x`, expected ..." or "missing field `x`"; the name between
/// the first pair of backticks is the field.
fn field_of(message: &str) -> String {
    let names_field = ["unknown field", "missing field", "duplicate field"]
        .iter()
        .any(|p| message.starts_with(p));
    message
        .split('`')
        .nth(1)
        .filter(|_| names_field)
        .map(str::to_owned)
        .unwrap_or_else(|| "body".into())
}

/// 400 for a body or query serde could not read, naming the field when serde does.
pub fn malformed(message: String) -> ApiError {
    ApiError::BadRequest(
        vec![FieldError::new(
            field_of(&message),
            FieldCode::InvalidFormat,
            message.clone(),
        )],
        message,
    )
}

/// A JSON body that must be an object: serde would otherwise read a struct from an array
/// (`[null, null]`), which no client means. Use instead of `web::Json<T>` for bodies whose
/// fields are all optional, where an array would silently mean "all defaults".
pub struct JsonObject<T>(pub T);

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for JsonObject<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let object =
            web::Json::<serde_json::Map<String, serde_json::Value>>::from_request(req, payload);
        Box::pin(async move {
            let object = object.await?.into_inner();
            serde_json::from_value(serde_json::Value::Object(object))
                .map(JsonObject)
                .map_err(|e| {
                    let message = e.to_string();
                    malformed(message).into()
                })
        })
    }
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType.into(),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge.into()
        }
        JsonPayloadError::Deserialize(e) => {
            let message = e.to_string();
            malformed(message).into()
        }
        other => ApiError::BadRequest(Vec::new(), other.to_string()).into(),
    }
}

fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = err.to_string();
    malformed(message).into()
}

fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .content_type_required(true)
        .error_handler(json_error)
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(query_error)
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(path_error)
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_name_is_taken_from_serde_message() {
        assert_eq!(
            super::field_of("unknown field `admin`, expected `token`"),
            "admin"
        );
        assert_eq!(super::field_of("expected value at line 1"), "body");
    }
}
