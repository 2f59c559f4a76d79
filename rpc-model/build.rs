//! Chooses the build profile, by the same rule as xmlrpc-codec/build.rs: `baton_compact`
//! (the bare-metal code paths, smaller code) on `target_os = "none"`, or anywhere with
//! `RUSTFLAGS="--cfg baton_compact"`. The crate's code switches on `baton_compact` only (see
//! baton-xmlrpc's crate docs, "Build profiles").

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("none") {
        println!("cargo::rustc-cfg=baton_compact");
    }
}
