//! Defaults are read, not written, and read-only properties are the server's: over HTTP, a GET
//! then PUT sends back no default the server left out, a value a caller builds sends only what
//! the caller set, and a request body kept as JSON needs none of the properties the server sets.

use generated_client::isc::models::{AccessProfile, AccessProfileSourceRef, CampaignTemplate, MfaOktaConfig};
use generated_client::runtime::{Repair, RetryPolicy};
use generated_client::{Client, ClientConfig};
use serde_json::{json, Value};
use tests::{server_answering, workspace_root};
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").retry(RetryPolicy::none())).unwrap_or_else(|e| panic!("{e}"))
}

async fn last_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.last().and_then(|r| serde_json::from_slice(&r.body).ok()).unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_get_then_put_without_enabled_sends_no_enabled() {
    // `enabled` defaults to false in the spec; this tenant leaves it out.
    let config = json!({"mfaMethod": "okta-verify", "host": "example.okta.com", "accessKey": "k", "identityAttribute": "email"});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&config)).await;
    let client = client(&server);
    let mfa = client.isc().mfa_configuration();
    let mut got = mfa.get_mfa_okta_config_v1().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.enabled, None, "absent, as it came");
    assert!(!got.enabled(), "read with the spec's default");

    mfa.set_mfa_okta_config_v1(&got).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last_body(&server).await, config, "the PUT sends what the GET gave, no `enabled`");

    got.enabled = Some(false);
    mfa.set_mfa_okta_config_v1(&got).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last_body(&server).await["enabled"], json!(false), "set by the caller, sent even when it equals the default");
}

#[tokio::test]
async fn a_value_the_caller_builds_sends_only_what_the_caller_set() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({"name": "Employees", "source": {"id": "s1"}}))).await;
    let source = AccessProfileSourceRef { id: Some("s1".into()), ..Default::default() };
    let profile = AccessProfile::new("Employees".into(), source);
    let created = client(&server).isc().access_profiles().create_access_profile_v1(&profile).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last_body(&server).await, json!({"name": "Employees", "owner": null, "source": {"id": "s1"}}), "no `enabled: false`, no `requestable: true`");
    assert_eq!((created.enabled, created.requestable), (None, None));
    assert_eq!((created.enabled(), created.requestable()), (false, true), "the spec's defaults, read");
    let mut mfa = MfaOktaConfig::new();
    mfa.host = "h".to_owned().into();
    assert_eq!(serde_json::to_value(&mfa).ok(), Some(json!({"host": "h"})));
}

/// `createCampaignTemplateV1`'s own request examples: `created` and `modified` are required and
/// read-only, and none of the examples has them.
fn campaign_template_examples() -> Vec<(String, Value)> {
    let dir = workspace_root().join("spec/isc/components/examples");
    ["createcampaigntemplatemanager", "createcampaigntemplatesearch", "createcampaigntemplatesourceowner", "createcampaigntemplaterolecomposition"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap_or_else(|e| panic!("{name}: {e}"));
            let example: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            ((*name).to_owned(), example["value"].clone())
        })
        .collect()
}

#[tokio::test]
async fn a_request_body_needs_none_of_its_read_only_properties() {
    let examples = campaign_template_examples();
    assert_eq!(examples.len(), 4);
    for (name, example) in examples {
        assert_eq!(example.get("created"), None, "{name}");
        let template: CampaignTemplate = serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((template.created, template.modified), (None, None), "{name}");
        let server = server_answering(ResponseTemplate::new(200).set_body_json(&example)).await;
        client(&server).isc().certification_campaigns().create_campaign_template_v1(&template).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        let sent = last_body(&server).await;
        assert_eq!(sent.get("created").or_else(|| sent.get("modified")), None, "{name}: read-only never sent");
        assert_eq!(sent["name"], example["name"], "{name}");
    }
}

#[tokio::test]
async fn a_response_without_a_required_read_only_property_is_repaired_and_reported() {
    let template = json!({"name": "Manager Review", "description": "d", "campaign": {"name": "c", "description": "d", "type": "MANAGER"}, "modified": "2026-01-02T03:04:05Z"});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&template)).await;
    let answered = client(&server).isc().certification_campaigns().get_campaign_template_v1("t1").with_response().await.unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<(&str, &Repair)> = answered.deviations.iter().map(|d| (d.path.as_str(), &d.repair)).collect();
    assert_eq!(paths, [("/created", &Repair::Placeholder(Value::Null))], "reported, and nothing invented");
    assert_eq!(answered.value.created, None);
    assert!(answered.value.modified.is_some());

    let strict = Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t").strict_decoding(true)).unwrap_or_else(|e| panic!("{e}"));
    let refused = strict.isc().certification_campaigns().get_campaign_template_v1("t1").await;
    assert!(refused.is_err(), "a strict client refuses the response: {refused:?}");
}
