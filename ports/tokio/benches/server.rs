//! Placeholder until the server benchmark lands.
fn main() {}
