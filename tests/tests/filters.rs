//! Typed filters and sorters over real HTTP: the exact query string each sends, for values of
//! every kind the response models give (strings, booleans, date-times, enums, nested fields),
//! composite operators where the docs list them, and a hand-written filter where they do not.

use chrono::{TimeZone, Utc};
use futures_util::StreamExt;
use generated_client::isc::apis::{ListAccessProfilesV1Filter as Profiles, ListAccessProfilesV1Options, ListAccessProfilesV1Sort as ProfileSort};
use generated_client::isc::apis::{ListAccountsV1Filter as Accounts, ListAccountsV1Options, ListAccountsV1Sort as AccountSort};
use generated_client::isc::apis::{ListAllUserAppsV1Filter as UserApps, ListAllUserAppsV1Options};
use generated_client::isc::models::AccountOrigin;
use generated_client::runtime::{Filter, RetryPolicy};
use generated_client::{Client, ClientConfig};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&server).await;
    // Experimental operations opted into: `listAllUserAppsV1` is one.
    let client = Client::new(ClientConfig::with_base_url(server.uri()).retry(RetryPolicy::none()).experimental(true)).expect("client");
    (server, client)
}

/// The query of the one request `server` got, percent-decoded pair by pair.
async fn sent(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pair<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn each_value_kind_is_sent_as_the_filter_syntax_wants() {
    let created = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).single().expect("a date");
    let cases: Vec<(Filter<Accounts>, &str)> = vec![
        (Accounts::source_id().eq("2c9180835d2e5168015d32f890ca1581"), r#"sourceId eq "2c9180835d2e5168015d32f890ca1581""#),
        (Accounts::name().sw(r#"O'Brien "Jr" \ #1 & 50%"#), r#"name sw "O'Brien \"Jr\" \\ #1 & 50%""#),
        (Accounts::created().ge(created), "created ge 2026-12-01T08:30:00Z"),
        (Accounts::has_entitlements().eq(true), "hasEntitlements eq true"),
        (Accounts::origin().in_list([AccountOrigin::Provisioned, AccountOrigin::Aggregated]), r#"origin in ("PROVISIONED","AGGREGATED")"#),
        (Accounts::identity_name().in_list(["Ann", "Bob"]), r#"identity.name in ("Ann","Bob")"#),
        (Accounts::recommendation_method().isnull(), "recommendation.method isnull"),
        (Filter::raw(r#"sourceId eq "a" and uncorrelated eq true"#), r#"sourceId eq "a" and uncorrelated eq true"#),
    ];
    for (filter, text) in cases {
        let (server, client) = server().await;
        let options = ListAccountsV1Options { filters: Some(filter), sorters: Some(AccountSort::created().desc().then(AccountSort::identity_name())), ..Default::default() };
        client.isc().accounts().list_accounts_v1(&options).await.expect("200");
        let query = sent(&server).await;
        assert_eq!(pair(&query, "filters"), Some(text));
        assert_eq!(pair(&query, "sorters"), Some("-created,identity.name"));
    }
}

#[tokio::test]
async fn composites_are_sent_with_the_parentheses_precedence_needs_and_the_wire_bytes_are_exact() {
    let (server, client) = server().await;
    let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a date");
    let filter = Profiles::requestable().eq(true).and(Profiles::name().sw("Sales").or(Profiles::source_id().in_list(["s1", "s2"]))).and(Profiles::created().gt(since));
    let options = ListAccessProfilesV1Options { filters: Some(filter), sorters: Some(ProfileSort::name().into()), ..Default::default() };
    client.isc().access_profiles().list_access_profiles_v1(&options).await.expect("200");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.query(),
        Some("filters=requestable%20eq%20true%20and%20%28name%20sw%20%22Sales%22%20or%20source.id%20in%20%28%22s1%22%2C%22s2%22%29%29%20and%20created%20gt%202026-01-01T00%3A00%3A00Z&sorters=name"),
        "every byte outside the unreserved set percent-encoded"
    );
}

#[tokio::test]
async fn a_stream_sends_the_typed_filter_with_every_page() {
    let (server, client) = server().await;
    let options = ListAccountsV1Options { filters: Some(Accounts::uncorrelated().eq(true)), ..Default::default() };
    let accounts: Vec<_> = client.isc().accounts().list_accounts_v1_stream(options).collect().await;
    assert!(accounts.is_empty());
    assert_eq!(pair(&sent(&server).await, "filters"), Some("uncorrelated eq true"));
}

#[tokio::test]
async fn a_required_filter_is_typed_in_the_call_and_its_stream() {
    let (calls, client) = server().await;
    let filter = UserApps::owner_name().sw("Ann \"A\"");
    client.isc().apps().list_all_user_apps_v1(&filter, &ListAllUserAppsV1Options::default()).await.expect("200");
    assert_eq!(pair(&sent(&calls).await, "filters"), Some(r#"ownerName sw "Ann \"A\"""#));

    let (pages, client) = server().await;
    let apps: Vec<_> = client.isc().apps().list_all_user_apps_v1_stream(&UserApps::account_id().eq("acc-1"), Default::default()).collect().await;
    assert!(apps.is_empty());
    assert_eq!(pair(&sent(&pages).await, "filters"), Some(r#"accountId eq "acc-1""#));
}

#[tokio::test]
async fn an_operation_that_filters_as_another_of_its_tag_takes_that_ones_fields_under_its_own_name() {
    use generated_client::isc::apis::{ListEntitlementChildrenV1Filter, ListEntitlementParentsV1Filter as Parents, ListEntitlementParentsV1Options};
    // The same type, not a copy: a filter built for one operation is the other's too.
    let filter: Filter<ListEntitlementChildrenV1Filter> = Parents::name().sw("Admin");
    let (server, client) = server().await;
    let options = ListEntitlementParentsV1Options { filters: Some(filter), ..Default::default() };
    client.isc().entitlements().list_entitlement_parents_v1("2c91808874ff91550175097daaec161c", &options).await.expect("200");
    assert_eq!(pair(&sent(&server).await, "filters"), Some(r#"name sw "Admin""#));
}
