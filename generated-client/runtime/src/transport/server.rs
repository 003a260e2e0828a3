//! Where an API is served, and how a connection's tenant or base URL turns into its base URL.

use std::borrow::Cow;

/// Where one API is served, as its document says (generated, one per API).
#[derive(Debug)]
pub struct Server {
    /// The API's module name (`isc`, `v3`).
    pub api: &'static str,
    /// The User-Agent its requests are sent with unless the caller gives one: the generated
    /// crate's name and version, and the API (`generated-client/0.1.0 (isc)`).
    pub user_agent: &'static str,
    /// Scheme and host of the document's first server URL, with `{variable}` placeholders
    /// (`https://{tenant}.api.identitynow.com`); empty when the document names no absolute URL.
    pub origin: &'static str,
    /// The path every operation path is appended to (`/v3`, `/api`; empty for none).
    pub base_path: &'static str,
    /// The URL's variables and their default values.
    pub variables: &'static [(&'static str, &'static str)],
    /// The connection its calls use when it is not the client's main one (`Some("nerm")`).
    pub connection: Option<&'static str>,
}

/// What a connection is told about where to send requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A tenant name, filled into the first placeholder of each API's host.
    Tenant(String),
    /// The tenant's API origin (`https://acme.api.identitynow.com`, as `SAIL_BASE_URL` holds
    /// it): each API's base path is appended unless the URL already ends with it.
    BaseUrl(String),
}

impl Target {
    /// Refuses a target no request could be sent to.
    pub(crate) fn validate(&self) -> Result<(), String> {
        match self {
            Target::Tenant(tenant) => {
                let valid = !tenant.is_empty() && tenant.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if valid { Ok(()) } else { Err(format!("tenant `{tenant}` is not a host name label (letters, digits, `-`)")) }
            }
            Target::BaseUrl(url) => {
                let parsed = reqwest::Url::parse(url).map_err(|e| format!("base URL `{url}`: {e}"))?;
                if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
                    return Err(format!("base URL `{url}` must be http(s) without query or fragment"));
                }
                Ok(())
            }
        }
    }

    /// The base URL of `server`'s API, which operation paths are appended to: the configured
    /// URL itself, not a copy, when it is that already (a base URL given whole).
    pub(crate) fn base_url(&self, server: &Server) -> Result<Cow<'_, str>, String> {
        match self {
            Target::Tenant(tenant) => {
                if server.origin.is_empty() {
                    return Err(format!("the `{}` API names no server for a tenant: give the client a base URL", server.api));
                }
                // Written in one pass, as this is done for every call.
                let mut url = String::with_capacity(server.origin.len() + tenant.len() + server.base_path.len());
                let mut tenant_variable = None;
                let mut rest = server.origin;
                while let Some((before, placeholder, after)) = split_placeholder(rest) {
                    url.push_str(before);
                    match server.variables.iter().find(|(name, _)| *name == placeholder) {
                        Some((name, default)) => url.push_str(if *tenant_variable.get_or_insert(name) == name { tenant } else { default }),
                        None => {
                            url.push('{');
                            url.push_str(placeholder);
                            url.push('}');
                        }
                    }
                    rest = after;
                }
                url.push_str(rest);
                url.push_str(server.base_path);
                Ok(Cow::Owned(url))
            }
            Target::BaseUrl(url) => {
                let url = url.trim_end_matches('/');
                if server.base_path.is_empty() || url.ends_with(server.base_path) {
                    Ok(Cow::Borrowed(url))
                } else {
                    Ok(Cow::Owned(format!("{url}{}", server.base_path)))
                }
            }
        }
    }
}

/// `text` around its first `{name}`: what comes before, the name, and what comes after.
fn split_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let (before, rest) = text.split_once('{')?;
    let (name, after) = rest.split_once('}')?;
    Some((before, name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: Server = Server {
        api: "v3",
        user_agent: "test/0 (test)",
        origin: "https://{tenant}.api.identitynow.com",
        base_path: "/v3",
        variables: &[("tenant", "sailpoint")],
        connection: None,
    };
    const NERM: Server = Server {
        api: "nerm",
        user_agent: "test/0 (test)",
        origin: "https://{tenantName}.nonemployee.com",
        base_path: "/api",
        variables: &[("tenantName", "acmeco")],
        connection: Some("nerm"),
    };

    #[test]
    fn a_tenant_fills_the_first_placeholder_of_the_host() {
        assert_eq!(Target::Tenant("acme".into()).base_url(&V3).as_deref(), Ok("https://acme.api.identitynow.com/v3"));
        assert_eq!(Target::Tenant("acme".into()).base_url(&NERM).as_deref(), Ok("https://acme.nonemployee.com/api"));
        let regional = Server {
            origin: "https://{region}.{tenant}.example.com/{region}/{unknown}",
            variables: &[("tenant", "t"), ("region", "eu")],
            ..V3
        };
        assert_eq!(Target::Tenant("acme".into()).base_url(&regional).as_deref(), Ok("https://acme.t.example.com/acme/{unknown}/v3"));
    }

    #[test]
    fn a_base_url_gets_the_base_path_once() {
        let origin = Target::BaseUrl("https://acme.api.identitynow.com/".into());
        assert_eq!(origin.base_url(&V3).as_deref(), Ok("https://acme.api.identitynow.com/v3"));
        let with_path = Target::BaseUrl("http://127.0.0.1:9/v3".into());
        assert_eq!(with_path.base_url(&V3).as_deref(), Ok("http://127.0.0.1:9/v3"));
    }
}
