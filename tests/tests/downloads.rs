//! Streamed downloads over real HTTP: chunks reach the caller while the server is still
//! sending, past `max_response_bytes`, into an `AsyncWrite`; errors and retries as for any call.

use std::time::Duration;

use futures_util::StreamExt;
use generated_client::runtime::{PausedClock, RetryPolicy};
use generated_client::v3::apis::GetReportOptions;
use generated_client::v3::models::FileFormat;
use generated_client::{Client, ClientConfig, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base: &str, max_response_bytes: u64) -> Client {
    let config = ClientConfig::with_base_url(format!("{base}/v3")).max_response_bytes(max_response_bytes).retry(quick_retries()).clock(PausedClock::new());
    Client::new(config).expect("client")
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() }
}

/// A local server for one request: the socket, once the request has been read.
async fn one_request() -> (String, impl std::future::Future<Output = tokio::net::TcpStream>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let socket = async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = vec![0u8; 4096];
        let _ = socket.read(&mut request).await;
        socket
    };
    (base, socket)
}

/// A server that answers one request with a chunked CSV: its first chunk, then (once `go` says
/// so) the rest, so a client that waited for the whole body before giving anything would never
/// see the first chunk.
async fn held_back_server(go: oneshot::Receiver<()>) -> String {
    let (base, socket) = one_request().await;
    tokio::spawn(async move {
        let mut socket = socket.await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/csv\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.expect("head");
        socket.write_all(b"9\r\nid,name\r\n\r\n").await.expect("first chunk");
        socket.flush().await.expect("flush");
        if go.await.is_ok() {
            socket.write_all(b"7\r\n1,Ann\r\n\r\n0\r\n\r\n").await.expect("the rest");
        }
    });
    base
}

#[tokio::test]
async fn chunks_arrive_before_the_body_ends() {
    let (go, wait) = oneshot::channel();
    let base = held_back_server(wait).await;
    let client = client(&base, 1 << 20);
    let call = client.v3().reports_data_extraction().get_report("task-1", FileFormat::Csv, &GetReportOptions::default());
    let started = tokio::time::timeout(Duration::from_secs(5), call.stream()).await.expect("the response, while the server holds the body back");
    let mut download = started.expect("200");
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/csv");
    let first = tokio::time::timeout(Duration::from_secs(5), download.next()).await.expect("the first chunk, while the server holds the rest");
    assert_eq!(first.expect("a chunk").expect("no error"), "id,name\r\n");
    go.send(()).expect("server waiting");
    let rest: Vec<_> = download.collect().await;
    let rest: Vec<u8> = rest.into_iter().map(|chunk| chunk.expect("no error")).flat_map(|chunk| chunk.to_vec()).collect();
    assert_eq!(rest, b"1,Ann\r\n");
}

#[tokio::test]
async fn a_body_past_the_size_limit_streams_whole_into_a_writer() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/pdf")).mount(&server).await;
    let client = client(&server.uri(), 1024);
    let call = || client.v3().reports_data_extraction().get_report("task-1", FileFormat::Pdf, &GetReportOptions::default());
    let refused = call().await.expect_err("over the limit when read whole");
    assert!(matches!(refused, Error::ResponseTooLarge { limit: 1024, .. }), "{refused:?}");

    let download = call().stream().await.expect("200");
    assert_eq!(download.content_length(), Some(800_000));
    let mut written = Vec::new();
    let count = download.write_to(&mut written).await.expect("written");
    assert_eq!(count, 800_000);
    assert_eq!(written, body, "every byte, in order");
}

#[tokio::test]
async fn a_download_is_retried_and_fails_as_any_call_does() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n", "application/csv")).mount(&server).await;
    let client = client(&server.uri(), 1 << 20);
    let report = client.v3().reports_data_extraction();
    let mut download = report.get_report("task-1", FileFormat::Csv, &GetReportOptions::default()).stream().await.expect("the 503 retried");
    assert_eq!(download.chunk().await.expect("a chunk").as_deref(), Some(&b"a,b\n"[..]));
    assert_eq!(download.chunk().await.expect("the end"), None);
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 2);

    server.reset().await;
    let problem = serde_json::json!({"detailCode": "404 Not found", "trackingId": "t-1", "messages": []});
    Mock::given(any()).respond_with(ResponseTemplate::new(404).set_body_json(problem).insert_header("x-request-id", "r-9")).mount(&server).await;
    let err = report.get_report("gone", FileFormat::Csv, &GetReportOptions::default()).stream().await.expect_err("404");
    let Error::Api(api) = &err else { panic!("an API error: {err:?}") };
    assert_eq!(api.status, 404);
    assert_eq!(api.headers["x-request-id"], "r-9", "headers kept on the error");
    assert!(String::from_utf8_lossy(&api.raw_body).contains("t-1"), "the body read whole for the error");
}

#[tokio::test]
async fn a_connection_lost_mid_body_is_an_error_in_the_stream() {
    let (base, socket) = one_request().await;
    tokio::spawn(async move {
        let mut socket = socket.await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/csv\r\ncontent-length: 1000\r\n\r\nid,name\n";
        socket.write_all(head.as_bytes()).await.expect("head");
    });
    let client = client(&base, 1 << 20);
    let download = client.v3().reports_data_extraction().get_report("t", FileFormat::Csv, &GetReportOptions::default()).stream().await.expect("200");
    let chunks: Vec<_> = download.collect().await;
    let last = chunks.last().expect("at least the error");
    assert!(matches!(last, Err(Error::Transport { operation: "getReport", .. })), "{chunks:?}");
}
