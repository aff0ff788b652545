use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::Error;

/// Everything but RFC 3986 "unreserved" characters is escaped, so a value can
/// never introduce a `/`, `?`, `#` or an already-escaped sequence into a path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes one path parameter as exactly one path segment.
///
/// `.` and `..` (and the empty string) are refused rather than encoded: URL
/// parsers treat `%2E%2E` as `..` and would move the request to another path.
pub(crate) fn path_segment<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(value: &str) -> Result<String, Error<()>> {
        path_segment("id", value)
    }

    #[test]
    fn segments_cannot_escape() {
        assert_eq!(seg("org_123").unwrap(), "org_123");
        assert_eq!(seg("a/../b").unwrap(), "a%2F..%2Fb");
        assert_eq!(seg("a?b#c").unwrap(), "a%3Fb%23c");
        assert_eq!(seg("%2F").unwrap(), "%252F");
        assert_eq!(seg("é ").unwrap(), "%C3%A9%20");
        assert!(seg("..").is_err());
        assert!(seg(".").is_err());
        assert!(seg("").is_err());
    }
}
