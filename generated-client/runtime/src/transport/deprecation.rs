//! What a server says about an operation's retirement, in any of the three ways servers say it:
//! SailPoint's `X-Deprecated: true`, `Deprecation` (RFC 9745) and `Sunset` (RFC 8594).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName};

/// A response's signal that its operation is deprecated or going away (see
/// [`ApiResponse::deprecation`](crate::ApiResponse::deprecation)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deprecation {
    /// When the operation was, or will be, deprecated (`Deprecation: @1782777600`); `None` when
    /// the server gave no date (`X-Deprecated: true`, or a `Deprecation` without one).
    pub since: Option<SystemTime>,
    /// When the operation stops working (`Sunset: Wed, 31 Jan 2029 00:00:00 GMT`).
    pub sunset: Option<SystemTime>,
    /// Where the server says more (`Link: <...>; rel="deprecation"` or `rel="sunset"`).
    pub links: Vec<String>,
}

// Names made once, at compile time: a name given as text is parsed on every lookup, and these
// are looked up in every response.
const X_DEPRECATED: HeaderName = HeaderName::from_static("x-deprecated");
const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");
const SUNSET: HeaderName = HeaderName::from_static("sunset");

impl Deprecation {
    /// Reads the signal from response headers; `None` when none of them says anything.
    ///
    /// A `Deprecation` whose value is not a date (an early draft's `true`) still deprecates;
    /// `X-Deprecated` other than `true` and a `Sunset` that is not a date are ignored, as a
    /// value nobody can read is not a date to warn about.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let text = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let flagged = text(&X_DEPRECATED).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let deprecation = text(&DEPRECATION).filter(|v| !v.eq_ignore_ascii_case("false"));
        let sunset = text(&SUNSET).and_then(|v| httpdate::parse_http_date(v).ok());
        if !flagged && deprecation.is_none() && sunset.is_none() {
            return None;
        }
        let since = deprecation.and_then(parse_deprecation_date);
        let links = headers.get_all(http::header::LINK).iter().filter_map(|v| v.to_str().ok()).flat_map(retirement_links).collect();
        Some(Deprecation { since, sunset, links })
    }
}

impl fmt::Display for Deprecation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.since {
            Some(since) => write!(f, "deprecated as of {}", httpdate::fmt_http_date(since))?,
            None => f.write_str("deprecated")?,
        }
        if let Some(sunset) = self.sunset {
            write!(f, ", stops working {}", httpdate::fmt_http_date(sunset))?;
        }
        for link in &self.links {
            write!(f, ", see {link}")?;
        }
        Ok(())
    }
}

/// RFC 9745's structured-field date (`@1782777600`, seconds since 1970), or an HTTP date as
/// drafts before it used.
fn parse_deprecation_date(value: &str) -> Option<SystemTime> {
    match value.strip_prefix('@') {
        Some(seconds) => {
            let seconds: i64 = seconds.parse().ok()?;
            let offset = Duration::from_secs(seconds.unsigned_abs());
            if seconds >= 0 { UNIX_EPOCH.checked_add(offset) } else { UNIX_EPOCH.checked_sub(offset) }
        }
        None => httpdate::parse_http_date(value).ok(),
    }
}

/// The targets of one `Link` header value whose relation is `deprecation` or `sunset`.
fn retirement_links(value: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|at| open + at) else { break };
        let target = &rest[open + 1..close];
        let params_end = rest[close..].find('<').map_or(rest.len(), |at| close + at);
        let params = &rest[close + 1..params_end];
        let retirement = params.split(';').filter_map(|p| p.split_once('=')).any(|(name, relations)| {
            name.trim().eq_ignore_ascii_case("rel")
                && relations.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("deprecation") || r.eq_ignore_ascii_case("sunset"))
        });
        if retirement {
            links.push(target.to_owned());
        }
        rest = &rest[params_end..];
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = value.parse() {
                headers.append(*name, value);
            }
        }
        headers
    }

    fn at(seconds: u64) -> Option<SystemTime> {
        UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
    }

    #[test]
    fn every_header_that_says_it_is_read() {
        assert_eq!(Deprecation::from_headers(&headers(&[("x-deprecated", "true")])), Some(Deprecation { since: None, sunset: None, links: vec![] }));
        let rfc = Deprecation::from_headers(&headers(&[
            ("deprecation", "@1782777600"),
            ("sunset", "Wed, 31 Jan 2029 00:00:00 GMT"),
            ("link", "<https://example.com/next>; rel=\"successor-version\", <https://developer.sailpoint.com/v3>; rel=\"deprecation\"; type=\"text/html\""),
        ]));
        assert_eq!(rfc, Some(Deprecation { since: at(1_782_777_600), sunset: at(1_864_512_000), links: vec!["https://developer.sailpoint.com/v3".into()] }));
        let sunset_only = Deprecation::from_headers(&headers(&[("sunset", "Wed, 31 Jan 2029 00:00:00 GMT"), ("link", "<https://a.example/s>;rel=sunset")]));
        assert_eq!(sunset_only.map(|d| (d.since, d.sunset, d.links)), Some((None, at(1_864_512_000), vec!["https://a.example/s".into()])));
        let draft = Deprecation::from_headers(&headers(&[("deprecation", "Sun, 11 Nov 2018 23:59:59 GMT")]));
        assert_eq!(draft.and_then(|d| d.since), at(1_541_980_799));
    }

    #[test]
    fn nothing_or_nonsense_is_no_signal() {
        assert_eq!(Deprecation::from_headers(&HeaderMap::new()), None);
        assert_eq!(Deprecation::from_headers(&headers(&[("x-deprecated", "false"), ("sunset", "soon"), ("deprecation", "false")])), None);
        assert_eq!(Deprecation::from_headers(&headers(&[("deprecation", "true")])).map(|d| d.since), Some(None));
    }

    #[test]
    fn it_reads_as_a_sentence() {
        let deprecation = Deprecation { since: at(1_541_980_799), sunset: at(1_864_512_000), links: vec!["https://x.example".into()] };
        assert_eq!(deprecation.to_string(), "deprecated as of Sun, 11 Nov 2018 23:59:59 GMT, stops working Wed, 31 Jan 2029 00:00:00 GMT, see https://x.example");
    }
}
