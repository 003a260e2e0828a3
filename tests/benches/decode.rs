//! Decoding speed: a 10,000-account list response into the generated models (lenient decoding
//! and unknown-property preservation on, as the client decodes), against serde_json into a
//! minimal hand-written struct with the same fields, and into `serde_json::Value`.
//! Prints figures; asserts nothing. `cargo bench -p tests --bench decode`.

use std::time::{Duration, Instant};

use generated_client::v3::models::Account;
use serde::Deserialize;
use serde_json::{json, Value};

const ACCOUNTS: usize = 10_000;
const ROUNDS: usize = 41;

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

/// One timed run of `f`, after one untimed: what a decoder costs depends on the state the run
/// before it left the allocator's heap in (decoding into `Value` leaves it full of small free
/// chunks, which the next run pays to consolidate), so each is timed after a run of its own, as
/// a client decoding page after page of one type is.
fn time(f: &impl Fn() -> usize) -> Duration {
    std::hint::black_box(f());
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

fn median<T: PartialOrd + Copy>(mut samples: Vec<T>) -> T {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    samples[samples.len() / 2]
}

/// Runs the three decoders in turn, `ROUNDS` times, so that each round's figures share the
/// machine's state (a busy neighbour): a ratio is taken within a round, and the median of those
/// is what is reported.
fn main() {
    let body = body();
    let generated = || generated_client::runtime::decode_body::<Vec<Account>>("listAccounts", &body, false).map_or(0, |(v, d)| v.len() + d.len());
    let minimal = || serde_json::from_slice::<Vec<MinimalAccount>>(&body).map_or(0, |v| v.len());
    let value = || serde_json::from_slice::<Value>(&body).map_or(0, |v| v.as_array().map_or(0, Vec::len));
    let rounds: Vec<[Duration; 3]> = (0..ROUNDS).map(|_| [time(&generated), time(&minimal), time(&value)]).collect();
    let of = |i: usize| median(rounds.iter().map(|round| round[i]).collect());
    let ratio = |i: usize| median(rounds.iter().map(|round| round[i].as_secs_f64() / round[0].as_secs_f64()).collect());
    let mb = body.len() as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("decode: {ACCOUNTS} accounts, {mb:.1} MB, {ROUNDS} rounds (medians; ratios within a round)");
    println!("decode.generated_ms {:.1} ({:.0} MB/s)", ms(of(0)), mb / of(0).as_secs_f64());
    println!("decode.minimal_struct_ms {:.1}", ms(of(1)));
    println!("decode.value_ms {:.1}", ms(of(2)));
    println!("decode.speed_vs_minimal {:.2}x (target >= 0.9x)", ratio(1));
    println!("decode.speed_vs_value {:.2}x (target >= 2x)", ratio(2));
}
