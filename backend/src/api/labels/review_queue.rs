//! Sentences the model is least sure about and no admin has reviewed, least confident first.

use super::SentenceView;
use crate::api::pagination::{Page, PageQuery, PageRequest};
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::analysis::{self as rows},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// Sentences the model is least sure about and no admin has reviewed, least confident first.
#[utoipa::path(
    operation_id = "getReviewQueue",
    tag = "analysis",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<SentenceView>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/review-queue")]
pub async fn review_queue(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::GetReviewQueue>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = PageRequest::new(query.limit, query.offset);
    let (items, total) = state
        .db
        .read(move |conn| {
            Ok(rows::review_queue(
                conn,
                process.id,
                page.limit,
                page.offset,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(
        items.iter().map(SentenceView::from).collect(),
        total,
        page,
    )))
}
