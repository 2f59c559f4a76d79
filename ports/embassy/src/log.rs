//! Logging macros: `defmt` when the `defmt` feature is on, nothing (and no
//! formatting code) otherwise.

macro_rules! debug {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {{
        #[cfg(feature = "defmt")]
        defmt::debug!($fmt $(, $arg)*);
        #[cfg(not(feature = "defmt"))]
        { $( let _ = &$arg; )* }
    }};
}

macro_rules! warn {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {{
        #[cfg(feature = "defmt")]
        defmt::warn!($fmt $(, $arg)*);
        #[cfg(not(feature = "defmt"))]
        { $( let _ = &$arg; )* }
    }};
}
