//! Segmentation exactness on the shipped sets: the development set the rules were tuned on and
//! the held-out set written for measuring only (analysis/data/segment_*.txt). Printed for the
//! record with the misses. The held-out bound is what the rules reached on the set's one run
//! (156/160 = 97.5%, see the set's header), below the 98% issue 16 asks for: the gap is
//! reported, not tuned away.

use planner_analysis::segeval::{dev_cases, exactness, holdout_cases, Exactness};

fn report(name: &str, e: &Exactness) {
    eprintln!(
        "{name}: {}/{} exact ({:.1}%)",
        e.exact,
        e.n,
        100.0 * e.ratio()
    );
    for (lang, (n, exact)) in &e.per_language {
        eprintln!("    {lang}: {exact}/{n}");
    }
    for miss in &e.misses {
        eprintln!("    miss: {miss}");
    }
}

#[test]
fn development_set_is_split_almost_exactly() {
    let e = exactness(&dev_cases());
    report("dev", &e);
    assert!(e.ratio() >= 0.98, "dev exactness {:.3}", e.ratio());
}

#[test]
fn held_out_set_is_split_exactly_in_at_least_97_percent_of_texts() {
    let e = exactness(&holdout_cases());
    report("held-out", &e);
    assert!(e.n >= 150);
    assert!(e.ratio() >= 0.97, "held-out exactness {:.3}", e.ratio());
}
