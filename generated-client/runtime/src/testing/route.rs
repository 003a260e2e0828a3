//! What a fake tenant answers by default: each operation's spec example, found by method and
//! path template.

/// One operation as the fake tenant serves it by default: its spec example. Generated for every
/// operation of every API (`isc::testing::ROUTES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The spec's operationId.
    pub operation: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template below the host, the API's base path included
    /// (`/v3/sources/{id}`).
    pub path: &'static str,
    /// The status answered: the first success status the spec declares.
    pub status: u16,
    /// The `Content-Type` of the body; empty when there is none.
    pub content_type: &'static str,
    /// The body: the spec's first example of the success response, or one built from its
    /// properties' examples as SailPoint's docs pages show it.
    pub body: &'static str,
}

impl Route {
    /// Whether `path` (as sent, percent-encoded) fills this route's template: the same literal
    /// segments, and something in each parameter's.
    pub(super) fn matches(&self, method: &str, path: &str) -> bool {
        if self.method != method {
            return false;
        }
        let mut template = self.path.split('/');
        let mut sent = path.split('/');
        loop {
            match (template.next(), sent.next()) {
                (None, None) => return true,
                (Some(part), Some(value)) if is_parameter(part) => {
                    if value.is_empty() {
                        return false;
                    }
                }
                (Some(part), Some(value)) if part == value => {}
                _ => return false,
            }
        }
    }

    /// How many of the template's segments are literal: of two templates a path fills, the one
    /// with more (`/sources/{id}/schemas` over `/sources/{id}/{kind}`) is the path's operation.
    pub(super) fn literal_segments(&self) -> usize {
        self.path.split('/').filter(|part| !is_parameter(part)).count()
    }
}

/// Whether a template segment is a parameter (`{id}`); a segment that mixes text and a
/// parameter (`{id}.json`) is matched as text would be, by the whole segment.
fn is_parameter(part: &str) -> bool {
    part.starts_with('{') && part.ends_with('}') && part.matches('{').count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTE: Route = Route { operation: "getSource", method: "GET", path: "/v3/sources/{id}", status: 200, content_type: "application/json", body: "{}" };

    #[test]
    fn a_path_fills_a_template_segment_by_segment() {
        assert!(ROUTE.matches("GET", "/v3/sources/2c91"));
        assert!(ROUTE.matches("GET", "/v3/sources/a%2Fb"));
        assert!(!ROUTE.matches("PUT", "/v3/sources/2c91"));
        assert!(!ROUTE.matches("GET", "/v3/sources/"));
        assert!(!ROUTE.matches("GET", "/v3/sources/2c91/schemas"));
        assert!(!ROUTE.matches("GET", "/v3/source/2c91"));
        assert_eq!(ROUTE.literal_segments(), 3);
    }
}
