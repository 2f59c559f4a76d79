//! Chooses the build profile: `baton_compact` (the bare-metal code paths, smaller code) on
//! `target_os = "none"`, or anywhere with `RUSTFLAGS="--cfg baton_compact"` (how CI runs the
//! test suites on the host with the bare-metal paths). The crate's code switches on
//! `baton_compact` only; this is the one place the profile is chosen (see the crate docs,
//! "Build profiles"). rpc-model/build.rs is the same rule for baton-rpc.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("none") {
        println!("cargo::rustc-cfg=baton_compact");
    }
}
