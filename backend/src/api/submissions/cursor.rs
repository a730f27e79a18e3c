//! The `after` cursor of the submissions list: where the next newest-first page starts.
//! Clients treat it as opaque and pass back what `next_cursor` gave them.

use chrono::DateTime;

use crate::{
    db::submission_list::ListPosition,
    domain::SubmissionId,
    error::{FieldCode, FieldError},
};

/// What the OpenAPI document says a cursor looks like (written out again in `list.rs`, where
/// utoipa wants a literal): lower-case hex of `<micros>.<id>`, both decimal without leading
/// zeros, at most 17 and 14 digits (until the year 5138 and 10^14 rows), so 64 hex digits at
/// most. Every string it matches decodes; a test holds the two together.
#[cfg(test)]
const PATTERN: &str = "^(3[1-9](3[0-9]){0,16}|30)2e(3[1-9](3[0-9]){0,13}|30)$";

/// Hex of `<created_at in microseconds since the epoch>.<id>`.
pub fn encode(at: ListPosition) -> String {
    hex::encode(format!(
        "{}.{}",
        at.created_at.and_utc().timestamp_micros(),
        at.id
    ))
}

/// The position a cursor names; anything `encode` would not have written is refused.
pub fn decode(cursor: &str) -> Result<ListPosition, FieldError> {
    let invalid = || {
        FieldError::new(
            "after",
            FieldCode::InvalidFormat,
            "not a cursor this list gave out: pass next_cursor from the previous page",
        )
    };
    if cursor.len() > 64 {
        return Err(invalid());
    }
    let text = hex::decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(invalid)?;
    let (micros, id) = text.split_once('.').ok_or_else(invalid)?;
    let micros: i64 = micros.parse().map_err(|_| invalid())?;
    let id: i64 = id.parse().map_err(|_| invalid())?;
    let created_at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(invalid)?
        .naive_utc();
    let at = ListPosition {
        created_at,
        id: SubmissionId(id),
    };
    if encode(at) != cursor {
        return Err(invalid());
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_names_the_position_it_was_made_from() {
        let at = ListPosition {
            created_at: DateTime::from_timestamp_micros(1_767_225_600_123_456)
                .unwrap()
                .naive_utc(),
            id: SubmissionId(42),
        };
        assert_eq!(decode(&encode(at)).unwrap(), at);
    }

    #[test]
    fn the_longest_cursors_the_schema_allows_decode() {
        for text in ["99999999999999999.99999999999999", "0.0", "10.7"] {
            let cursor = hex::encode(text);
            assert!(cursor.len() <= 64, "{text}");
            decode(&cursor).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        }
    }

    #[test]
    fn the_schema_states_the_pattern_the_code_reads() {
        let spec = include_str!("../../../../openapi.yaml");
        assert!(spec.contains(PATTERN), "openapi.yaml names cursor::PATTERN");
    }

    #[test]
    fn anything_else_is_refused() {
        let good = encode(ListPosition {
            created_at: DateTime::from_timestamp_micros(5).unwrap().naive_utc(),
            id: SubmissionId(1),
        });
        for bad in [
            "",
            "zz",
            "abc",
            &good.to_uppercase(),
            &hex::encode("5"),
            &hex::encode("5.x"),
            &hex::encode("+5.1"),
            &hex::encode("99999999999999999999.1"),
            &"0".repeat(66),
        ] {
            assert!(decode(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
