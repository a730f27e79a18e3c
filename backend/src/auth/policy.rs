//! Who may call what: one table mapping every API operation (by its OpenAPI `operationId`) to
//! the staff roles allowed, and whether participants may call it in their own process. The
//! extractors in `auth::extract` and `api::extract` read a handler's rule from here (each
//! handler names its operation's marker type, e.g. `Allowed<op::GetStats>`); the OpenAPI
//! document's security scopes are written from here (`routes`), and `tests/api/access.rs`
//! calls every operation in that document with a token of every role, so an operation missing
//! from the table fails the test.
//!
//! Process roles (facilitator, moderator, analyst) act only inside the processes their token
//! names; elsewhere a process answers 404, as if it did not exist.

use crate::domain::StaffRole::{self, Analyst, Facilitator, Moderator, Owner};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not (handlers may still answer staff differently).
    Public,
    /// Signed-in callers: these staff roles, and participants (in their own process, and for
    /// their own submissions) when `participants` is set.
    SignedIn {
        staff: &'static [StaffRole],
        participants: bool,
    },
}

impl Rule {
    /// Whether a token with `role` (`None`: a participant) may call the operation at all; the
    /// process it acts in is checked separately.
    pub fn admits(self, role: Option<StaffRole>) -> bool {
        match (self, role) {
            (Rule::Public, _) => true,
            (Rule::SignedIn { staff, .. }, Some(role)) => staff.contains(&role),
            (Rule::SignedIn { participants, .. }, None) => participants,
        }
    }

    /// The OpenAPI security scopes naming who may call (empty for public operations).
    pub fn scopes(self) -> Vec<&'static str> {
        match self {
            Rule::Public => Vec::new(),
            Rule::SignedIn {
                staff,
                participants,
            } => staff
                .iter()
                .map(|r| r.as_str())
                .chain(participants.then_some(PARTICIPANT_SCOPE))
                .collect(),
        }
    }
}

/// The scope naming participants in the OpenAPI document.
pub const PARTICIPANT_SCOPE: &str = "participant";

/// The platform owner only: staff tokens, installation statistics, the audit log.
const OWNER: &[StaffRole] = &[Owner];
/// Everyone who works on a process: reading it.
const STAFF: &[StaffRole] = &[Owner, Facilitator, Moderator, Analyst];
/// Running a process: settings, participant tokens, results links.
const RUNS: &[StaffRole] = &[Owner, Facilitator];
/// Moderation and responses entered on a contributor's behalf.
const MODERATES: &[StaffRole] = &[Owner, Facilitator, Moderator];
/// Sentence labels, analysis, training and models, themes.
const ANALYSES: &[StaffRole] = &[Owner, Analyst];
/// Exports.
const EXPORTS: &[StaffRole] = &[Owner, Facilitator, Analyst];
/// No staff role: what only a participant does in their own voice (supporting a submission).
const NO_STAFF: &[StaffRole] = &[];

const fn staff(roles: &'static [StaffRole]) -> Rule {
    Rule::SignedIn {
        staff: roles,
        participants: false,
    }
}

const fn with_participants(roles: &'static [StaffRole]) -> Rule {
    Rule::SignedIn {
        staff: roles,
        participants: true,
    }
}

/// What every staff member does for themselves, whatever their role: see who they are and set
/// up their second factor. A read-only token may still call these, and a browser session that
/// must enrol first (the owner requires second factors) may call only these.
pub const SELF_SERVICE: &[&str] = &["getSession", "startTotpEnrolment", "confirmTotpEnrolment"];

/// An operation a handler implements; its marker type names it in the handler's extractor.
pub trait Operation {
    const ID: &'static str;
    const RULE: Rule;
}

macro_rules! operations {
    ($($marker:ident = $id:literal => $rule:expr;)+) => {
        /// One marker type per operation, for the access extractors.
        pub mod op {
            use crate::auth::policy::*;
            $(
                pub struct $marker;
                impl Operation for $marker {
                    const ID: &'static str = $id;
                    const RULE: Rule = $rule;
                }
            )+
        }

        /// Every operation and who may call it.
        pub const TABLE: &[(&str, Rule)] = &[$(($id, $rule)),+];
    };
}

