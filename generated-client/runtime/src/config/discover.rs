//! Finding a tenant and its credentials where SailPoint's SDKs look, in their order: the
//! environment, then `./config.json`, then the SailPoint CLI's `~/.sailpoint/config.yaml`.
//!
//! The CLI file is YAML; `serde-saphyr` reads it, as the generator reads YAML documents: one
//! maintained YAML 1.2 parser for the project.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::config::secret::Secret;

/// Reads one environment variable.
type EnvLookup = Box<dyn Fn(&str) -> Option<String>>;

/// Where [`ClientConfig::from_sources`](crate::ClientConfig::from_sources) looks.
pub struct ConfigSources {
    env: EnvLookup,
    config_json: PathBuf,
    cli_config: Option<PathBuf>,
}

impl std::fmt::Debug for ConfigSources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigSources").field("config_json", &self.config_json).field("cli_config", &self.cli_config).finish_non_exhaustive()
    }
}

impl ConfigSources {
    /// Where SailPoint's SDKs look: the process environment, `config.json` in the current
    /// directory, and `.sailpoint/config.yaml` in the home directory.
    pub fn standard() -> Self {
        let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(PathBuf::from);
        ConfigSources {
            env: Box::new(|name| std::env::var(name).ok()),
            config_json: PathBuf::from("config.json"),
            cli_config: home.map(|home| home.join(".sailpoint").join("config.yaml")),
        }
    }

    /// Other places: variables read through `env`, and the two files at the paths given.
    pub fn new(env: impl Fn(&str) -> Option<String> + 'static, config_json: impl Into<PathBuf>, cli_config: Option<PathBuf>) -> Self {
        ConfigSources { env: Box::new(env), config_json: config_json.into(), cli_config }
    }
}

/// A tenant and credentials, as one source gives them.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) base_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) nerm_base_url: Option<String>,
    /// NERM's own client, when the source names one (the environment only).
    pub(crate) nerm_client: Option<(String, Secret)>,
}

/// What a source gave: settings, or why it gave none (for the error listing every place).
pub(crate) type Looked = Result<Found, String>;

/// The first source that names a base URL, in SailPoint's order. Each source that names none
/// says why, for the error when none does; a source that names one but is unusable is an error
/// at once, since falling through would use another tenant than the one meant.
pub(crate) fn discover(sources: &ConfigSources) -> Result<Found, String> {
    let mut looked = Vec::new();
    match from_env(&*sources.env) {
        Ok(Some(found)) => return Ok(found),
        Ok(None) => looked.push("the environment: SAIL_BASE_URL is not set".to_owned()),
        Err(e) => return Err(e),
    }
    match from_config_json(&sources.config_json)? {
        Ok(found) => return Ok(found),
        Err(why) => looked.push(why),
    }
    match &sources.cli_config {
        Some(path) => match from_cli_config(path)? {
            Ok(found) => return Ok(found),
            Err(why) => looked.push(why),
        },
        None => looked.push("~/.sailpoint/config.yaml: no home directory".to_owned()),
    }
    Err(format!("no SailPoint configuration found; looked in {}", looked.join("; ")))
}

/// The `SAIL_*` variables; `None` when `SAIL_BASE_URL` is not set.
pub(crate) fn from_env(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Option<Found>, String> {
    let optional = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let Some(base_url) = optional("SAIL_BASE_URL") else { return Ok(None) };
    let required = |name: &str| optional(name).ok_or_else(|| format!("the environment variable {name} is not set (SAIL_BASE_URL is)"));
    let (client_id, client_secret) = (required("SAIL_CLIENT_ID")?, required("SAIL_CLIENT_SECRET")?);
    let nerm_client = optional("SAIL_NERM_CLIENT_ID").zip(optional("SAIL_NERM_CLIENT_SECRET").map(Secret::new));
    Ok(Some(Found { base_url, client_id, client_secret: Secret::new(client_secret), nerm_base_url: optional("SAIL_NERM_BASE_URL"), nerm_client }))
}

/// The file at `path` as text; `Ok(Err(why))` when there is none.
fn read(path: &Path) -> Result<Result<String, String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Ok(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Err(format!("{}: no such file", path.display()))),
        Err(e) => Err(format!("{}: cannot be read: {e}", path.display())),
    }
}

/// `config.json` as SailPoint's SDKs write it: `BaseURL`, `ClientId`, `ClientSecret`, and
/// `NermBaseUrl`; keys match in any case, as the SDKs' reader does.
fn from_config_json(path: &Path) -> Result<Looked, String> {
    let text = match read(path)? {
        Ok(text) => text,
        Err(why) => return Ok(Err(why)),
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let Value::Object(object) = value else { return Err(format!("{}#/: not a JSON object", path.display())) };
    let key = |wanted: &str| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(wanted));
    let text = |wanted: &str| -> Result<Option<String>, String> {
        match key(wanted) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::String(s))) if s.trim().is_empty() => Ok(None),
            Some((_, Value::String(s))) => Ok(Some(s.clone())),
            Some((k, _)) => Err(format!("{}#/{k}: not a string", path.display())),
        }
    };
    let Some(base_url) = text("BaseURL")? else { return Ok(Err(format!("{}: no BaseURL", path.display()))) };
    let required = |wanted: &str| text(wanted)?.ok_or_else(|| format!("{}#/{wanted}: missing (the file names BaseURL)", path.display()));
    let (client_id, client_secret) = (required("ClientId")?, required("ClientSecret")?);
    Ok(Ok(Found { base_url, client_id, client_secret: Secret::new(client_secret), nerm_base_url: text("NermBaseUrl")?, nerm_client: None }))
}

/// The SailPoint CLI's file: the environment named by `activeenvironment`, its `baseurl` and
/// its `pat` `clientid` and `clientsecret`.
fn from_cli_config(path: &Path) -> Result<Looked, String> {
    let text = match read(path)? {
        Ok(text) => text,
        Err(why) => return Ok(Err(why)),
    };
    let root: Value = serde_saphyr::from_str(&text).map_err(|e| format!("{}: not YAML: {e}", path.display()))?;
    // The CLI writes its keys in lower case, but older versions and hand edits vary the case.
    let child = |node: &Value, key: &str| -> Option<Value> {
        let map = node.as_object()?;
        map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.clone())
    };
    let field = |node: &Value, key: &str| -> Option<String> {
        child(node, key)?.as_str().map(str::to_owned).filter(|v| !v.trim().is_empty())
    };
    let Some(active) = field(&root, "activeenvironment") else { return Ok(Err(format!("{}: no activeenvironment", path.display()))) };
    let Some(environment) = child(&root, "environments").and_then(|all| child(&all, &active)) else {
        return Err(format!("{}#/environments/{active}: the active environment is not defined", path.display()));
    };
    let pointer = format!("{}#/environments/{active}", path.display());
    let base_url = field(&environment, "baseurl").ok_or_else(|| format!("{pointer}/baseurl: missing"))?;
    let pat = child(&environment, "pat").unwrap_or(Value::Null);
    let client_id = field(&pat, "clientid").ok_or_else(|| format!("{pointer}/pat/clientid: missing"))?;
    let client_secret = field(&pat, "clientsecret")
        .ok_or_else(|| format!("{pointer}/pat/clientsecret: missing (newer CLIs keep it in the OS keyring: set SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET instead)"))?;
    Ok(Ok(Found { base_url, client_id, client_secret: Secret::new(client_secret), nerm_base_url: None, nerm_client: None }))
}
