//! The mps2 board's memory map for cortex-m-rt's `link.x` (the STM32 build
//! gets its `memory.x` from embassy-stm32's `memory-x` feature).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/bin/mps2/memory.x");
    if std::env::var_os("CARGO_FEATURE_MPS2").is_some() {
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
        std::fs::copy("src/bin/mps2/memory.x", out.join("memory.x")).expect("copy memory.x");
        println!("cargo:rustc-link-search={}", out.display());
    }
}