operations! {
    Login = "login" => Rule::Public;
    Logout = "logout" => Rule::Public;
    GetSession = "getSession" => with_participants(STAFF);
    VerifySecondFactor = "verifySecondFactor" => Rule::Public;
    StartTotpEnrolment = "startTotpEnrolment" => staff(STAFF);
    ConfirmTotpEnrolment = "confirmTotpEnrolment" => staff(STAFF);
    GetOpenApi = "getOpenApi" => Rule::Public;
    Healthz = "healthz" => Rule::Public;
    Readyz = "readyz" => Rule::Public;
    Metrics = "metrics" => Rule::Public;
    GetSharedResults = "getSharedResults" => Rule::Public;

    ListProcesses = "listProcesses" => Rule::Public;
    GetProcess = "getProcess" => Rule::Public;
    RegisterParticipant = "registerParticipant" => Rule::Public;
    CreateProcess = "createProcess" => staff(OWNER);
    UpdateProcess = "updateProcess" => staff(RUNS);
    GetAnalytics = "getAnalytics" => staff(STAFF);

    IssueTokens = "issueTokens" => staff(RUNS);
    ListProcessTokens = "listProcessTokens" => staff(RUNS);
    RevokeToken = "revokeToken" => staff(RUNS);
    CreateAdminToken = "createAdminToken" => staff(OWNER);
    ListAdminTokens = "listAdminTokens" => staff(OWNER);
    RotateAdminToken = "rotateAdminToken" => staff(OWNER);
    ChangeAdminToken = "changeAdminToken" => staff(OWNER);
    RevokeAdminToken = "revokeAdminToken" => staff(OWNER);
    ResetTotp = "resetTotp" => staff(OWNER);
    GetSecuritySettings = "getSecuritySettings" => staff(OWNER);
    UpdateSecuritySettings = "updateSecuritySettings" => staff(OWNER);
    ListAuditEntries = "listAuditEntries" => staff(OWNER);
    GetStats = "getStats" => staff(OWNER);

    CreateSubmission = "createSubmission" => with_participants(MODERATES);
    ListSubmissions = "listSubmissions" => with_participants(STAFF);
    GetSubmission = "getSubmission" => with_participants(STAFF);
    UpdateSubmission = "updateSubmission" => with_participants(MODERATES);
    DeleteSubmission = "deleteSubmission" => with_participants(MODERATES);
    ListPublicSubmissions = "listPublicSubmissions" => with_participants(STAFF);
    FindSimilar = "findSimilar" => with_participants(STAFF);
    ReportSubmission = "reportSubmission" => with_participants(STAFF);
    FindDuplicates = "findDuplicates" => staff(STAFF);
    MarkDuplicate = "markDuplicate" => staff(MODERATES);
    SupportSubmission = "supportSubmission" => with_participants(NO_STAFF);
    WithdrawSupport = "withdrawSupport" => with_participants(NO_STAFF);
    RespondToSubmissions = "respondToSubmissions" => staff(MODERATES);
    ModerateSubmissions = "moderateSubmissions" => staff(MODERATES);
    GetResponseSettings = "getResponseSettings" => with_participants(STAFF);
    SetResponseSettings = "setResponseSettings" => staff(RUNS);
    Classify = "classify" => with_participants(STAFF);

    GetAnalysisStatus = "getAnalysisStatus" => staff(STAFF);
    StartAnalysis = "startAnalysis" => staff(ANALYSES);
    GetJob = "getJob" => staff(ANALYSES);
    GetReviewQueue = "getReviewQueue" => staff(ANALYSES);
    SetSentenceCategory = "setSentenceCategory" => staff(ANALYSES);
    SetSubmissionCategory = "setSubmissionCategory" => staff(ANALYSES);
    ListTrainingRuns = "listTrainingRuns" => staff(ANALYSES);
    StartTrainingRun = "startTrainingRun" => staff(ANALYSES);
    ActivateTrainingRun = "activateTrainingRun" => staff(ANALYSES);
    RollbackModel = "rollbackModel" => staff(ANALYSES);
    ListTrainingExamples = "listTrainingExamples" => staff(ANALYSES);
    AddTrainingExample = "addTrainingExample" => staff(ANALYSES);
    DeleteTrainingExample = "deleteTrainingExample" => staff(ANALYSES);
    StartThemes = "startThemes" => staff(ANALYSES);
    ListThemes = "listThemes" => staff(STAFF);
    RenameTheme = "renameTheme" => staff(ANALYSES);
    // Answering a theme answers submissions: the same roles as answering them one by one.
    RespondToTheme = "respondToTheme" => staff(MODERATES);

    ExportSubmissionsCsv = "exportSubmissionsCsv" => staff(EXPORTS);
    ExportSentencesCsv = "exportSentencesCsv" => staff(EXPORTS);
    ExportSubmissionsJson = "exportSubmissionsJson" => staff(EXPORTS);
    ExportSubmissionsGeoJson = "exportSubmissionsGeoJson" => staff(EXPORTS);
    ExportProcessJson = "exportProcessJson" => staff(EXPORTS);
    CreateShareLink = "createShareLink" => staff(RUNS);
    ListShareLinks = "listShareLinks" => staff(RUNS);
    RevokeShareLink = "revokeShareLink" => staff(RUNS);
}

/// The rule for `operation_id`, if the table has one.
pub fn rule(operation_id: &str) -> Option<Rule> {
    TABLE
        .iter()
        .find(|(id, _)| *id == operation_id)
        .map(|&(_, rule)| rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_may_call_every_signed_in_operation_but_participants_own_voice() {
        for (id, rule) in TABLE {
            let participants_only = matches!(rule, Rule::SignedIn { staff: [], .. });
            assert_eq!(rule.admits(Some(Owner)), !participants_only, "{id}");
        }
        for id in ["supportSubmission", "withdrawSupport"] {
            assert!(rule(id).unwrap().admits(None), "{id}");
            assert!(!rule(id).unwrap().admits(Some(Owner)), "{id}");
        }
    }

    #[test]
    fn moderators_neither_export_nor_manage_tokens_and_analysts_do_not_moderate() {
        for id in ["issueTokens", "exportSubmissionsCsv", "createAdminToken"] {
            assert!(!rule(id).unwrap().admits(Some(Moderator)), "{id}");
        }
        for id in ["updateSubmission", "markDuplicate", "issueTokens"] {
            assert!(!rule(id).unwrap().admits(Some(Analyst)), "{id}");
        }
        assert!(rule("startTrainingRun").unwrap().admits(Some(Analyst)));
        assert_eq!(
            rule("getSession").unwrap().scopes(),
            [
                "owner",
                "facilitator",
                "moderator",
                "analyst",
                "participant"
            ]
        );
    }
}
