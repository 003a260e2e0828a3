//! The constructs real-world documents taught (`tests/fixtures/real-world/`, compiled as
//! `tests/corpus-client`), over real HTTP: unions, objects and lists as path, query and header
//! parameters in the style their spec names; a form with a required enum part; a list answered
//! with 200 or 204; error statuses sharing a free-JSON body.

use corpus_client::runtime::RetryPolicy;
use corpus_client::{Client, ClientConfig, Error, FilePart};
use futures_util::StreamExt as _;
use serde_json::json;
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).retry(RetryPolicy::none())).unwrap_or_else(|e| panic!("{e}"))
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn every_parameter_is_sent_in_its_style() {
    use corpus_client::real_parameters::apis::GetRunOptions;
    use corpus_client::real_parameters::models::{Created, Range, WorkflowId};
    let server = tests::server_answering(ResponseTemplate::new(200)).await;
    let range = |gt, lt| Range { gt: Some(gt), lt: Some(lt), ..Range::default() };
    let options = GetRunOptions {
        tags: Some(vec!["x".into(), "y z".into()]),
        piped: Some(vec![1, 2]),
        created: Some(Created::Range(Box::new(range(1, 5)))),
        filter: Some(range(2, 9)),
        any: Some(json!({"a": [1, 2]})),
        x_trace: Some(vec!["t1".into(), "t2".into()]),
        x_shape: Some(range(3, 4)),
    };
    let ids = ["a".to_owned(), "b".to_owned()];
    let client = client(&server);
    let api = client.real_parameters().default();
    api.get_run("s 1", &WorkflowId::Integer(42), &ids, &options).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = &requests(&server).await[0];
    // The placeholder used twice is one argument, in both places.
    assert_eq!(sent.url.path(), "/sites/s%201/sle/site/s%201/runs/42");
    assert_eq!(
        sent.url.query(),
        Some("ids=a&ids=b&tags=x,y%20z&piped=1|2&created%5Bgt%5D=1&created%5Blt%5D=5&gt=2&lt=9&a=%5B1%2C2%5D")
    );
    let header = |name: &str| sent.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(header("X-Trace").as_deref(), Some("t1,t2"));
    assert_eq!(header("X-Shape").as_deref(), Some("gt,3,lt,4"));

    // A union in the path is its value's text; a string one is encoded as one segment.
    api.get_run("s", &WorkflowId::String("w/1".into()), &[], &GetRunOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = &requests(&server).await[1];
    assert_eq!((sent.url.path(), sent.url.query()), ("/sites/s/sle/site/s/runs/w%2F1", None));
}

#[tokio::test]
async fn a_form_with_a_required_enum_part_is_built_with_new() {
    use corpus_client::real_bodies::apis::CreateFileForm;
    use corpus_client::real_bodies::models::Purpose;
    let server = tests::server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": "f1"}))).await;
    let mut form = CreateFileForm::new(FilePart::new("bytes"), Purpose::IdentityDocument);
    form.note = Some("passport".into());
    let file = client(&server).real_bodies().default().create_file(form).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.id, "f1");
    let body = String::from_utf8_lossy(&requests(&server).await[0].body).into_owned();
    for part in ["name=\"file\"", "bytes", "name=\"purpose\"", "identity_document", "name=\"note\"", "passport"] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
}

#[tokio::test]
async fn a_list_answered_with_204_ends_the_stream() {
    use corpus_client::real_bodies::apis::ListTasksOptions;
    let server = MockServer::start().await;
    let page = ResponseTemplate::new(200).set_body_json(json!([{"id": "t1"}, {"id": "t2"}]));
    Mock::given(method("GET")).and(query_param("offset", "0")).respond_with(page).mount(&server).await;
    Mock::given(method("GET")).and(query_param("offset", "2")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let options = ListTasksOptions { limit: Some(2), ..ListTasksOptions::default() };
    let tasks: Vec<_> = client(&server).real_bodies().default().list_tasks_stream(options).collect().await;
    let ids: Vec<String> = tasks.into_iter().map(|t| t.unwrap_or_else(|e| panic!("{e}")).id).collect();
    assert_eq!(ids, ["t1", "t2"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn error_statuses_sharing_free_json_decode_into_one_variant() {
    use corpus_client::real_bodies::ErrorBody;
    for status in [400, 500] {
        let server = tests::server_answering(ResponseTemplate::new(status).set_body_json(json!({"why": status}))).await;
        let form = corpus_client::real_bodies::apis::CreateFileForm::new(FilePart::new("x"), corpus_client::real_bodies::models::Purpose::DisputeEvidence);
        let error = client(&server).real_bodies().default().create_file(form).await.err();
        let Some(Error::Api(api)) = error else { panic!("expected an API error, got {error:?}") };
        assert_eq!(api.body::<ErrorBody>().cloned(), Some(ErrorBody::Free(json!({"why": status}))), "{status}");
    }
}
