//! What a test returns, and the checks that build a failure.

use core::fmt;

/// A test's result.
pub type Outcome = Result<(), Failure>;

/// Where a test failed (what was seen is printed when the failure is made).
pub struct Failure {
    at: &'static core::panic::Location<'static>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.at.file(), self.at.line())
    }
}

/// A failure at the caller; prints `args` (what was seen) on the semihosting console.
#[track_caller]
pub fn fail(args: fmt::Arguments<'_>) -> Failure {
    let at = core::panic::Location::caller();
    cortex_m_semihosting::hprintln!("     {}:{}: {}", at.file(), at.line(), args);
    Failure { at }
}

/// `ensure!(cond, "format", args..)`: fails the test unless `cond`.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err($crate::check::fail(format_args!($($fmt)+)));
        }
    };
}

/// `ensure_eq!(left, right, "context", args..)`: fails the test unless `left == right`,
/// showing both.
#[macro_export]
macro_rules! ensure_eq {
    ($left:expr, $right:expr $(,)?) => {
        $crate::ensure_eq!($left, $right, "values differ")
    };
    ($left:expr, $right:expr, $($fmt:tt)+) => {
        match (&$left, &$right) {
            (l, r) => {
                if !(*l == *r) {
                    return Err($crate::check::fail(format_args!(
                        "{}: left {:?}, right {:?}",
                        format_args!($($fmt)+),
                        l,
                        r
                    )));
                }
            }
        }
    };
}

/// `Ok(v)` or the test fails with the error shown.
#[macro_export]
macro_rules! must {
    ($result:expr) => {
        match $result {
            Ok(v) => v,
            Err(e) => {
                return Err($crate::check::fail(format_args!(
                    "{} failed: {:?}",
                    stringify!($result),
                    e
                )))
            }
        }
    };
}
