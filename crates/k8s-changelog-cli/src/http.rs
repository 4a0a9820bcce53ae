//! Reading HTTP answers with a size cap: `fetch` and the GitHub client never hold more than
//! they expect of a body, whatever a server sends.

use anyhow::{bail, Result};
use std::io::Read;

/// The body of `response`, refused once it grows past `limit` bytes (`what` says what the
/// body should have been: "a CHANGELOG", "an API page").
pub fn read_capped(response: ureq::Response, limit: u64, what: &str) -> Result<Vec<u8>> {
    read_capped_from(response.into_reader(), limit, what)
}

fn read_capped_from(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        bail!("the body is larger than {limit} bytes; not {what}");
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_up_to_the_limit_is_read_whole() {
        let body = read_capped_from(&b"0123456789"[..], 10, "a test").unwrap();
        assert_eq!(body, b"0123456789");
    }

    #[test]
    fn a_body_past_the_limit_is_refused() {
        let error = read_capped_from(&b"0123456789A"[..], 10, "a test").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the body is larger than 10 bytes; not a test"
        );
    }
}
