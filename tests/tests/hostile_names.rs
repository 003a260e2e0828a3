//! Clients generated from the hostile-name specs (`tests/fixtures/hostile-names/`, compiled as
//! `tests/corpus-client`) do what their specs say over real HTTP: a parameter called `request`
//! or `page` is sent as itself, renamed methods call their own operations, and error bodies of
//! different shapes decode into their own variants.

use corpus_client::runtime::RetryPolicy;
use corpus_client::{Client, ClientConfig, Error};
use futures_util::StreamExt as _;
use serde_json::json;
use wiremock::matchers::{any, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).retry(RetryPolicy::none())).unwrap_or_else(|e| panic!("{e}"))
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn parameters_named_like_the_methods_locals_are_sent_as_themselves() {
    use corpus_client::hostile_runtime_names_parameters::{apis::XOptions, models::Thing};
    let server = tests::server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": "t1"}]))).await;
    let client = client(&server);
    let options = XOptions { self_: Some("me".into()), options_: Some("o_".into()), limit: Some("5".into()), offset: None };
    let body = [Thing { id: Some("sent".into()), ..Thing::default() }];
    let things = client
        .hostile_runtime_names_parameters()
        .things()
        .x("a/b", "o", "b", "r", "v", "i", "api", "p", "s", &body, &options)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(things[0].id.as_deref(), Some("t1"));
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.path(), "/x/a%2Fb");
    let query: Vec<(String, String)> = sent[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected = [("options", "o"), ("body", "b"), ("response", "r"), ("value", "v"), ("item", "i"), ("api", "api"), ("page", "p"), ("start", "s"), ("self", "me"), ("options_", "o_"), ("limit", "5")];
    assert_eq!(query, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&sent[0].body).ok(), Some(json!([{"id": "sent"}])));
}

#[tokio::test]
async fn a_stream_beside_an_operation_of_its_name_pages_its_own_operation() {
    use corpus_client::hostile_derived_method_names::apis::{ListThingsOptions, ListThingsStreamOptions};
    let server = MockServer::start().await;
    let page = |n: usize| ResponseTemplate::new(200).set_body_json(json!((0..n).map(|i| json!({"id": i.to_string()})).collect::<Vec<_>>()));
    Mock::given(path("/things")).and(query_param("offset", "0")).respond_with(page(2)).mount(&server).await;
    Mock::given(path("/things")).and(query_param("offset", "2")).respond_with(page(1)).mount(&server).await;
    Mock::given(path("/things-stream")).respond_with(page(0)).mount(&server).await;
    let client = client(&server);
    let things = client.hostile_derived_method_names().things();

    // `listThingsStream` is an operation of its own and keeps its name.
    let none = things.list_things_stream(&ListThingsStreamOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(none.is_empty());
    // The stream of `listThings` gave way to it and pages `/things`, with `request` and `page`
    // sent as the parameters they are.
    let options = ListThingsOptions { limit: Some(2), ..ListThingsOptions::default() };
    let items: Vec<_> = things.list_things_stream_("req", "pg", "ap", options.clone()).collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    let sent = requests(&server).await;
    let paged: Vec<&wiremock::Request> = sent.iter().filter(|r| r.url.path() == "/things").collect();
    assert_eq!(paged.len(), 2);
    for request in paged {
        let query = request.url.query().unwrap_or_default();
        assert!(query.contains("request=req") && query.contains("page=pg") && query.contains("api=ap"), "{query}");
    }
}

#[tokio::test]
async fn operations_named_like_the_runtimes_methods_call_their_own_paths() {
    let server = tests::server_answering(ResponseTemplate::new(200).set_body_json("ok")).await;
    let client = client(&server);
    let things = client.hostile_client_method_names().things();
    for call in [things.send(), things.new_(), things.from_env(), things.with_timeout(), things.clone_()] {
        assert_eq!(call.await.ok().as_deref(), Some("ok"));
    }
    let paths: Vec<String> = requests(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/op0", "/op1", "/op2", "/op3", "/op6"]);
}

#[tokio::test]
async fn error_bodies_of_different_shapes_decode_into_their_own_variants() {
    use corpus_client::hostile_error_bodies_same_word::ErrorBody;
    let server = MockServer::start().await;
    let client = client(&server);
    let cases = [
        (400, json!(["a", "b"])),
        (404, json!({"why": "gone"})),
        (422, json!([1, 2])),
    ];
    for (status, body) in cases {
        server.reset().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
        let error = client.hostile_error_bodies_same_word().things().x().await.err();
        let Some(Error::Api(api)) = error else { panic!("{status}: {error:?}") };
        let decoded = api.body::<ErrorBody>();
        let matched = match (status, decoded) {
            (400, Some(ErrorBody::StringList(list))) => *list == ["a", "b"],
            (404, Some(ErrorBody::Object(object))) => object.get("why") == Some(&json!("gone")),
            (422, Some(ErrorBody::IntegerList(list))) => *list == [1, 2],
            _ => false,
        };
        assert!(matched, "{status}: {:?}", api.body::<ErrorBody>());
    }
}
