//! List submissions of a process, newest or most supported first. Admins see all; participants
//! only their own.

use super::{cursor, views, SubmissionView};
use crate::api::extract::InProcess;
use crate::api::pagination::PageRequest;
use crate::api::submission_filters::{FilteredQuery, OwnParams, SubmissionFilters};
use crate::auth::op;
use crate::{
    db,
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The order of a page of submissions.
#[derive(Deserialize, Serialize, ToSchema, Clone, Copy, Default, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionSort {
    /// Newest first (pages by `offset` or by `after`).
    #[default]
    Newest,
    /// Most supported first, ties newest first (pages by `offset` only).
    Supports,
}

/// The list's own query parameters, besides the filters.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListPaging {
    /// Order of the list (default newest).
    #[param(inline)]
    pub sort: Option<SubmissionSort>,
    /// Page size, 1-200 (default 50; larger values are capped).
    pub limit: Option<i64>,
    /// Items to skip (not together with `after`).
    pub offset: Option<i64>,
    /// Continue after the page that returned this `next_cursor`: deep pages cost what the
    /// first one does, and rows written meanwhile neither repeat nor go missing. Opaque to
    /// clients; the pattern is exactly the cursors the server can read (`cursor::PATTERN`, kept equal by a test).
    #[param(
        max_length = 64,
        pattern = "^(3[1-9](3[0-9]){0,16}|30)2e(3[1-9](3[0-9]){0,13}|30)$"
    )]
    pub after: Option<String>,
}

impl OwnParams for ListPaging {
    const NAMES: &'static [&'static str] = &["sort", "limit", "offset", "after"];
}

/// One page of submissions, in the order asked for, and the total matching count.
#[derive(Serialize, ToSchema)]
pub struct SubmissionPage {
    pub items: Vec<SubmissionView>,
    /// Matching submissions. A text search (`q`) counts up to 1,000: with more matches it
    /// says 1000 and `total_is_lower_bound` is true (counting every match of a common word
    /// would cost a walk over all of them).
    pub total: i64,
    /// `total` is a lower bound ("1,000 or more"); only for text searches.
    pub total_is_lower_bound: bool,
    pub limit: i64,
    /// The offset asked for (0 when paging by cursor).
    pub offset: i64,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// List submissions of a process, newest first or most supported first. Admins see all;
/// participants only their own.
#[utoipa::path(
    operation_id = "listSubmissions",
    tag = "submissions",
    params(("slug" = String, Path), SubmissionFilters, ListPaging),
    responses(
        (status = 200, body = SubmissionPage),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed parameter, a cursor this list did not give out, `after` with an `offset`, or `after` with `sort=supports`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/submissions")]
pub async fn list(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ListSubmissions>,
    FilteredQuery {
        filters,
        own: query,
    }: FilteredQuery<ListPaging>,
) -> Result<HttpResponse, ApiError> {
    let filter = filters
        .to_filter(process.id, &who, "")
        .map_err(ApiError::field)?;
    let page = PageRequest::new(query.limit, query.offset);
    let after = query
        .after
        .as_deref()
        .map(cursor::decode)
        .transpose()
        .map_err(ApiError::field)?;
    let sort = query.sort.unwrap_or_default();
    if after.is_some() && sort == SubmissionSort::Supports {
        return Err(ApiError::field(FieldError::new(
            "sort",
            FieldCode::Invalid,
            "cursors page the newest-first order only; page this order by offset",
        )));
    }
    if after.is_some() && page.offset > 0 {
        return Err(ApiError::field(FieldError::new(
            "offset",
            FieldCode::Invalid,
            "a page starts after a cursor or after an offset, not both",
        )));
    }
    let found = state
        .db
        .read(move |conn| {
            Ok(match sort {
                SubmissionSort::Newest => {
                    db::submission_list::list(conn, &filter, page.limit, page.offset, after)?
                }
                SubmissionSort::Supports => db::submission_list::list_most_supported(
                    conn,
                    &filter,
                    page.limit,
                    page.offset,
                )?,
            })
        })
        .await?;
    let admin = who.is_staff();
    let items = views(&state, found.rows, &process, admin).await?;
    Ok(HttpResponse::Ok().json(SubmissionPage {
        items,
        total: found.total,
        total_is_lower_bound: found.total_is_lower_bound,
        limit: page.limit,
        offset: page.offset,
        next_cursor: found.next.map(cursor::encode),
    }))
}
