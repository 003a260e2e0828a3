//! Requests go out exactly as built, or not at all: a token that cannot be a header value, or a
//! file's media type that does not parse, is an error before anything is sent; a file without a
//! media type is `application/octet-stream`; an empty form is still a multipart body; and an
//! operation whose security is empty is sent without credentials.

use constructs_client::constructs::apis::UploadFileForm;
use corpus_client::hostile_runtime_names_form::apis::{UploadForm, UploadOptions};
use generated_client::isc::models::UsageType;
use generated_client::runtime::RetryPolicy;
use generated_client::{Client, ClientConfig, Error};
use tests::{header, server_answering};
use wiremock::{MockServer, ResponseTemplate};

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_an_error_naming_the_header_not_the_token() {
    let server = server_answering(ResponseTemplate::new(200)).await;
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("secret\nX-Injected: yes").retry(RetryPolicy::none());
    // The header is built once, when the client is: a token that cannot be one is refused there.
    let error = Client::new(config).err();
    let Some(Error::Auth { message, status: None }) = &error else { panic!("{error:?}") };
    assert!(message.contains("`Authorization` header"), "{message}");
    let shown = format!("{error:?} {}", error.as_ref().map(ToString::to_string).unwrap_or_default());
    assert!(!shown.contains("secret") && !shown.contains("Injected"), "{shown}");
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_file_without_a_media_type_is_sent_as_octet_stream_and_a_bad_one_is_refused() {
    let server = server_answering(ResponseTemplate::new(202)).await;
    let client = constructs_client::Client::new(constructs_client::ClientConfig::with_base_url(server.uri())).unwrap_or_else(|e| panic!("{e}"));
    let form = UploadFileForm { file: constructs_client::FilePart::new(&b"\x00\x01"[..]).file_name("blob.bin"), ..Default::default() };
    client.constructs().files().upload_file(form).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = requests(&server).await;
    let body = String::from_utf8_lossy(&sent[0].body);
    assert!(body.contains("name=\"file\"; filename=\"blob.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n"), "{body:?}");

    let form = UploadFileForm { file: constructs_client::FilePart::new(&b"x"[..]).content_type("not a media type"), ..Default::default() };
    let error = client.constructs().files().upload_file(form).await.err();
    let Some(constructs_client::Error::InvalidPart { part, .. }) = &error else { panic!("{error:?}") };
    assert_eq!(part, "file");
    assert_eq!(requests(&server).await.len(), 1, "the refused upload sent nothing");
}

#[tokio::test]
async fn an_empty_form_is_a_valid_multipart_body() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json("ok")).await;
    let client = corpus_client::Client::new(corpus_client::ClientConfig::with_base_url(server.uri())).unwrap_or_else(|e| panic!("{e}"));
    let things = client.hostile_runtime_names_form().things();
    things.upload("b", UploadForm::default(), &UploadOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = requests(&server).await;
    let content_type = header(&sent[0], "content-type").unwrap_or_default();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap_or_else(|| panic!("{content_type}"));
    assert_eq!(String::from_utf8_lossy(&sent[0].body), format!("--{boundary}--\r\n"));
}

#[tokio::test]
async fn an_operation_with_empty_security_is_sent_without_credentials() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"keys": []}))).await;
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("isc-token").retry(RetryPolicy::none());
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    client.isc().shared_signals_framework_ssf().get_jwks_data_v1().await.unwrap_or_else(|e| panic!("{e}"));
    let _ = client.isc().sources().get_provisioning_policy_v1("s", UsageType::Create).await;
    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "authorization"), None, "security: [{{}}] sends no token");
    assert_eq!(header(&sent[1], "authorization"), Some("Bearer isc-token"));
}

/// A 204 is never decoded: an operation that declares only a 204 (with a body its document
/// should not have) returns `()`, one that declares 200 with a body and 204 returns an `Option`.
#[tokio::test]
async fn a_204_is_never_decoded() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let config = ClientConfig::with_base_url(server.uri()).bearer_token("isc-token").retry(RetryPolicy::none());
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    client.isc().custom_forms().delete_form_definition_v1("f").await.unwrap_or_else(|e| panic!("{e}"));
    let logging = client.isc().managed_clusters().get_client_log_configuration_v1("c").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(logging, None);

    let server = server_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"clientId": "c", "defaultLevel": "INFO", "logLevels": {}}))).await;
    let client = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t")).unwrap_or_else(|e| panic!("{e}"));
    let logging = client.isc().managed_clusters().get_client_log_configuration_v1("c").await.unwrap_or_else(|e| panic!("{e}"));
    assert!(logging.is_some());
}

/// Every request names this crate, its version and the API it belongs to; a caller's own
/// User-Agent replaces it, and one that cannot be a header is refused when the client is built.
#[tokio::test]
async fn the_user_agent_names_the_crate_its_version_and_the_api() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "p"}))).await;
    let client = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t")).unwrap_or_else(|e| panic!("{e}"));
    let _ = client.isc().sources().get_provisioning_policy_v1("s", UsageType::Create).await;
    let _ = client.v3().sources().get_provisioning_policy("s", generated_client::v3::models::UsageType::Create).await;
    let custom = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").user_agent("acme-sync/2.1")).unwrap_or_else(|e| panic!("{e}"));
    let _ = custom.isc().sources().get_provisioning_policy_v1("s", UsageType::Create).await;
    let agents: Vec<String> = requests(&server).await.iter().map(|r| header(r, "user-agent").unwrap_or_default().to_owned()).collect();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(agents, [format!("generated-client/{version} (isc)"), format!("generated-client/{version} (v3)"), "acme-sync/2.1".to_owned()]);
    let refused = Client::new(ClientConfig::with_base_url(server.uri()).user_agent("bad\nagent")).err();
    assert!(matches!(refused, Some(Error::Config(_))), "{refused:?}");
}

/// A caller's own `reqwest::Client`, as `cargo add reqwest` gives it (0.13, default features),
/// is what `http_client` takes; calls go through it with the client's User-Agent and credentials.
#[tokio::test]
async fn the_callers_own_reqwest_client_is_taken_as_it_comes() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "p"}))).await;
    let own = reqwest::Client::builder().build().unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").http_client(own)).unwrap_or_else(|e| panic!("{e}"));
    let policy = client.isc().sources().get_provisioning_policy_v1("s", UsageType::Create).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(policy.name.as_deref(), Some("p"));
    let sent = requests(&server).await;
    assert_eq!(header(&sent[0], "authorization"), Some("Bearer t"));
    assert!(header(&sent[0], "user-agent").is_some_and(|agent| agent.starts_with("generated-client/")));
}
