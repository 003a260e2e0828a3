//! The README's fake-tenant example, run as it is shown: the text between the markers is in the
//! README word for word (the last test checks).

// README: begin
use generated_client::isc::models::{FieldDetailsDto, FieldDetailsDtoType, ProvisioningPolicyDto, UsageType};
use generated_client::{testing, Client};

/// The automation under test: every account source `source_id` creates gets a `displayName`.
/// Returns whether the policy had to change.
async fn ensure_display_name(client: &Client, source_id: &str) -> generated_client::Result<bool> {
    let sources = client.isc().sources();
    let mut policy = sources.get_provisioning_policy_v1(source_id, UsageType::Create).await?;
    let fields = policy.fields.get_or_insert_with(Vec::new);
    if fields.iter().any(|field| field.name.as_deref() == Some("displayName")) {
        return Ok(false);
    }
    let display_name = FieldDetailsDto { name: Some("displayName".into()), r#type: Some(FieldDetailsDtoType::String), ..FieldDetailsDto::new() };
    fields.push(display_name);
    sources.put_provisioning_policy_v1(source_id, UsageType::Create, &policy).await?;
    Ok(true)
}

fn policy(fields: &[&str]) -> ProvisioningPolicyDto {
    let fields = fields.iter().map(|name| FieldDetailsDto { name: Some((*name).into()), ..FieldDetailsDto::new() });
    ProvisioningPolicyDto { name: Some("Account".into()), fields: Some(fields.collect()), ..ProvisioningPolicyDto::new() }
}

#[tokio::test]
async fn adds_a_missing_display_name() {
    // Strict: a request the test did not answer gets a 501 and fails the test, named.
    let tenant = testing::start_strict().await;
    let sources = tenant.isc().sources();
    sources.get_provisioning_policy_v1("src-1", UsageType::Create).returns(policy(&["mail"]));
    sources.put_provisioning_policy_v1("src-1", UsageType::Create, &policy(&[])).returns(policy(&["mail", "displayName"]));

    assert!(ensure_display_name(&tenant, "src-1").await.unwrap());

    let put = &tenant.received_for("putProvisioningPolicyV1")[0];
    let sent: ProvisioningPolicyDto = put.json().unwrap();
    let names: Vec<_> = sent.fields.unwrap().into_iter().filter_map(|field| field.name).collect();
    assert_eq!(names, ["mail", "displayName"]);
}

#[tokio::test]
async fn leaves_a_policy_that_has_one_alone() {
    let tenant = testing::start_strict().await;
    let sources = tenant.isc().sources();
    sources.get_provisioning_policy_v1("src-1", UsageType::Create).returns(policy(&["displayName"]));

    assert!(!ensure_display_name(&tenant, "src-1").await.unwrap());
    // No PUT was answered: had the automation sent one, dropping the tenant would fail the test.
}
// README: end

#[test]
fn the_readme_shows_this_example_word_for_word() {
    let source = include_str!("readme_fake_tenant.rs");
    let example = source.split("// README: begin\n").nth(1).and_then(|rest| rest.split("// README: end").next()).expect("the markers");
    let readme = std::fs::read_to_string(tests::workspace_root().join("README.md")).expect("README.md");
    assert!(readme.contains(example), "README.md must show tests/tests/readme_fake_tenant.rs between its markers, as it is");
}
