//! The way in to an API: its module root, with the server it is served from, and the handles
//! that group its operations (`client.isc()` -> `isc::Api`, `.sources()` -> `SourcesApi`).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{doc_lines, ident};
use crate::ir::{Api, Operation};
use crate::Options;

/// `src/generated/<api>/mod.rs`.
pub fn root_module(api: &Api, options: &Options, modules: &[(&str, Vec<&Operation>)], gate: &dyn Fn(&[String]) -> TokenStream) -> TokenStream {
    let contract = options.tag_features.then(|| {
        quote! {
            #[cfg(feature = "contract-cases")]
            #[doc(hidden)]
            pub mod contract;
            /// The fake tenant's default answers for this API's operations.
            #[cfg(feature = "testing")]
            pub mod testing;
        }
    });
    let server = server(api);
    let accessor = ident(&api.module);
    let title = &api.title;
    let api_doc = doc_lines(&format!(
        "{title}: its operations, one group per tag (`client.{}().{}()`).\n\nA handle that borrows the [`Client`](crate::Client); make one with [`Client::{}`](crate::Client::{}).",
        api.module,
        modules.first().map_or("tag", |(m, _)| m),
        api.module,
        api.module
    ));
    let accessor_doc = doc_lines(&format!("{title}: [`{}::Api`](crate::{}::Api), its operations grouped by tag.", api.module, api.module));
    let tags = modules.iter().map(|(module, ops)| {
        let handle = ident(&ops[0].handle);
        let doc = format!(" The `{}` operations ({}).", ops[0].tag, ops.len());
        let gate = gate(&[(*module).to_owned()]);
        let method = ident(module);
        quote! {
            #[doc = #doc]
            #gate
            #[inline]
            pub fn #method(self) -> apis::#handle<'a> {
                apis::#handle::new(self.client)
            }
        }
    });
    // An API without operations keeps the handle (its docs say what the document is), whose
    // client nothing reads.
    let field = if modules.is_empty() { quote!(_client) } else { quote!(client) };
    let filter_ops = super::filters::has_filters(api).then(|| {
        quote! {
            /// The operator sets of typed filter fields: which operators each field takes.
            pub mod filter_ops;
        }
    });
    quote! {
        pub mod apis;
        #contract
        mod error_body;
        #filter_ops
        pub mod models;
        pub use error_body::ErrorBody;
        #server

        #api_doc
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            #field: &'a crate::runtime::Client,
        }

        impl crate::Client {
            #accessor_doc
            pub fn #accessor(&self) -> Api<'_> {
                Api { #field: self }
            }
        }

        impl<'a> Api<'a> {
            #(#tags)*
        }
    }
}

/// The crate's `Client`: the runtime's client with one method per API (`client.isc()`). The
/// runtime is another crate, so the accessors need a type of this one; it dereferences to the
/// runtime's client for everything else.
pub fn client() -> TokenStream {
    quote! {
        /// The client of every API in this crate: each API is a method that gives its operations
        /// grouped by tag (`client.isc().sources()`). Cheap to clone: clones share one connection
        /// pool and one token cache per connection.
        ///
        /// It dereferences to the runtime's [`Client`](crate::runtime::Client), whose methods
        /// (generic calls, base URLs) it shares.
        #[derive(Debug, Clone)]
        pub struct Client(crate::runtime::Client);

        impl Client {
            /// A client for `config`.
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::runtime::Error::Config) when the base URL or tenant is invalid or the
            /// HTTP client cannot be built.
            pub fn new(config: crate::runtime::ClientConfig) -> crate::runtime::Result<Self> {
                crate::runtime::Client::new(config).map(Self)
            }

            /// A client configured from the environment and SailPoint's configuration files (see
            /// [`ClientConfig::from_env`](crate::runtime::ClientConfig::from_env)).
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::runtime::Error::Config) naming what is missing, or as [`Client::new`].
            pub fn from_env() -> crate::runtime::Result<Self> {
                crate::runtime::Client::from_env().map(Self)
            }

            /// This client with another request timeout, for the calls made through it.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.with_timeout(timeout))
            }

            /// This client with another retry policy, for the calls made through it.
            pub fn with_retry(&self, policy: crate::runtime::RetryPolicy) -> Self {
                Self(self.0.with_retry(policy))
            }

            /// This client sending (or not) the read-only properties of request bodies, for the
            /// calls made through it (see
            /// [`ClientConfig::send_read_only_properties`](crate::runtime::ClientConfig::send_read_only_properties)).
            pub fn with_read_only_properties(&self, send: bool) -> Self {
                Self(self.0.with_read_only_properties(send))
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = crate::runtime::Client;

            fn deref(&self) -> &crate::runtime::Client {
                &self.0
            }
        }

        impl ::std::convert::From<crate::runtime::Client> for Client {
            fn from(client: crate::runtime::Client) -> Self {
                Self(client)
            }
        }
    }
}

fn server(api: &Api) -> TokenStream {
    let name = &api.module;
    let connection = match &api.connection {
        Some(c) => quote!(::std::option::Option::Some(#c)),
        None => quote!(::std::option::Option::None),
    };
    let Some(server) = &api.server else {
        return quote! {
            /// The spec names no server: requests go to the base URL the client is given.
            pub static SERVER: crate::runtime::Server = crate::runtime::Server {
                api: #name, user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"), " (", #name, ")"), origin: "", base_path: "", variables: &[], connection: #connection,
            };
        };
    };
    let origin = server.origin();
    let base_path = server.base_path();
    let description = server.description.clone().unwrap_or_else(|| "The API server.".to_owned());
    let doc = doc_lines(&format!(
        "{description}\n\n`{}`: a tenant name fills the first placeholder of the host, and a base URL replaces the host.",
        server.url
    ));
    let names = server.variables.iter().map(|v| &v.name);
    let defaults = server.variables.iter().map(|v| &v.default);
    quote! {
        #doc
        pub static SERVER: crate::runtime::Server = crate::runtime::Server {
            api: #name,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"), " (", #name, ")"),
            origin: #origin,
            base_path: #base_path,
            variables: &[#((#names, #defaults)),*],
            connection: #connection,
        };
    }
}
