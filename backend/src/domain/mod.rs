//! Domain values that validate when constructed, so a handler cannot hold an invalid one.

pub mod ids;
pub mod process;
pub mod submission;
pub mod text;
pub mod translations;
pub mod vocab;
pub mod whole;

pub use ids::{ExampleId, JobId, ProcessId, RunId, SentenceId, SubmissionId, ThemeId, TokenId};
pub use process::{Category, ContributorType, MapView, ProcessSettings, Slug};
pub use submission::{Location, SubmissionText};
pub use translations::{ProcessText, Translations, TranslationsPatch};
pub use vocab::{
    ExampleKind, JobKind, JobState, ResponseStatus, RunState, SentenceSource, StaffRole,
    SubmissionStatus,
};
