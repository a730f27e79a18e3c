//! One invalid field of a request, for machines (`code` and its parameters) and for people
//! (`message`, in English, for curl users). The SPA translates the code, never the message.

use serde::Serialize;
use utoipa::ToSchema;

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    /// Missing, or needed together with another field.
    Required,
    /// Empty (after trimming).
    Empty,
    /// Fewer than `min` characters.
    TooShort,
    /// More than `max` characters (or sentences, as the message says).
    TooLong,
    /// Holds control characters (or line breaks where one line is expected).
    ControlChars,
    /// Not a key: 1-32 characters of a-z, 0-9 and _, starting with a letter.
    InvalidKey,
    /// A number outside `min`..=`max` (either bound may be absent).
    OutOfRange,
    /// A value listed twice.
    Duplicate,
    /// A time that must lie in the future.
    NotFuture,
    /// Not one of the values this process or field allows.
    NotAllowed,
    /// Names something that does not exist (here).
    UnknownReference,
    /// Malformed: unparseable JSON, a wrong type, a bad slug.
    InvalidFormat,
    /// A selection of more than `max` items; `count` says how many it holds.
    TooMany,
    /// Anything else; the message says what.
    Invalid,
}

impl FieldCode {
    pub const ALL: &'static [FieldCode] = &[
        FieldCode::Required,
        FieldCode::Empty,
        FieldCode::TooShort,
        FieldCode::TooLong,
        FieldCode::ControlChars,
        FieldCode::InvalidKey,
        FieldCode::OutOfRange,
        FieldCode::Duplicate,
        FieldCode::NotFuture,
        FieldCode::NotAllowed,
        FieldCode::UnknownReference,
        FieldCode::InvalidFormat,
        FieldCode::TooMany,
        FieldCode::Invalid,
    ];
}

/// One invalid field of a request body or query.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// The field's name as it appears in the request (dotted for nested fields).
    pub field: String,
    pub code: FieldCode,
    /// What is wrong, for people (English).
    pub message: String,
    /// The lower bound, for `too_short` and `out_of_range`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub min: Option<serde_json::Number>,
    /// The upper bound, for `too_long` and `out_of_range`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub max: Option<serde_json::Number>,
    /// How many there are, for `too_many`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// A bound as JSON: whole numbers without a fraction (`5000`, not `5000.0`).
fn number(value: f64) -> Option<serde_json::Number> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Some((value as i64).into())
    } else {
        serde_json::Number::from_f64(value)
    }
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: FieldCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
            min: None,
            max: None,
            count: None,
        }
    }

    /// Adds the bounds the code refers to.
    pub fn bounds(mut self, min: Option<f64>, max: Option<f64>) -> Self {
        self.min = min.and_then(number);
        self.max = max.and_then(number);
        self
    }

    /// A selection of `count` items where at most `max` are allowed.
    pub fn too_many(field: impl Into<String>, count: u64, max: u64, what: &str) -> Self {
        let mut e = Self::new(
            field,
            FieldCode::TooMany,
            format!("{count} {what}; at most {max} at once"),
        )
        .bounds(None, Some(max as f64));
        e.count = Some(count);
        e
    }

    /// A number outside `min..=max`.
    pub fn out_of_range(field: impl Into<String>, min: f64, max: f64) -> Self {
        Self::new(
            field,
            FieldCode::OutOfRange,
            format!("must be between {min} and {max}"),
        )
        .bounds(Some(min), Some(max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_whole_numbers_when_they_can_be() {
        let e = FieldError::new("text", FieldCode::TooLong, "x").bounds(None, Some(5000.0));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"field": "text", "code": "too_long", "message": "x", "max": 5000})
        );
        let r = FieldError::out_of_range("threshold", 0.5, 1.0);
        assert_eq!(r.message, "must be between 0.5 and 1");
        assert_eq!(serde_json::to_value(&r).unwrap()["min"], 0.5);
    }
}
