//! Offset pagination with a capped page size.

use serde::{Deserialize, Serialize};
use utoipa::{
    openapi::{schema::ArrayItems, OpenApi, Ref, RefOr, Schema},
    IntoParams, ToSchema,
};

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 200;

#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: i64,
    pub offset: i64,
}

impl PageRequest {
    /// Missing values take defaults; a page larger than the cap is cut to the cap.
    pub fn new(limit: Option<i64>, offset: Option<i64>) -> Self {
        Self {
            limit: limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE),
            offset: offset.unwrap_or(0).max(0),
        }
    }
}

/// Plain pagination parameters for lists without other filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1-200 (default 50; larger values are capped).
    pub limit: Option<i64>,
    /// Items to skip.
    pub offset: Option<i64>,
}

/// One page of a list and the total matching count.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

impl<T: ToSchema> Page<T> {
    pub fn new(items: Vec<T>, total: i64, page: PageRequest) -> Self {
        Self {
            items,
            total,
            limit: page.limit,
            offset: page.offset,
        }
    }
}

/// utoipa inlines a generic's argument: `Page<T>` carries `T`'s whole schema in `items`, so a
/// generated client gets one anonymous item type per page (utoipa issue #1586). Each item
/// schema moves to a component of its own, named as utoipa names the page (`Page_X` → `X`),
/// and the page refers to it.
pub fn name_page_items(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut moved = Vec::new();
    for (name, schema) in components.schemas.iter_mut() {
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        let RefOr::T(Schema::Object(page)) = schema else {
            continue;
        };
        let Some(RefOr::T(Schema::Array(list))) = page.properties.get_mut("items") else {
            continue;
        };
        let ArrayItems::RefOrSchema(inner) = &mut list.items else {
            continue;
        };
        if matches!(**inner, RefOr::Ref(_)) {
            continue;
        }
        let schema = std::mem::replace(&mut **inner, RefOr::Ref(Ref::from_schema_name(item)));
        moved.push((item.to_owned(), schema));
    }
    for (name, schema) in moved {
        components.schemas.entry(name).or_insert(schema);
    }
}
