//! The closed words that travel from the database to the browser: job kinds and states,
//! training-run states, moderation status, where a sentence's category came from, and the kinds
//! of training example. Each is declared once here and maps to
//! - the database (a TEXT column whose CHECK constraint lists the same words, in both migration
//!   sets; `tests/api/vocabulary.rs` compares them),
//! - serde and the OpenAPI schema (an `enum`, so generated clients get a union type),
//! - Rust code, which matches on variants instead of comparing strings.
//!
//! Audit actions (`audit::AuditAction`) and problem codes (`error::ErrorCode`) are closed the
//! same way, beside the code that records or renders them.

/// Declares a closed vocabulary stored as TEXT: the enum with its serde/OpenAPI names, `ALL`,
/// `as_str`/`parse`, and the diesel mapping for SQLite and PostgreSQL.
#[macro_export]
macro_rules! text_vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        // The stored words are the variants in snake_case (`tests` checks `as_str` agrees);
        // utoipa reads `rename_all`, not a per-variant rename made inside a macro.
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every word, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    &mut out.reborrow(),
                )
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn from_sql(value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    diesel::sqlite::Sqlite,
                >>::from_sql(value)?;
                Self::parse(&text)
                    .ok_or_else(|| format!("not a {}: {text:?}", stringify!($name)).into())
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    diesel::pg::Pg,
                >>::from_sql(value)?;
                Self::parse(&text)
                    .ok_or_else(|| format!("not a {}: {text:?}", stringify!($name)).into())
            }
        }
    };
}

text_vocabulary! {
    /// What a background job does.
    pub enum JobKind {
        /// Categorise the process's new and edited submissions (or all, on request).
        Analyse = "analyse",
        /// Train a model run from the process's labels and examples.
        Train = "train",
        /// Analyse, then cluster the sentences into themes.
        Themes = "themes",
    }
}

text_vocabulary! {
    /// Where a background job is.
    pub enum JobState {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

impl JobState {
    /// Whether the job will not change any more.
    pub fn is_finished(self) -> bool {
        matches!(self, JobState::Done | JobState::Failed)
    }
}

text_vocabulary! {
    /// Where a training run is; only a `done` run can become a process's model.
    pub enum RunState {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

text_vocabulary! {
    /// Who gave a sentence its category.
    pub enum SentenceSource {
        /// The process's active model.
        Model = "model",
        /// An admin's label (kept over re-analysis).
        Admin = "admin",
    }
}

text_vocabulary! {
    /// How a training example came about.
    pub enum ExampleKind {
        /// An admin changed the model's category.
        Correction = "correction",
        /// An admin confirmed the model's category.
        Confirmation = "confirmation",
        /// An admin wrote an example sentence for a category.
        Example = "example",
    }
}

text_vocabulary! {
    /// Moderation status of a submission: hidden ones are seen by admins only; flagged ones
    /// await an admin's look.
    pub enum SubmissionStatus {
        Visible = "visible",
        Hidden = "hidden",
        Flagged = "flagged",
    }
}

text_vocabulary! {
    /// What a staff token may do (`auth::policy` maps every operation to the roles allowed).
    /// The owner acts everywhere; the other roles act only in the processes their token names.
    pub enum StaffRole {
        /// Runs the installation: everything, in every process, including staff tokens.
        Owner = "owner",
        /// Runs a process: settings, participant tokens, moderation, responses, exports.
        Facilitator = "facilitator",
        /// Moderates a process's submissions and enters responses; nothing else.
        Moderator = "moderator",
        /// Reads a process, labels sentences, trains and activates models, exports.
        Analyst = "analyst",
    }
}

impl StaffRole {
    /// Whether the role is limited to the processes its token names.
    pub fn is_process_role(self) -> bool {
        self != StaffRole::Owner
    }
}

text_vocabulary! {
    /// The facilitators' answer to a submission ("you said, we did"); each process may show
    /// its own names for these words.
    pub enum ResponseStatus {
        Received = "received",
        UnderConsideration = "under_consideration",
        Accepted = "accepted",
        PartlyAccepted = "partly_accepted",
        NotTakenForward = "not_taken_forward",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde (and so the OpenAPI schema) and the database use the same word for each variant.
    #[test]
    fn serde_names_are_the_stored_words() {
        fn check<T: serde::Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
            for &v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), as_str(v));
            }
        }
        check(JobKind::ALL, JobKind::as_str);
        check(JobState::ALL, JobState::as_str);
        check(RunState::ALL, RunState::as_str);
        check(SentenceSource::ALL, SentenceSource::as_str);
        check(ExampleKind::ALL, ExampleKind::as_str);
        check(SubmissionStatus::ALL, SubmissionStatus::as_str);
        check(ResponseStatus::ALL, ResponseStatus::as_str);
        check(StaffRole::ALL, StaffRole::as_str);
    }

    #[test]
    fn words_parse_back() {
        for &k in JobKind::ALL {
            assert_eq!(JobKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(JobState::parse("Done"), None);
    }
}
