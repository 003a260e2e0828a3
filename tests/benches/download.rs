//! Streaming a large download: 1 GiB served by a local server, read through `Call::stream`
//! chunk by chunk, and the process's peak resident memory printed (budget: 64 MB). The server
//! writes one 64 KiB buffer again and again, so the memory is the client's. Prints figures;
//! asserts nothing. `cargo bench -p tests --bench download`.

use std::time::Instant;

use futures_util::StreamExt;
use generated_client::runtime::RetryPolicy;
use generated_client::v3::apis::GetReportOptions;
use generated_client::v3::models::FileFormat;
use generated_client::{Client, ClientConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOTAL: u64 = 1 << 30;
const CHUNK: usize = 64 * 1024;

/// Peak resident set size of this process, in kB, from `/proc/self/status` (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Serves one request: `TOTAL` bytes of PDF, with a `Content-Length`.
async fn serve(listener: TcpListener) {
    let Ok((mut socket, _)) = listener.accept().await else { return };
    let mut request = vec![0u8; 8192];
    let _ = socket.read(&mut request).await;
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: {TOTAL}\r\n\r\n");
    if socket.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let buffer = vec![b'x'; CHUNK];
    for _ in 0..TOTAL / CHUNK as u64 {
        if socket.write_all(&buffer).await.is_err() {
            return;
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else { return eprintln!("cannot bind") };
    let Ok(address) = listener.local_addr() else { return };
    tokio::spawn(serve(listener));
    let config = ClientConfig::with_base_url(format!("http://{address}/v3")).retry(RetryPolicy::none()).timeout(std::time::Duration::from_secs(600));
    let Ok(client) = Client::new(config) else { return eprintln!("cannot build the client") };
    let before = peak_rss_kb().unwrap_or(0);
    let started = Instant::now();
    let call = client.v3().reports_data_extraction().get_report("task", FileFormat::Pdf, &GetReportOptions::default());
    let mut download = match call.stream().await {
        Ok(download) => download,
        Err(e) => return eprintln!("download failed: {e}"),
    };
    let (mut bytes, mut chunks) = (0u64, 0u64);
    while let Some(chunk) = download.next().await {
        match chunk {
            Ok(chunk) => {
                bytes += chunk.len() as u64;
                chunks += 1;
            }
            Err(e) => return eprintln!("download failed after {bytes} bytes: {e}"),
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let peak = peak_rss_kb().unwrap_or(0);
    println!("download: {bytes} bytes in {chunks} chunks, {elapsed:.2} s ({:.0} MB/s)", bytes as f64 / 1e6 / elapsed);
    println!("download.peak_rss_mb {:.1} (before the call: {:.1}; budget <= 64)", peak as f64 / 1024.0, before as f64 / 1024.0);
}
