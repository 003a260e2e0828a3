//! Decoding speed: a 10,000-account list response into the generated models (lenient decoding
//! and unknown-property preservation on, as the client decodes), against serde_json into a
//! minimal hand-written struct with the same fields, and into `serde_json::Value`.
//! Prints figures; asserts nothing. `cargo bench -p tests --bench decode`.

use std::time::{Duration, Instant};

use generated_client::v3::models::Account;
use serde::Deserialize;
use serde_json::{json, Value};

const ACCOUNTS: usize = 10_000;
const RUNS: usize = 15;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "fields are decoded, not read")]
struct MinimalIdentity {
    id: Option<String>,
    name: Option<String>,
    r#type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code, reason = "fields are decoded, not read")]
struct MinimalAccount {
    id: Option<String>,
    name: Option<String>,
    created: Option<chrono::DateTime<chrono::Utc>>,
    modified: Option<chrono::DateTime<chrono::Utc>>,
    source_id: String,
    source_name: Option<String>,
    identity_id: Option<String>,
    attributes: Option<serde_json::Map<String, Value>>,
    authoritative: bool,
    description: Option<String>,
    disabled: bool,
    locked: bool,
    native_identity: String,
    system_account: bool,
    uncorrelated: bool,
    uuid: Option<String>,
    manually_correlated: bool,
    has_entitlements: bool,
    identity: Option<MinimalIdentity>,
    origin: Option<String>,
}

fn body() -> Vec<u8> {
    let accounts: Vec<Value> = (0..ACCOUNTS)
        .map(|i| {
            json!({
                "id": format!("2c9180835d2e5168015d32f890ca{i:04}"), "name": format!("john.doe.{i}"),
                "created": "2015-05-28T14:07:17Z", "modified": "2015-05-28T14:07:17Z",
                "sourceId": "2c9180835d2e5168015d32f890ca1581", "sourceName": "Employees",
                "identityId": "2c9180835d2e5168015d32f890ca1581",
                "attributes": {"firstName": "John", "lastName": "Doe", "mail": format!("john.doe.{i}@example.com"), "groups": ["a", "b"]},
                "authoritative": false, "description": null, "disabled": false, "locked": false,
                "nativeIdentity": format!("CN=John Doe {i},OU=Austin,DC=example,DC=com"), "systemAccount": false,
                "uncorrelated": false, "uuid": "{b0dce506-d6d4-44d2-8a32-d9a5b21fb175}", "manuallyCorrelated": false,
                "hasEntitlements": true, "identity": {"id": "2c918084660f45d6016617daa9210584", "name": "John Doe", "type": "IDENTITY"},
                "origin": "AGGREGATED"
            })
        })
        .collect();
    serde_json::to_vec(&accounts).unwrap_or_default()
}

fn median(f: impl Fn() -> usize) -> Duration {
    let mut samples: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[RUNS / 2]
}

fn main() {
    let body = body();
    let generated = median(|| {
        generated_client::runtime::decode_body::<Vec<Account>>("listAccounts", &body, false).map_or(0, |(v, d)| v.len() + d.len())
    });
    let minimal = median(|| serde_json::from_slice::<Vec<MinimalAccount>>(&body).map_or(0, |v| v.len()));
    let value = median(|| serde_json::from_slice::<Value>(&body).map_or(0, |v| v.as_array().map_or(0, Vec::len)));
    let mb = body.len() as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("decode: {ACCOUNTS} accounts, {mb:.1} MB, median of {RUNS} runs");
    println!("decode.generated_ms {:.1} ({:.0} MB/s)", ms(generated), mb / generated.as_secs_f64());
    println!("decode.minimal_struct_ms {:.1}", ms(minimal));
    println!("decode.value_ms {:.1}", ms(value));
    println!("decode.speed_vs_minimal {:.2}x (target >= 0.8x)", minimal.as_secs_f64() / generated.as_secs_f64());
    println!("decode.speed_vs_value {:.2}x (target >= 2x)", value.as_secs_f64() / generated.as_secs_f64());
}
