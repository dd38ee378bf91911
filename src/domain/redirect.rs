//! Where a page may send the browser next (`?next=` after login, after a language switch):
//! a path on this site only, never another site, written so that it is a valid header value.

/// The longest `next` accepted; longer ones fall back to the default page.
pub const MAX_NEXT_BYTES: usize = 512;

/// `next` as a local path ready for a `Location` header, or `None` when it is not one.
///
/// Refused: anything not starting with one `/` (`//evil.example` and `/\evil.example` are
/// other sites to a browser), any backslash, and every control character — browsers drop
/// tabs and line breaks from URLs, so `/\t/evil.example` would become `//evil.example`.
/// Kept: everything else, with non-ASCII characters and the few ASCII ones that a URL may
/// not carry raw percent-encoded (`/é` → `/%C3%A9`), because a raw UTF-8 byte is not a
/// valid header value (browsers guess, proxies may refuse the response).
pub fn local_path(next: &str) -> Option<String> {
    let ok = next.len() <= MAX_NEXT_BYTES
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if !ok {
        return None;
    }
    let mut out = String::with_capacity(next.len());
    for b in next.bytes() {
        if b.is_ascii_graphic()
            && !matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn local_paths_pass_other_sites_do_not() {
        assert_eq!(local_path("/account").as_deref(), Some("/account"));
        assert_eq!(
            local_path("/?q=a&page=2#list").as_deref(),
            Some("/?q=a&page=2#list")
        );
        for bad in [
            "",
            "account",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/a\\b",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/a\u{7f}",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(600))), None);
    }

    #[test]
    fn non_ascii_is_percent_encoded_into_a_valid_header_value() {
        assert_eq!(local_path("/é").as_deref(), Some("/%C3%A9"));
        assert_eq!(local_path("/😀").as_deref(), Some("/%F0%9F%98%80"));
        assert_eq!(
            local_path("/?q=rác thải").as_deref(),
            Some("/?q=r%C3%A1c%20th%E1%BA%A3i")
        );
        // Already encoded text stays as it is.
        assert_eq!(local_path("/?q=%C3%A9").as_deref(), Some("/?q=%C3%A9"));
        for p in ["/é", "/😀", "/a b", "/\"<x>\""] {
            let v = local_path(p).unwrap();
            assert!(v.bytes().all(|b| b.is_ascii_graphic()), "{v}");
        }
    }
}
