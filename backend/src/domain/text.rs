//! Text checks shared by every free-text field.

use crate::error::{FieldCode, FieldError};

/// Trims and checks a single-line field (titles, names, labels): 1..=max characters, no
/// control characters at all.
pub fn single_line(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let value = value.trim();
    check_len(field, value, 1, max)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            FieldCode::ControlChars,
            "must not contain control characters or line breaks",
        ));
    }
    Ok(value.to_owned())
}

/// Trims and checks a multi-line field: line breaks and tabs are fine, other control
/// characters are not.
pub fn multi_line(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    // Count characters as stored: Windows line endings become one '\n'.
    let value = value.trim().replace("\r\n", "\n");
    check_len(field, &value, min, max)?;
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(FieldError::new(
            field,
            FieldCode::ControlChars,
            "must not contain control characters",
        ));
    }
    Ok(value)
}

fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n < min {
        return Err(if min == 1 {
            FieldError::new(field, FieldCode::Empty, "must not be empty")
        } else {
            FieldError::new(
                field,
                FieldCode::TooShort,
                format!("must be at least {min} characters"),
            )
            .bounds(Some(min as f64), None)
        });
    }
    if n > max {
        return Err(FieldError::new(
            field,
            FieldCode::TooLong,
            format!("must be at most {max} characters (got {n})"),
        )
        .bounds(None, Some(max as f64)));
    }
    Ok(())
}

/// A machine key such as a category or contributor type: `[a-z][a-z0-9_]{0,31}`.
pub fn key(field: &str, value: &str) -> Result<String, FieldError> {
    let ok = !value.is_empty()
        && value.len() <= 32
        && value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            field,
            FieldCode::InvalidKey,
            "must be 1-32 characters of a-z, 0-9 and _, starting with a letter",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_refuses_line_breaks_and_controls() {
        assert!(single_line("t", "a\nb", 10).is_err());
        assert!(single_line("t", "a\u{7}b", 10).is_err());
        assert_eq!(single_line("t", "  ok  ", 10).unwrap(), "ok");
    }

    #[test]
    fn multi_line_keeps_line_breaks_and_counts_characters_not_bytes() {
        assert_eq!(multi_line("t", "é\r\nü", 1, 3).unwrap(), "é\nü");
        assert!(multi_line("t", "ééé", 1, 2).is_err());
        assert!(multi_line("t", "a\u{0}b", 1, 10).is_err());
        assert!(multi_line("t", "   ", 1, 10).is_err());
    }

    #[test]
    fn keys_are_snake_case_identifiers() {
        assert!(key("k", "community").is_ok());
        assert!(key("k", "Community").is_err());
        assert!(key("k", "1abc").is_err());
        assert!(key("k", "").is_err());
    }
}
