//! JSON pointers (RFC 6901), the one way every error and reference names a place in a document.

/// Escapes one reference token: `~` -> `~0`, `/` -> `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token: `~1` -> `/`, then `~0` -> `~` (in that order, so `~01` is `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `base` with the escaped `tokens` appended.
pub fn join(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&escape(token));
    }
    out
}

/// The unescaped tokens of `pointer` (`/paths/~1sources/get` -> `paths`, `/sources`, `get`).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(unescape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_escaping() {
        let at = join("/paths", &["/sources/{id}", "a~b"]);
        assert_eq!(at, "/paths/~1sources~1{id}/a~0b");
        assert_eq!(
            tokens(&at).collect::<Vec<_>>(),
            ["paths", "/sources/{id}", "a~b"]
        );
        assert_eq!(unescape("~01"), "~1");
    }
}
