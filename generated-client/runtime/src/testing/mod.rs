//! A fake tenant for the tests of code that automates SailPoint (the `testing` feature): a
//! local HTTP server that answers every operation of every compiled API with its spec example,
//! takes answers built from the very calls the code makes, records what it was sent, and, when
//! strict, fails the test on any request it was not told to expect.
//!
//! The generated crate starts one in a line (`generated_client::testing::start().await`); a
//! test then talks to it through its client, which needs no token server:
//!
//! ```ignore
//! let tenant = generated_client::testing::start_strict().await;
//! tenant.isc().sources().get_provisioning_policy_v1(SOURCE, UsageType::Create).returns(policy);
//! my_automation(&tenant).await?;                  // the code under test, given a `&Client`
//! let sent = tenant.received_for("putProvisioningPolicyV1");
//! ```

mod answer;
mod route;
pub(crate) mod state;

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::transport::client::Client;
use crate::config::{ClientConfig, Connection};

pub use answer::{Answer, Reply};
pub use route::Route;
pub use state::Received;
pub(crate) use state::Shared;

/// A fake tenant: a local server answering as SailPoint's APIs would, and a client `C` pointed
/// at it (the generated crate's `Client`; the tenant dereferences to it: `tenant.isc().sources()...`).
///
/// - **Defaults.** A request no answer was registered for gets the operation's spec example (the
///   one the contract tests decode), found by method and path template; a path no operation is
///   served at gets a 404.
/// - **Answers.** `tenant.isc().sources().get_provisioning_policy_v1(id, usage).returns(policy)`
///   answers that call, with that path (its parameters as given) and at least its query
///   parameters, with a typed body; [`Call::answer`](crate::Call::answer) sets a status,
///   headers or a count. The answer registered last wins.
/// - **Records.** Every request is kept, with the operation it called: [`FakeTenant::received`].
/// - **Verified** when dropped or [verified](FakeTenant::verify): an answer given a
///   [`times`](Answer::times) count that did not answer that many requests fails the test.
/// - **Strict** ([`FakeTenant::start`] with `strict`): only answered calls are served; anything
///   else gets a 501 and fails the test, named, as does an answer never used.
/// - **Credentials.** The client sends a fixed bearer token; the tenant also serves
///   `POST /oauth/token`, so a client of [`FakeTenant::config`] with client credentials works.
pub struct FakeTenant<C = Client> {
    server: MockServer,
    shared: Arc<Shared>,
    client: C,
}

impl<C: From<Client>> FakeTenant<C> {
    /// Starts a fake tenant serving `routes` (each compiled API's `testing::ROUTES`); `strict`
    /// refuses every request no answer was registered for.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start(routes: &[&'static [Route]], strict: bool) -> Self {
        let server = MockServer::start().await;
        let shared = Arc::new(Shared::new(routes, strict));
        Mock::given(any()).respond_with(state::Responder(Arc::clone(&shared))).mount(&server).await;
        let config = config_for(&server.uri(), &shared);
        let client = match Client::new(config) {
            Ok(client) => client,
            Err(error) => fail(&format!("the fake tenant's client could not be built: {error}")),
        };
        FakeTenant { server, shared, client: C::from(client) }
    }
}

impl<C> FakeTenant<C> {
    /// The tenant's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A configuration for a client of this tenant, every API pointed at it with its bearer
    /// token and experimental operations on, to change before building the client (a retry
    /// policy, `client_credentials` to go through its token endpoint). Calls made through such
    /// a client can register answers too.
    pub fn config(&self) -> ClientConfig {
        config_for(&self.uri(), &self.shared)
    }

    /// The tenant's own client (also reached through `Deref`).
    pub fn client(&self) -> &C {
        &self.client
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received()
    }

    /// The requests received so far for operation `operation` (its spec operationId).
    pub fn received_for(&self, operation: &str) -> Vec<Received> {
        self.received().into_iter().filter(|received| received.operation == Some(operation)).collect()
    }

    /// What verification fails for, one line each: unexpected requests (strict), answers used
    /// other than their count says, and (strict) answers never used. Empty when all is well.
    pub fn unmet(&self) -> Vec<String> {
        self.shared.unmet()
    }

    /// Fails the test, naming each request and answer, when [`FakeTenant::unmet`] is not empty.
    /// Dropping the tenant verifies it too.
    ///
    /// # Panics
    ///
    /// When something is unmet: that is how it fails the test.
    pub fn verify(&self) {
        let unmet = self.unmet();
        if !unmet.is_empty() {
            fail(&format!("the fake tenant's expectations were not met:\n- {}", unmet.join("\n- ")));
        }
    }
}

impl<C> Deref for FakeTenant<C> {
    type Target = C;

    fn deref(&self) -> &C {
        &self.client
    }
}

impl<C> fmt::Debug for FakeTenant<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeTenant").field("uri", &self.uri()).field("strict", &self.shared.strict).finish_non_exhaustive()
    }
}

impl<C> Drop for FakeTenant<C> {
    fn drop(&mut self) {
        // A test already failing says why itself; a second panic would abort it.
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

fn config_for(uri: &str, shared: &Arc<Shared>) -> ClientConfig {
    let mut config = ClientConfig::with_base_url(uri)
        .bearer_token(state::TOKEN)
        .connection("nerm", Connection::with_base_url(uri).bearer_token(state::TOKEN))
        .experimental(true);
    config.extensions.fake_tenant = Some(Arc::clone(shared));
    config
}

/// Fails the test: a fake tenant's unmet expectation, or an answer that cannot be registered.
#[allow(clippy::panic, reason = "test support: a failed expectation fails the test, as assert! does")]
#[track_caller]
fn fail(message: &str) -> ! {
    panic!("{message}")
}
