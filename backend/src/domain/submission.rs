//! Submission values: text and location (the moderation status is in `vocab`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text;
use crate::error::FieldError;

pub const MAX_SUBMISSION_CHARS: usize = 5000;

/// Submission text: trimmed, 1..=5000 characters, no control characters but line breaks.
#[derive(Debug, Clone)]
pub struct SubmissionText(String);

impl SubmissionText {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        text::multi_line("text", value, 1, MAX_SUBMISSION_CHARS).map(Self)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A point on the map (WGS 84).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[schema(minimum = -90, maximum = 90, example = 51.5072)]
    pub lat: f64,
    #[schema(minimum = -180, maximum = 180, example = -0.1276)]
    pub lng: f64,
}

impl Location {
    pub fn validate(self, field: &str) -> Result<Self, FieldError> {
        if !(self.lat.is_finite() && (-90.0..=90.0).contains(&self.lat)) {
            return Err(FieldError::out_of_range(
                format!("{field}.lat"),
                -90.0,
                90.0,
            ));
        }
        if !(self.lng.is_finite() && (-180.0..=180.0).contains(&self.lng)) {
            return Err(FieldError::out_of_range(
                format!("{field}.lng"),
                -180.0,
                180.0,
            ));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits_are_in_characters_after_trimming() {
        assert!(SubmissionText::parse("  ").is_err());
        assert!(SubmissionText::parse(&"é".repeat(MAX_SUBMISSION_CHARS)).is_ok());
        assert!(SubmissionText::parse(&"é".repeat(MAX_SUBMISSION_CHARS + 1)).is_err());
        assert_eq!(SubmissionText::parse("  hi \n").unwrap().into_inner(), "hi");
    }

    #[test]
    fn out_of_range_coordinates_are_refused() {
        assert!(Location {
            lat: 91.0,
            lng: 0.0
        }
        .validate("location")
        .is_err());
        assert!(Location {
            lat: 0.0,
            lng: -180.5
        }
        .validate("location")
        .is_err());
        assert!(Location {
            lat: f64::NAN,
            lng: 0.0
        }
        .validate("location")
        .is_err());
        assert!(Location {
            lat: -90.0,
            lng: 180.0
        }
        .validate("location")
        .is_ok());
    }
}
