//! Configuration is found where SailPoint's SDKs look, in their order: the environment, then
//! `./config.json`, then the SailPoint CLI's `~/.sailpoint/config.yaml`. When nothing is found
//! the error lists every place looked; no error ever holds a secret.

use std::path::{Path, PathBuf};

use generated_client::runtime::ConfigSources;
use generated_client::v3::models::UsageType;
use generated_client::{Client, ClientConfig, Error};
use serde_json::json;
use tests::header;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "s3cr3t-never-shown";

fn no_env(_: &str) -> Option<String> {
    None
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    file
}

fn cli_yaml(base_url: &str, secret: Option<&str>) -> String {
    let secret = secret.map(|s| format!("\n            clientsecret: {s}")).unwrap_or_default();
    format!(
        "activeenvironment: acme\nauthtype: pat\nenvironments:\n    other:\n        baseurl: https://other.api.identitynow.com\n    acme:\n        baseurl: {base_url}\n        tenanturl: https://acme.identitynow.com\n        pat:\n            clientid: cli-client{secret}\n"
    )
}

/// A server with a token endpoint and the provisioning-policy route, to prove where calls go.
async fn tenant() -> MockServer {
    let server = MockServer::start().await;
    let token = json!({"access_token": "tok", "expires_in": 3600});
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(ResponseTemplate::new(200).set_body_json(token)).mount(&server).await;
    let policy = json!({"name": "p"});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(policy)).mount(&server).await;
    server
}

/// The client id the token request carried.
async fn client_id_used(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    let token = requests.iter().find(|r| r.url.path() == "/oauth/token").unwrap_or_else(|| panic!("no token request"));
    let form = String::from_utf8_lossy(&token.body).into_owned();
    form.split('&').find_map(|pair| pair.strip_prefix("client_id=")).unwrap_or_default().to_owned()
}

async fn call(config: ClientConfig) {
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    client.v3().sources().get_provisioning_policy("s", UsageType::Create).await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn the_environment_comes_first_then_config_json_then_the_cli_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (env_tenant, json_tenant, cli_tenant) = (tenant().await, tenant().await, tenant().await);
    let config_json = write(dir.path(), "config.json", &json!({"baseurl": json_tenant.uri(), "ClientID": "json-client", "ClientSecret": SECRET}).to_string());
    let cli = write(&dir.path().join(".sailpoint"), "config.yaml", &cli_yaml(&cli_tenant.uri(), Some(SECRET)));

    let env_uri = env_tenant.uri();
    let env = move |name: &str| match name {
        "SAIL_BASE_URL" => Some(env_uri.clone()),
        "SAIL_CLIENT_ID" => Some("env-client".to_owned()),
        "SAIL_CLIENT_SECRET" => Some(SECRET.to_owned()),
        _ => None,
    };
    call(ClientConfig::from_sources(&ConfigSources::new(env, &config_json, Some(cli.clone()))).unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(client_id_used(&env_tenant).await, "env-client");

    call(ClientConfig::from_sources(&ConfigSources::new(no_env, &config_json, Some(cli.clone()))).unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(client_id_used(&json_tenant).await, "json-client", "keys match in any case");

    let absent = dir.path().join("absent.json");
    call(ClientConfig::from_sources(&ConfigSources::new(no_env, &absent, Some(cli))).unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(client_id_used(&cli_tenant).await, "cli-client", "the active environment, not the other one");
}

#[tokio::test]
async fn config_json_names_the_nerm_server_too() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (isc, nerm) = (tenant().await, tenant().await);
    let config_json = write(dir.path(), "config.json", &json!({"BaseURL": isc.uri(), "ClientId": "c", "ClientSecret": SECRET, "NermBaseUrl": nerm.uri()}).to_string());
    let config = ClientConfig::from_sources(&ConfigSources::new(no_env, &config_json, None)).unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(client.base_url_for(&generated_client::nerm::SERVER).ok(), Some(format!("{}/api", nerm.uri())));
}

#[test]
fn when_nothing_is_found_the_error_lists_every_place_looked() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config_json = dir.path().join("config.json");
    let cli = dir.path().join(".sailpoint/config.yaml");
    let error = ClientConfig::from_sources(&ConfigSources::new(no_env, &config_json, Some(cli.clone()))).err();
    let Some(Error::Config(message)) = error else { panic!("{error:?}") };
    assert!(message.contains("the environment: SAIL_BASE_URL is not set"), "{message}");
    assert!(message.contains(&format!("{}: no such file", config_json.display())), "{message}");
    assert!(message.contains(&format!("{}: no such file", cli.display())), "{message}");
}

#[test]
fn an_unusable_source_is_named_with_its_pointer_and_never_shows_the_secret() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let absent = dir.path().join("absent.json");
    let cases: Vec<(ConfigSources, &str)> = vec![
        (
            ConfigSources::new(|name| (name == "SAIL_BASE_URL" || name == "SAIL_CLIENT_SECRET").then(|| SECRET.to_owned()), &absent, None),
            "SAIL_CLIENT_ID is not set",
        ),
        (
            ConfigSources::new(no_env, write(dir.path(), "a.json", &json!({"BaseURL": "https://x", "ClientId": 7, "ClientSecret": SECRET}).to_string()), None),
            "a.json#/ClientId: not a string",
        ),
        (ConfigSources::new(no_env, write(dir.path(), "b.json", &json!({"BaseURL": "https://x", "ClientSecret": SECRET}).to_string()), None), "b.json#/ClientId: missing"),
        (ConfigSources::new(no_env, write(dir.path(), "c.json", &format!("{{\"ClientSecret\": \"{SECRET}\"")), None), "c.json: not JSON"),
        (
            ConfigSources::new(no_env, &absent, Some(write(dir.path(), "keyring.yaml", &cli_yaml("https://x", None)))),
            "keyring.yaml#/environments/acme/pat/clientsecret: missing",
        ),
        (
            ConfigSources::new(no_env, &absent, Some(write(dir.path(), "d.yaml", &format!("activeenvironment: gone\nenvironments:\n  acme:\n    pat:\n      clientsecret: {SECRET}\n")))),
            "d.yaml#/environments/gone: the active environment is not defined",
        ),
    ];
    for (sources, expected) in cases {
        let error = ClientConfig::from_sources(&sources).err();
        let Some(Error::Config(message)) = error else { panic!("{error:?}") };
        assert!(message.contains(expected), "{message} should say {expected}");
        assert!(!message.contains(SECRET), "{message} shows the secret");
    }
}

#[tokio::test]
async fn the_client_from_config_json_authenticates_against_its_tenant() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = tenant().await;
    let config_json = write(dir.path(), "config.json", &json!({"BaseURL": format!("{}/v3", server.uri()), "ClientId": "c", "ClientSecret": SECRET}).to_string());
    call(ClientConfig::from_sources(&ConfigSources::new(no_env, &config_json, None)).unwrap_or_else(|e| panic!("{e}"))).await;
    let requests = server.received_requests().await.unwrap_or_default();
    let call = requests.iter().find(|r| r.method.as_str() == "GET").unwrap_or_else(|| panic!("no call"));
    assert_eq!(call.url.path(), "/v3/sources/s/provisioning-policies/CREATE", "a trailing /v3 is the v3 base path, not doubled");
    assert_eq!(header(call, "authorization"), Some("Bearer tok"));
}
