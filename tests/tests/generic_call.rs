//! A call to any method and path, for an endpoint the spec lacks: it goes to the API's base URL
//! with the client's credentials, retries, hooks and lenient decoding, and returns JSON or the
//! caller's type.

use std::sync::atomic::{AtomicUsize, Ordering};

use generated_client::runtime::{PausedClock, Repair};
use generated_client::{isc, v3, Client, ClientConfig, Error};
use http::Method;
use serde_json::{json, Value};
use tests::header;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server_answering(respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(respond).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("t0ken").clock(PausedClock::new());
    Client::new(config).unwrap_or_else(|e| panic!("{e}"))
}

async fn sent(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_generic_get_reaches_the_apis_base_url_with_credentials_and_encoded_values() {
    let server = server_answering(|_| ResponseTemplate::new(200).set_body_json(json!({"widgets": [1, 2]}))).await;
    let client = client(&server);
    let body: Value = client
        .request(&v3::SERVER, Method::GET, "/beta/widgets/{id}")
        .path_param("id", "a b/c")
        .query("filters", "name eq \"x&y\"")
        .header("X-Trace", "42")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body, json!({"widgets": [1, 2]}));
    let request = &sent(&server).await[0];
    assert_eq!(request.url.path(), "/v3/beta/widgets/a%20b%2Fc");
    assert_eq!(request.url.query(), Some("filters=name%20eq%20%22x%26y%22"));
    assert_eq!(header(request, "authorization"), Some("Bearer t0ken"));
    assert_eq!(header(request, "x-trace"), Some("42"));
    assert!(header(request, "user-agent").is_some_and(|agent| agent.ends_with("(v3)")));
}

#[derive(Debug, serde::Deserialize)]
struct Widget {
    name: String,
    size: Option<i64>,
}

#[tokio::test]
async fn a_generic_call_is_retried_and_decoded_leniently_into_the_callers_type() {
    let calls = AtomicUsize::new(0);
    let server = server_answering(move |_| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => ResponseTemplate::new(503),
        _ => ResponseTemplate::new(200).set_body_json(json!({"name": "w", "size": "large"})),
    })
    .await;
    let client = client(&server);
    let response = client.request(&isc::SERVER, Method::GET, "/widgets/v1/w").send::<Widget>().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((response.value.name.as_str(), response.value.size), ("w", None));
    assert_eq!(response.deviations.len(), 1);
    assert_eq!(response.deviations[0].path, "/size");
    assert_eq!(response.deviations[0].repair, Repair::Dropped(json!("large")), "the value is kept in the report");
    assert_eq!(sent(&server).await.len(), 2, "the 503 was retried");
}

#[tokio::test]
async fn a_generic_post_sends_json_and_its_errors_keep_status_and_body() {
    let server = server_answering(|request: &Request| match request.method.as_str() {
        "POST" => ResponseTemplate::new(400).set_body_json(json!({"detailCode": "400.1 Bad request content"})),
        _ => ResponseTemplate::new(204),
    })
    .await;
    let client = client(&server);
    let error = client
        .request(&isc::SERVER, Method::POST, "/widgets/v1")
        .operation_id("createWidget")
        .json_body(&json!({"name": "w"}))
        .await
        .err();
    let Some(Error::Api(api)) = error else { panic!("{error:?}") };
    assert_eq!((api.operation, api.status.as_u16()), ("createWidget", 400));
    assert!(api.text().contains("400.1 Bad request content"));
    let request = &sent(&server).await[0];
    assert_eq!(request.body, br#"{"name":"w"}"#);
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(sent(&server).await.len(), 1, "a 400 is not retried");

    let deleted = client.request(&isc::SERVER, Method::DELETE, "/widgets/v1/w").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(deleted, Value::Null, "204: no body");
}

#[tokio::test]
async fn a_placeholder_left_unfilled_or_a_bad_segment_sends_nothing() {
    let server = server_answering(|_| ResponseTemplate::new(200)).await;
    let client = client(&server);
    let unfilled = client.request(&isc::SERVER, Method::GET, "/widgets/v1/{id}").await.err();
    assert!(matches!(&unfilled, Some(Error::InvalidParameter { reason, .. }) if reason.contains("/widgets/v1/{id}")), "{unfilled:?}");
    let dots = client.request(&isc::SERVER, Method::GET, "/widgets/v1/{id}").path_param("id", "..").await.err();
    assert!(matches!(&dots, Some(Error::InvalidParameter { name: "id", .. })), "{dots:?}");
    let missing = client.request(&isc::SERVER, Method::GET, "/widgets/v1").path_param("id", "x").await.err();
    assert!(matches!(&missing, Some(Error::InvalidParameter { name: "id", .. })), "{missing:?}");
    assert!(sent(&server).await.is_empty());
}
