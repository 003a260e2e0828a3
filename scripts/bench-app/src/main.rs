//! Lists sources, reads and replaces one provisioning policy, and pages through accounts, against
//! the server given as the first argument (a benchmark of build cost; what it prints is moot).

use generated_client::isc::apis::{ListAccountsV1Options, ListSourcesV1Options};
use generated_client::isc::models::UsageType;
use generated_client::{Client, ClientConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), generated_client::Error> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".to_owned());
    let client = Client::new(ClientConfig::with_base_url(base_url).bearer_token("token"))?;
    let sources = client.isc().sources();
    let listed = sources.list_sources_v1(&ListSourcesV1Options::default()).await?;
    println!("{} sources", listed.len());
    let source = "2c9180835d191a86015d28455b4a2329";
    let mut policy = sources.get_provisioning_policy_v1(source, UsageType::Create).await?;
    policy.description = Some("Create account profile".into());
    sources.put_provisioning_policy_v1(source, UsageType::Create, &policy).await?;
    let accounts = client.isc().accounts().list_accounts_v1(&ListAccountsV1Options::default()).await?;
    println!("{} accounts", accounts.len());
    Ok(())
}
