//! A union keeps the alternative the data is: chosen on the value as it came, repaired inside
//! that alternative, and sent back as it came. Both cases were found against a mock of the
//! current ISC API and NERM: a whole call failed, and a transform changed kind on the way back.

use generated_client::isc::models::{Transform, TransformAttributes};
use generated_client::nerm::models::{PatchUsersRequest, PatchUsersResponse};
use generated_client::runtime::{Repair, RetryPolicy};
use generated_client::{Client, ClientConfig, Connection};
use serde_json::{json, Value};
use tests::server_answering;
use wiremock::{MockServer, ResponseTemplate};

/// A client of every API at `server`, decoding strictly when `strict`.
fn client_decoding(server: &MockServer, strict: bool) -> Client {
    let config = ClientConfig::with_base_url(server.uri())
        .bearer_token("t")
        .retry(RetryPolicy::none())
        .experimental(true)
        .strict_decoding(strict)
        .connection("nerm", Connection::with_base_url(server.uri()).bearer_token("t"));
    Client::new(config).unwrap_or_else(|e| panic!("{e}"))
}

fn client(server: &MockServer) -> Client {
    client_decoding(server, false)
}

async fn last_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.last().and_then(|r| serde_json::from_slice(&r.body).ok()).unwrap_or(Value::Null)
}

/// NERM `patchUsers` answers `oneOf [Users, Job]`; one user's `last_login` that is not a
/// date-time is that user's property to repair, not a reason to fail the call.
#[tokio::test]
async fn an_off_spec_value_in_an_array_inside_a_union_is_repaired_where_it_is() {
    let user = |login: &str, last_login: &str| json!({"id": "db6f8e8b-65c2-47d5-a0db-90bcc4e9df9e", "name": login, "login": login, "status": "Active", "last_login": last_login});
    let body = json!({"users": [user("ann", "2024-02-07T12:55:20Z"), user("bob", "Wed, 07 Feb 2024 12:55:20 EST"), user("cy", "2024-02-07T12:55:20Z")]});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&body)).await;
    let response = client(&server).nerm().users().patch_users(&PatchUsersRequest::default()).with_response().await.unwrap_or_else(|e| panic!("{e}"));
    let PatchUsersResponse::Users(users) = &response.value else { panic!("not the Users alternative: {:?}", response.value) };
    let users = users.users.as_deref().unwrap_or_default();
    assert_eq!(users.iter().map(|u| u.login.as_deref().unwrap_or_default()).collect::<Vec<_>>(), ["ann", "bob", "cy"]);
    assert_eq!((users[0].last_login.is_some(), users[1].last_login, users[2].last_login.is_some()), (true, None, true));
    let deviations: Vec<(&str, &Repair)> = response.deviations.iter().map(|d| (d.path.as_str(), &d.repair)).collect();
    assert_eq!(deviations, [("/users/1/last_login", &Repair::Dropped(json!("Wed, 07 Feb 2024 12:55:20 EST")))]);

    let error = client_decoding(&server, true).nerm().users().patch_users(&PatchUsersRequest::default()).await.map(drop);
    let message = error.err().map(|e| format!("{e} {:?}", std::error::Error::source(&e).map(ToString::to_string))).unwrap_or_default();
    assert!(message.contains("/users/1/last_login"), "strictly, the error names where: {message}");
}

/// A transform's attributes are a union without a discriminator. `index: 1` where `split` says
/// a string stays a `split`, repaired inside, and goes back in a PUT as it came.
#[tokio::test]
async fn a_union_value_keeps_its_alternative_and_goes_back_as_it_came() {
    let attributes = json!({"delimiter": ",", "index": 1, "input": {"type": "accountAttribute", "attributes": {"attributeName": "name", "sourceName": "HR"}}});
    let read = json!({"id": "t1", "name": "Second part", "type": "split", "internal": false, "attributes": attributes});
    let server = server_answering(ResponseTemplate::new(200).set_body_json(&read)).await;
    let client = client(&server);
    let response = client.isc().transforms().get_transform_v1("t1").with_response().await.unwrap_or_else(|e| panic!("{e}"));
    let Some(TransformAttributes::Split(split)) = &response.value.attributes else { panic!("not a split: {:?}", response.value.attributes) };
    assert_eq!((split.delimiter.as_str(), split.index.as_str()), (",", ""), "the required string holds its placeholder");
    let deviations: Vec<&str> = response.deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(deviations, ["/attributes/index"]);

    let transform = Transform { attributes: response.value.attributes.clone(), ..Transform::new(response.value.name.clone(), response.value.r#type.clone()) };
    client.isc().transforms().update_transform_v1("t1", &transform).await.unwrap_or_else(|e| panic!("{e}"));
    let sent = last_body(&server).await;
    assert_eq!(sent["attributes"], attributes, "sent back as it came: {sent}");
}
