//! What moderating asks for, for one submission (`update`) or many (`bulk`): hiding or
//! flagging needs a reason (1-500 characters, one line); restoring may give one. Also the
//! reasons the server itself gives when it holds (pre-moderation) or flags (reports) one.

use crate::{
    domain::{text, SubmissionStatus},
    error::{FieldCode, FieldError},
};

/// The longest moderation reason, in characters.
pub const REASON_MAX: usize = 500;

/// The reason a participant's submission carries while pre-moderation holds it; restoring
/// it (approval) replaces it.
pub const AWAITING_APPROVAL: &str = "awaiting approval";

/// The reason a submission carries once `n` participants' reports have flagged it.
pub fn reported_by(n: i64) -> String {
    format!("reported by {n} participants")
}

/// Whether pre-moderation is holding the submission (status and reason as it left them).
pub fn awaits_approval(status: SubmissionStatus, reason: Option<&str>) -> bool {
    status == SubmissionStatus::Flagged && reason == Some(AWAITING_APPROVAL)
}

/// The trimmed reason for moving a submission to `status` (blank counts as none), or the
/// field error that refuses it.
pub fn reason_for(
    status: SubmissionStatus,
    reason: Option<&str>,
) -> Result<Option<String>, FieldError> {
    let reason = reason
        .filter(|r| !r.trim().is_empty())
        .map(|r| text::single_line("reason", r, REASON_MAX))
        .transpose()?;
    if status != SubmissionStatus::Visible && reason.is_none() {
        return Err(FieldError::new(
            "reason",
            FieldCode::Required,
            "is required to hide or flag a submission",
        ));
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::reason_for;
    use crate::domain::SubmissionStatus::{Flagged, Hidden, Visible};
    use crate::error::FieldCode;

    #[test]
    fn hiding_and_flagging_need_a_reason_and_restoring_does_not() {
        assert_eq!(reason_for(Visible, None).unwrap(), None);
        assert_eq!(reason_for(Visible, Some("  ")).unwrap(), None);
        assert_eq!(
            reason_for(Hidden, Some(" spam ")).unwrap().as_deref(),
            Some("spam")
        );
        for status in [Hidden, Flagged] {
            assert_eq!(
                reason_for(status, Some(" ")).unwrap_err().code,
                FieldCode::Required
            );
        }
        let long = "x".repeat(501);
        assert_eq!(
            reason_for(Flagged, Some(&long)).unwrap_err().code,
            FieldCode::TooLong
        );
    }
}
