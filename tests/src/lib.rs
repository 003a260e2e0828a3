//! Helpers shared by the workspace tests.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(std::path::Path::to_path_buf).unwrap_or_default()
}

/// The docs page the project started from, with its schemas inline.
pub fn seed_page() -> PathBuf {
    workspace_root().join("tests/fixtures/seed-001-replace-provisioning-policy.txt")
}

/// Loads one API's spec (a folder, a bundled document or a docs page) as module `module`.
pub fn load_api(spec: &std::path::Path, module: &str) -> generator::ApiInput {
    let loaded = generator::load::load_path(spec).unwrap_or_else(|e| panic!("{e}"));
    generator::ApiInput { module: module.to_owned(), source: generator::source_label(spec, &workspace_root()), spec: loaded }
}

/// Loads every API of a folder of APIs (`spec/`), as `cargo run -p generator` does.
pub fn load_apis(dir: &std::path::Path) -> Vec<generator::ApiInput> {
    let folders = generator::load::api_folders(dir).unwrap_or_else(|e| panic!("{e}"));
    folders.iter().map(|(module, path)| load_api(path, module)).collect()
}

/// A local HTTP server that answers every request with `template`.
pub async fn server_answering(template: wiremock::ResponseTemplate) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any()).respond_with(template).mount(&server).await;
    server
}

/// A request header as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Collects everything tracing writes, for tests that read the log.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// What was written so far.
    pub fn text(&self) -> String {
        self.0.lock().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
