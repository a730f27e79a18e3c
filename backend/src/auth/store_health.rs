//! Whether the session store failed during the request being served: the store records it,
//! the gate and the outer header layer read it (a failed store means 503, never a guess).

tokio::task_local! {
    /// Set by the session store when it could not load or save a session during this request.
    static STORE_FAILED: std::cell::Cell<bool>;
}

/// Records that the session store failed for the request being served (see
/// `http::headers::security_headers`); outside a request it does nothing.
pub fn mark_store_failed() {
    let _ = STORE_FAILED.try_with(|f| f.set(true));
}

/// Whether the session store failed earlier in this request.
pub fn store_failed() -> bool {
    STORE_FAILED.try_with(|f| f.get()).unwrap_or(false)
}

/// Runs one request's work with a fresh record, and says whether the store failed during it.
pub async fn watch<F: std::future::Future>(work: F) -> (F::Output, bool) {
    STORE_FAILED
        .scope(std::cell::Cell::new(false), async move {
            let out = work.await;
            (out, store_failed())
        })
        .await
}
