//! Row ids as their own types: a `SubmissionId` cannot be passed where a `SentenceId` is meant,
//! although both are 64-bit integers in the database, on the wire and in the OpenAPI document
//! (where each is a named `integer` schema, so generated clients can tell them apart too).

/// Declares a row id: a transparent `i64` for serde, OpenAPI and diesel (BIGINT on SQLite and
/// PostgreSQL). It reads as a [whole number](crate::domain::whole): `7.0` is the id 7.
macro_rules! row_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, utoipa::ToSchema,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::domain::whole::id(d).map($name)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.0);
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <i64 as diesel::serialize::ToSql<diesel::sql_types::BigInt, diesel::pg::Pg>>::to_sql(
                    &self.0,
                    &mut out.reborrow(),
                )
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite> for $name {
            fn from_sql(value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> diesel::deserialize::Result<Self> {
                <i64 as diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::sqlite::Sqlite>>::from_sql(value)
                    .map($name)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                <i64 as diesel::deserialize::FromSql<diesel::sql_types::BigInt, diesel::pg::Pg>>::from_sql(value)
                    .map($name)
            }
        }
    };
}

row_id! {
    /// A process's row id.
    ProcessId
}
row_id! {
    /// A token's row id (a participant's or a staff member's credential).
    TokenId
}
row_id! {
    /// A submission's row id.
    SubmissionId
}
row_id! {
    /// A sentence's row id (a submission is split into sentences for analysis).
    SentenceId
}
row_id! {
    /// A background job's row id.
    JobId
}
row_id! {
    /// A training run's row id (a model candidate of a process).
    RunId
}
row_id! {
    /// A theme's row id.
    ThemeId
}
row_id! {
    /// A training example's row id (a labelled text a process's model learns from).
    ExampleId
}

#[cfg(test)]
mod tests {
    use super::ProcessId;

    #[test]
    fn an_id_reads_whole_floats_and_refuses_fractions_and_strings() {
        let id = |json: &str| serde_json::from_str::<ProcessId>(json);
        assert_eq!(id("7").unwrap(), ProcessId(7));
        assert_eq!(id("7.0").unwrap(), ProcessId(7));
        assert_eq!(id("33277.0").unwrap(), ProcessId(33277));
        assert_eq!(id("-3").unwrap(), ProcessId(-3));
        let fraction = id("7.5").unwrap_err().to_string();
        assert!(
            fraction.starts_with("invalid type: floating point `7.5`"),
            "{fraction}"
        );
        assert!(id("\"7\"").is_err());
        assert!(id("1e300").is_err());
        assert!(id("18446744073709551615").is_err());
        assert_eq!(serde_json::to_string(&ProcessId(7)).unwrap(), "7");
    }
}
