//! `q` over more rows than a text search counts: a word in a thousand rows reports "1000 or
//! more", a rare word its exact total, on each of the ways the list answers a search (the
//! text index's few rows, a walk of the list in order, the index for a common non-ASCII word).

use crate::helpers::{admin_json, spawn_app, TestApp};
use serde_json::{json, Value};

/// `count` submissions in `slug` saying `text` (numbered), one a minute from `minute`; written
/// as an operator would, in SQL (a recursive count works on both backends).
fn seed(app: &TestApp, slug: &str, text: &str, count: u32, minute: u32) {
    // One timestamp per row, so newest-first order is the order of writing.
    let at = if app.on_postgres() {
        format!("TIMESTAMP '2026-03-01 00:00:00' + (n.i + {minute}) * INTERVAL '1 minute'")
    } else {
        format!("datetime('2026-03-01 00:00:00', '+' || (n.i + {minute}) || ' minutes')")
    };
    app.sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) \
         INSERT INTO submissions (process_id, token_id, contributor_type, text, status, \
         entered_by_admin, created_at, updated_at) \
         SELECT p.id, t.id, 'community', '{text} ' || n.i, 'visible', FALSE, {at}, {at} \
         FROM n, processes p JOIN tokens t ON t.process_id = p.id WHERE p.slug = '{slug}';"
    ));
}

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn a_text_search_counts_exactly_up_to_a_thousand_then_says_or_more() {
    let app = spawn_app().await;
    for slug in ["p1", "p2"] {
        app.create_process(slug, json!({})).await;
        app.issue_tokens(slug, 1, "community").await;
    }
    seed(&app, "p1", "More trees by the river", 1005, 0);
    seed(&app, "p1", "A heliport on the roof", 12, 2000);
    seed(&app, "p1", "ÄPFEL am Markt", 1003, 3000);
    // Common in the table, rare in p1: the count must still be exact for p1.
    seed(&app, "p2", "Lanterns on the pier", 1100, 5000);
    seed(&app, "p1", "Lanterns by the school", 3, 7000);

    let list = "/api/v1/processes/p1/submissions?limit=50";
    for (q, total, lower_bound, says) in [
        ("river", 1000, true, "river"),
        ("HELIPORT", 12, false, "heliport"),
        ("lantern", 3, false, "lantern"),
        ("äpfel", 1000, true, "äpfel"),
        ("xyzzy", 0, false, ""),
    ] {
        let page = admin_json(&app, &format!("{list}&q={q}")).await;
        assert_eq!(page["total"], total, "q={q}: {page}");
        assert_eq!(page["total_is_lower_bound"], lower_bound, "q={q}");
        let found = texts(&page);
        assert_eq!(found.len(), (total as usize).min(50), "q={q}");
        assert!(
            found.iter().all(|t| t.to_lowercase().contains(says)),
            "q={q}: {found:?}"
        );
    }

    // Newest first, and the cursor walks on past the counted thousand.
    let first = admin_json(&app, &format!("{list}&q=river")).await;
    assert_eq!(texts(&first)[0], "More trees by the river 1005");
    let mut seen = texts(&first).len();
    let mut page = first;
    while let Some(cursor) = page["next_cursor"].as_str() {
        page = admin_json(&app, &format!("{list}&q=river&after={cursor}")).await;
        assert!(texts(&page).iter().all(|t| t.contains("river")));
        seen += texts(&page).len();
    }
    assert_eq!(seen, 1005, "every match can be paged to");

    // Without `q` the total is exact, however large.
    let all = admin_json(&app, list).await;
    assert_eq!(all["total"], 1005 + 12 + 1003 + 3);
    assert_eq!(all["total_is_lower_bound"], false);

    // Filters narrow a counted search too.
    let heliports = admin_json(&app, &format!("{list}&q=heliport&status=flagged")).await;
    assert_eq!(heliports["total"], 0);
}
