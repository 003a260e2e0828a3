//! Per-request overhead: GETs through the generated client against a local server, against raw
//! reqwest calls doing the same (same URL and headers, body decoded into the same model), in one
//! run, alternating. Prints figures; asserts nothing. `cargo bench -p tests --bench overhead`.

use std::time::{Duration, Instant};

use generated_client::v3::models::{ProvisioningPolicyDto, UsageType};
use generated_client::{Client, ClientConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CALLS: usize = 2_000;
const ROUNDS: usize = 5;
const SOURCE: &str = "2c9180835d191a86015d28455b4a2329";

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with one policy.
async fn serve() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let body = br#"{"name":"Account","description":"Create account profile","usageType":"CREATE","fields":[{"name":"userName","transform":{"type":"rule"},"attributes":{"cloudMaxSize":"20"},"isRequired":false,"type":"string","isMultiValued":false}]}"#;
    let response = [format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes(), body.to_vec()].concat();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut filled = 0;
                loop {
                    let Ok(n) = socket.read(&mut buffer[filled..]).await else { return };
                    if n == 0 {
                        return;
                    }
                    filled += n;
                    while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                        if socket.write_all(&response).await.is_err() {
                            return;
                        }
                        buffer.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                    }
                }
            });
        }
    });
    address
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let address = serve().await;
    let base = format!("http://{address}/v3");
    let client = Client::new(ClientConfig::with_base_url(&base).bearer_token("token")).unwrap_or_else(|e| panic!("{e}"));
    let raw = reqwest::Client::new();
    let url = format!("{base}/sources/{SOURCE}/provisioning-policies/CREATE");
    let mut through_client = Duration::ZERO;
    let mut through_reqwest = Duration::ZERO;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..CALLS / ROUNDS {
            let policy = client.v3().sources().get_provisioning_policy(SOURCE, UsageType::Create).await.unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(policy);
        }
        through_client += start.elapsed();
        let start = Instant::now();
        for _ in 0..CALLS / ROUNDS {
            let response = raw
                .get(&url)
                .header("authorization", "Bearer token")
                .header("accept", "application/json")
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let bytes = response.bytes().await.unwrap_or_else(|e| panic!("{e}"));
            let policy: ProvisioningPolicyDto = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(policy);
        }
        through_reqwest += start.elapsed();
    }
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / CALLS as f64;
    println!("overhead: {CALLS} GETs each way against 127.0.0.1, alternating in {ROUNDS} rounds");
    println!("overhead.client_us_per_call {:.1}", per_call(through_client));
    println!("overhead.raw_reqwest_us_per_call {:.1}", per_call(through_reqwest));
    println!("overhead.ratio {:.3}x (target <= 1.1x)", through_client.as_secs_f64() / through_reqwest.as_secs_f64());
}
