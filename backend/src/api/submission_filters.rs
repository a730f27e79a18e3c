//! The admin list's filters as requests give them: one type for the list's query, the
//! exports' query and the `filter` of bulk moderation and responses, turned into a
//! [`SubmissionFilter`] in one place, so "the submissions this list shows" means the same
//! everywhere.

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use chrono::{DateTime, Utc};
use futures_util::future::{ready, Ready};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    auth::Identity,
    db::submission_list::SubmissionFilter,
    domain::{text, ProcessId, SubmissionStatus},
    error::{ApiError, FieldError},
    http::body::malformed,
};

/// Narrows a process's submissions as the admin list does; every filter given must hold.
#[derive(Deserialize, Serialize, ToSchema, IntoParams, Default, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SubmissionFilters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SubmissionStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributor_type: Option<String>,
    /// Case-insensitive substring of the text (answered from a text index from three
    /// characters on).
    #[param(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Created at or after (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<DateTime<Utc>>,
    /// Created before (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<DateTime<Utc>>,
    /// true: only submissions with a location; false: only those without.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_location: Option<bool>,
    /// Only submissions whose primary category is this key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Only submissions with a sentence categorised with less confidence than this (0..1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_below: Option<f64>,
    /// true: only submissions participants reported (staff only; ignored for participants);
    /// false: only those nobody reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<bool>,
}

impl SubmissionFilters {
    /// The filter over process `process_id` as `who` sees it: a participant only their own
    /// submissions and never by reports. Refuses a malformed `q`, named `{prefix}q` (a body
    /// nests the filters under a field).
    pub fn to_filter(
        &self,
        process_id: ProcessId,
        who: &Identity,
        prefix: &str,
    ) -> Result<SubmissionFilter, FieldError> {
        let text_query = match &self.q {
            Some(q) => Some(text::single_line(&format!("{prefix}q"), q, 200)?),
            None => None,
        };
        let staff = who.is_staff();
        Ok(SubmissionFilter {
            process_id,
            owner_token_id: (!staff).then_some(who.token_id),
            status: self.status,
            contributor_type: self.contributor_type.clone(),
            text_query,
            created_from: self.created_from.map(|t| t.naive_utc()),
            created_to: self.created_to.map(|t| t.naive_utc()),
            has_location: self.has_location,
            primary_category: self.category.clone(),
            confidence_below: self.confidence_below,
            exclude_hidden: false,
            reported: self.reported.filter(|_| staff),
        })
    }
}

/// An endpoint's own query parameters, read next to the filters by [`FilteredQuery`].
pub trait OwnParams: DeserializeOwned {
    /// The parameters' names: every other name in the query is read as a filter.
    const NAMES: &'static [&'static str];
}

/// A query of [`SubmissionFilters`] plus an endpoint's own parameters `P` (paging, export
/// options). The names are split between the two and each part is read strictly, so an
/// unknown name is still refused: serde's `flatten` would be shorter but cannot read numbers
/// or booleans from a query string.
pub struct FilteredQuery<P> {
    pub filters: SubmissionFilters,
    pub own: P,
}

impl<P: OwnParams> FilteredQuery<P> {
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| malformed(e.to_string()))?;
        let (own, filters): (Vec<_>, Vec<_>) = pairs
            .into_iter()
            .partition(|(name, _)| P::NAMES.contains(&name.as_str()));
        Ok(Self {
            filters: read(&filters)?,
            own: read(&own)?,
        })
    }
}

/// Reads one part of a split query as the type its names belong to.
fn read<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, ApiError> {
    let query = serde_urlencoded::to_string(pairs).map_err(ApiError::internal)?;
    serde_urlencoded::from_str(&query).map_err(|e| malformed(e.to_string()))
}

impl<P: OwnParams + 'static> FromRequest for FilteredQuery<P> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::parse(req.query_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldCode;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Paging {
        limit: Option<i64>,
        wide: Option<bool>,
    }

    impl OwnParams for Paging {
        const NAMES: &'static [&'static str] = &["limit", "wide"];
    }

    #[test]
    fn a_query_is_split_between_the_filters_and_the_endpoints_own_parameters() {
        let q = FilteredQuery::<Paging>::parse(
            "status=hidden&limit=20&has_location=true&confidence_below=0.5&wide=false&q=tree%20s",
        )
        .unwrap();
        assert_eq!(
            q.own,
            Paging {
                limit: Some(20),
                wide: Some(false)
            }
        );
        assert_eq!(q.filters.status, Some(SubmissionStatus::Hidden));
        assert_eq!(q.filters.has_location, Some(true));
        assert_eq!(q.filters.confidence_below, Some(0.5));
        assert_eq!(q.filters.q.as_deref(), Some("tree s"));
        let none = FilteredQuery::<Paging>::parse("").unwrap();
        assert_eq!(none.filters, SubmissionFilters::default());
        assert_eq!(
            none.own,
            Paging {
                limit: None,
                wide: None
            }
        );
    }

    #[test]
    fn unknown_repeated_or_mistyped_names_are_refused_naming_them() {
        for (query, field) in [
            ("colour=red", "colour"),
            ("limit=1&limit=2", "limit"),
            ("reported=true&reported=false", "reported"),
        ] {
            match FilteredQuery::<Paging>::parse(query) {
                Err(ApiError::BadRequest(errors, _)) => {
                    assert_eq!(errors[0].field, field, "{query}");
                    assert_eq!(errors[0].code, FieldCode::InvalidFormat);
                }
                _ => panic!("{query} was read"),
            }
        }
        assert!(FilteredQuery::<Paging>::parse("has_location=maybe").is_err());
    }
}
