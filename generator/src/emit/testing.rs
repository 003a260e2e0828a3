//! What the fake tenant of the `testing` feature answers by default: each operation's method,
//! full path template, status and spec example, one table per API; and the crate's `testing`
//! module that starts a tenant serving every compiled API.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Api, Example};

/// `src/generated/<api>/testing.rs`: the API's routes.
pub fn routes(api: &Api) -> TokenStream {
    let base_path = api.server.as_ref().map_or("", |server| server.base_path());
    let routes = api.operations.iter().map(|op| {
        let default = Example { status: 200, content_type: String::new(), body: String::new() };
        let Example { status, content_type, body } = op.success.example.as_ref().unwrap_or(&default);
        let (id, method, path) = (&op.id, &op.method, format!("{base_path}{}", op.path_template));
        quote! {
            crate::runtime::testing::Route { operation: #id, method: #method, path: #path, status: #status, content_type: #content_type, body: #body },
        }
    });
    let doc = format!(" What a fake tenant answers by default for each operation of the `{}` API: its spec example.", api.module);
    quote! {
        //! The fake tenant's default answers (the `testing` feature).

        #[doc = #doc]
        pub static ROUTES: &[crate::runtime::testing::Route] = &[#(#routes)*];
    }
}

/// The crate's `testing` module: a fake tenant serving every API compiled in.
pub fn crate_module(apis: &[Api], gate: &dyn Fn(&Api) -> TokenStream) -> TokenStream {
    let pushes = apis.iter().map(|api| {
        let (gate, module) = (gate(api), ident(&api.module));
        quote! { #gate routes.push(crate::#module::testing::ROUTES); }
    });
    quote! {
        /// A fake tenant for the tests of code that uses this client (the `testing` feature): a
        /// local server that answers every operation of the compiled APIs with its spec example,
        /// takes typed answers built from the very calls the code makes
        /// (`tenant.isc().sources().get_provisioning_policy_v1(id, usage).returns(policy)`),
        /// records what it was sent, and when strict fails the test on anything else. See
        /// [`FakeTenant`](crate::runtime::testing::FakeTenant).
        #[cfg(feature = "testing")]
        pub mod testing {
            pub use crate::runtime::testing::{Answer, Received, Reply, Route};

            /// A fake tenant whose client is this crate's [`Client`](crate::Client).
            pub type FakeTenant = crate::runtime::testing::FakeTenant<crate::Client>;

            /// Starts a fake tenant that answers every request: an answered call as registered,
            /// any other operation with its spec example.
            pub async fn start() -> FakeTenant {
                FakeTenant::start(&routes(), false).await
            }

            /// Starts a strict fake tenant: it serves only the answered calls, and fails the test
            /// (when dropped, or [verified](crate::runtime::testing::FakeTenant::verify)) naming
            /// each request it did not expect and each answer not used as said.
            pub async fn start_strict() -> FakeTenant {
                FakeTenant::start(&routes(), true).await
            }

            /// The routes of every API compiled in.
            #[allow(unused_mut, clippy::vec_init_then_push, reason = "each push is compiled only with its API's feature, and with none there is nothing to push")]
            fn routes() -> ::std::vec::Vec<&'static [Route]> {
                let mut routes = ::std::vec::Vec::new();
                #(#pushes)*
                routes
            }
        }
    }
}
