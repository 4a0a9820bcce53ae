//! See tests/browser.rs.
