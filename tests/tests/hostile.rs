//! The client under hostile values and hostile servers: every case is a clear error or a
//! correctly encoded request, never a panic, a hang, or a secret in the output.

use std::time::{Duration, Instant};

use constructs_client::constructs::apis::{GetPetOptions, ListPetsOptions};
use constructs_client::runtime::RetryPolicy;
use constructs_client::{Client, ClientConfig, Error};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn dog() -> serde_json::Value {
    json!({"name": "rex", "petType": "dog"})
}

fn config(base: &str) -> ClientConfig {
    ClientConfig::with_base_url(base).retry(RetryPolicy::none()).timeout(Duration::from_secs(2))
}

async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let client = Client::new(config(&server.uri())).expect("client");
    (server, client)
}

#[tokio::test]
async fn hostile_path_values_stay_one_segment() {
    let cases = [
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("x?y=1", "x%3Fy%3D1"),
        ("frag#ment", "frag%23ment"),
        ("100%", "100%25"),
        ("two words", "two%20words"),
        ("ünï😀", "%C3%BCn%C3%AF%F0%9F%98%80"),
        ("%2e%2e", "%252e%252e"),
        ("...", "..."),
    ];
    for (value, encoded) in cases {
        let (server, client) = answering(ResponseTemplate::new(200).set_body_json(dog())).await;
        client.constructs().pets().get_pet(value, "r", &GetPetOptions::default()).await.expect("200");
        let request = &server.received_requests().await.unwrap_or_default()[0];
        assert_eq!(request.url.path(), format!("/v1/pets/{encoded}"), "{value}");
    }
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(dog())).await;
    for value in ["..", ".", ""] {
        let err = client.constructs().pets().get_pet(value, "r", &GetPetOptions::default()).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidParameter { name: "petId", .. }), "{err:?}");
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn hostile_query_values_stay_one_value() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let options = ListPetsOptions { tags: Some(vec!["a&admin=true".into(), "b#c".into()]), ..Default::default() };
    client.constructs().pets().list_pets("x=1&y=2\r\nInjected: yes", &options).await.expect("200");
    let request = &server.received_requests().await.unwrap_or_default()[0];
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("tags".to_owned(), "a&admin=true".to_owned()),
            ("tags".to_owned(), "b#c".to_owned()),
            ("filters".to_owned(), "x=1&y=2\r\nInjected: yes".to_owned()),
        ]
    );
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_before_sending() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(dog())).await;
    for value in ["a\r\nX-Evil: 1", "a\nb", "a\rb"] {
        let err = client.constructs().pets().get_pet("p", value, &GetPetOptions::default()).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidParameter { name: "X-Request-Id", .. }), "{err:?}");
    }
    assert!(server.received_requests().await.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_response_over_the_limit_is_refused() {
    let big = json!({"name": "x".repeat(2_000_000), "petType": "dog"});
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(big)).mount(&server).await;
    let client = Client::new(config(&server.uri()).max_response_bytes(1_000_000)).expect("client");
    let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { operation: "getPet", limit: 1_000_000 }), "{err:?}");

    // Without Content-Length (chunked), the limit holds while reading.
    let address = raw_server(|_| {
        let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..40 {
            out.extend_from_slice(format!("{:x}\r\n{}\r\n", 65536, "x".repeat(65536)).as_bytes());
        }
        out.extend_from_slice(b"0\r\n\r\n");
        (out, false)
    })
    .await;
    let client = Client::new(config(&format!("http://{address}")).max_response_bytes(1_000_000)).expect("client");
    let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn malformed_json_and_a_wrong_content_type_are_decode_errors_that_keep_the_body() {
    for (body, content_type) in [("{\"name\": \"rex\", ", "application/json"), ("<html>maintenance</html>", "text/html")] {
        let (_server, client) = answering(ResponseTemplate::new(200).set_body_raw(body, content_type)).await;
        let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("decode");
        assert!(matches!(&err, Error::Decode { body: kept, .. } if kept == body.as_bytes()), "{err:?}");
        assert!(err.to_string().contains("getPet"), "{err}");
    }
}

/// A TCP server on 127.0.0.1 that answers each connection with `respond`'s bytes, then closes it
/// (or keeps it open without a word when the flag says hang).
async fn raw_server(respond: impl Fn(&[u8]) -> (Vec<u8>, bool) + Send + Sync + 'static) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let respond = std::sync::Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let respond = respond.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16384];
                let n = socket.read(&mut buffer).await.unwrap_or(0);
                let (bytes, hang) = respond(&buffer[..n]);
                let _ = socket.write_all(&bytes).await;
                if hang {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            });
        }
    });
    address
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let address = raw_server(|_| (Vec::new(), true)).await;
    let client = Client::new(config(&format!("http://{address}")).timeout(Duration::from_millis(300))).expect("client");
    let started = Instant::now();
    let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("timeout");
    assert!(matches!(&err, Error::Transport { source, .. } if source.is_timeout()), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_server_that_closes_mid_body_is_a_transport_error() {
    let address = raw_server(|_| (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"name\":".to_vec(), false)).await;
    let client = Client::new(config(&format!("http://{address}"))).expect("client");
    let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("closed");
    assert!(matches!(err, Error::Transport { operation: "getPet", .. }), "{err:?}");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_display() {
    const TOKEN: &str = "bearer-t0ken-value";
    const SECRET: &str = "client-s3cret-value";
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(401).set_body_string("no")).mount(&server).await;
    let bearer_config = config(&server.uri()).bearer_token(TOKEN);
    let oauth_config = config(&server.uri()).client_credentials("id", SECRET);
    let bearer = Client::new(bearer_config.clone()).expect("client");
    let oauth = Client::new(oauth_config.clone()).expect("client");
    let api_error = bearer.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("401");
    let auth_error = oauth.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("token refused");
    let texts = [
        format!("{bearer_config:?}"),
        format!("{oauth_config:?}"),
        format!("{bearer:?}"),
        format!("{oauth:?}"),
        format!("{api_error} {api_error:?}"),
        format!("{auth_error} {auth_error:?}"),
    ];
    for text in &texts {
        assert!(!text.contains(TOKEN) && !text.contains(SECRET), "{text}");
    }
    assert!(matches!(auth_error, Error::Auth { .. }));
}
