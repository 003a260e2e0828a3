//! TLS: certificates are verified by default (rustls, no OpenSSL), and only the loudly named
//! opt-in accepts an invalid one.

use std::sync::Arc;

use constructs_client::constructs::apis::GetPetOptions;
use constructs_client::runtime::RetryPolicy;
use constructs_client::{Client, ClientConfig, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An HTTPS server on 127.0.0.1 with a self-signed certificate for `localhost`.
async fn self_signed_server() -> std::net::SocketAddr {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let chain = vec![certified.cert.der().clone()];
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(socket).await else { return };
                let mut buffer = vec![0u8; 8192];
                let _ = stream.read(&mut buffer).await;
                let body = r#"{"name":"rex","petType":"dog"}"#;
                let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    address
}

#[tokio::test]
async fn an_invalid_certificate_is_refused_unless_explicitly_accepted() {
    let address = self_signed_server().await;
    let base = format!("https://localhost:{}", address.port());
    let config = ClientConfig::with_base_url(&base).retry(RetryPolicy::none());
    let client = Client::new(config.clone()).expect("client");
    let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("self-signed refused");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");

    let trusting = Client::new(config.danger_accept_invalid_certificates(true)).expect("client");
    trusting.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect("accepted only by the opt-in");
}
