//! baton-tokio
#![deny(unsafe_code)]
