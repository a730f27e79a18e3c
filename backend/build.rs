//! The migrations are embedded at compile time (`db::setup`); a new migration directory must
//! rebuild the crate even when no Rust file changed.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
