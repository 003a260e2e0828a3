//! Every construct the generator supports, over real HTTP against a local mock server, through
//! the client generated from `tests/fixtures/constructs.yaml`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use constructs_client::constructs::apis::{GetPetOptions, ListPetsOptions, UploadFileForm};
use constructs_client::constructs::models::{Dog, DogBark, Kind, Meta, Owner, PatchOp, PatchOpOp, Pet, StringOrCount, TreeNode};
use constructs_client::runtime::RetryPolicy;
use constructs_client::constructs::ErrorBody;
use constructs_client::{Client, ClientConfig, Error, FilePart};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let client = Client::new(ClientConfig::with_base_url(server.uri()).retry(RetryPolicy::none())).expect("client");
    (server, client)
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn dog_json() -> Value {
    json!({
        "id": "d-1", "name": null, "petType": "dog", "born": "2020-02-29", "seen": "2024-01-02T03:04:05Z",
        "color": null, "weight": 12.5, "chip": 9007199254740993i64, "labels": {"a": "b"},
        "extra": {"anything": [1, {"x": null}]}, "bark": "LOUD"
    })
}

#[tokio::test]
async fn header_parameters_travel_and_a_discriminated_all_of_union_decodes() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(dog_json())).await;
    let pet = client
        .constructs().pets().get_pet("rex 1", "req-42", &GetPetOptions { x_trace: Some(7) })
        .await
        .expect("200");
    let request = only_request(&server).await;
    // The base URL is the origin: the server's base path `/v1` is appended.
    assert_eq!(request.url.path(), "/v1/pets/rex%201");
    assert_eq!(header(&request, "x-request-id"), Some("req-42"));
    assert_eq!(header(&request, "x-trace"), Some("7"));

    let Pet::Dog(dog) = pet else { panic!("a dog: {pet:?}") };
    assert_eq!(dog.id.as_deref(), Some("d-1"));
    assert_eq!(dog.name, None);
    assert_eq!(dog.born, NaiveDate::from_ymd_opt(2020, 2, 29));
    assert_eq!(dog.seen, Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).single());
    assert_eq!(dog.color, constructs_client::Nullable::Null, "null, not absent");
    assert_eq!(dog.weight, Some(12.5));
    assert_eq!(dog.chip, Some(9_007_199_254_740_993));
    assert_eq!(dog.labels, Some(BTreeMap::from([("a".to_owned(), "b".to_owned())])));
    assert_eq!(dog.extra.as_ref().and_then(|e| e.get("anything")), Some(&json!([1, {"x": null}])));
    assert_eq!(dog.bark, Some(DogBark::Loud));
    assert_eq!((dog.good, dog.tricks), (None, None), "absent, as they came");
    assert!(dog.good(), "the default true is read");
    assert_eq!(dog.tricks(), 3, "the default 3 is read");
}

#[tokio::test]
async fn an_unknown_discriminator_value_is_kept_not_fatal() {
    let bird = json!({"name": "tweety", "petType": "bird", "wings": 2});
    let (_server, client) = answering(ResponseTemplate::new(200).set_body_json(&bird)).await;
    let pet = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect("200");
    assert_eq!(pet, Pet::Other(bird));
}

#[tokio::test]
async fn error_bodies_decode_per_status_and_by_default() {
    for status in [404u16, 503] {
        let (_server, client) = answering(ResponseTemplate::new(status).set_body_json(json!({"detail": "no"}))).await;
        let err = client.constructs().pets().get_pet("p", "r", &GetPetOptions::default()).await.expect_err("error");
        let api = err.as_api().expect("API error");
        assert_eq!(api.status.as_u16(), status);
        let Some(ErrorBody::Problem(problem)) = api.body::<ErrorBody>() else { panic!("{api:?}") };
        assert_eq!(problem.detail.as_deref(), Some("no"));
    }
}

#[tokio::test]
async fn read_only_is_never_sent_and_write_only_is() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(dog_json())).await;
    let dog = Dog {
        id: Some("server-side".into()),
        name: Some("rex".into()),
        pet_type: "dog".into(),
        password: Some("hunter2".into()),
        ..Default::default()
    };
    let patch = vec![PatchOp { value: Some(serde_json::to_value(&dog).expect("encode")), ..PatchOp::new(PatchOpOp::Replace, "/dog".into()) }];
    client.constructs().pets().patch_pet("p", &patch).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(header(&request, "content-type"), Some("application/json-patch+json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        json!([{"op": "replace", "path": "/dog", "value": {"name": "rex", "petType": "dog", "password": "hunter2"}}]),
        "read-only left out, write-only sent, no default written"
    );
}

#[tokio::test]
async fn no_content_is_unit() {
    let (server, client) = answering(ResponseTemplate::new(204)).await;
    #[allow(deprecated, reason = "the deprecated operation is the construct under test")]
    let result = client.constructs().pets().delete_pet("p").await;
    result.expect("204");
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
}

#[tokio::test]
async fn query_parameters_of_every_type() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let options = ListPetsOptions {
        limit: Some(5),
        sorted: Some(true),
        kind: Some(Kind::UnknownKind),
        tags: Some(vec!["x".into(), "y/z".into()]),
        ids: Some(vec!["1".into(), "2,3".into()]),
        since: Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).single(),
    };
    let pets = client.constructs().pets().list_pets("name eq \"a b\"", &options).await.expect("200");
    assert!(pets.is_empty());
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("limit=5&sorted=true&kind=unknown-kind&tags=x&tags=y%2Fz&ids=1,2%2C3&since=2024-01-02T03%3A04%3A05Z&filters=name%20eq%20%22a%20b%22")
    );

    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    client.constructs().pets().list_pets("f", &ListPetsOptions::default()).await.expect("200");
    assert_eq!(only_request(&server).await.url.query(), Some("filters=f"), "unset options are not sent");
}

#[tokio::test]
async fn keywords_maps_of_unions_and_two_success_codes() {
    let owner_json = json!({
        "type": "a", "_type": "b", "move": true, "self": "c", "3d": false, "größe": 3,
        "favorite": 5, "pets": {"rex": dog_json(), "odd": {"petType": "fish"}}
    });
    for status in [200u16, 201] {
        let (server, client) = answering(ResponseTemplate::new(status).set_body_json(&owner_json)).await;
        let owner = client.constructs().pets().replace_pets(&Owner { favorite: Some(StringOrCount::String("x".into())), ..Default::default() }).await.expect("2xx");
        let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON");
        assert_eq!(sent, json!({"favorite": "x"}));
        assert_eq!((owner.r#type.as_deref(), owner.type_.as_deref(), owner.r#move, owner.self_.as_deref()), (Some("a"), Some("b"), Some(true), Some("c")));
        assert_eq!((owner.n3d, owner.gr_u00f6_u00df_e), (Some(false), Some(3)));
        assert_eq!(owner.favorite, Some(StringOrCount::Integer(5)));
        let pets = owner.pets.as_ref().expect("pets");
        assert!(matches!(pets.get("rex"), Some(Pet::Dog(_))));
        assert!(matches!(pets.get("odd"), Some(Pet::Other(_))));
        let mut expected = owner_json.clone();
        let rex = &mut expected["pets"]["rex"];
        rex.as_object_mut().map(|o| o.remove("id"));
        assert_eq!(serde_json::to_value(&owner).expect("encode"), expected, "read-only left out, no default written, null kept");
    }
}

/// Nulls the spec allows inside maps and arrays are kept, and floats come back exactly as sent:
/// `format: float` is an `f64`, and serde_json reads floats exactly (`float_roundtrip`).
#[tokio::test]
async fn nullable_items_and_float_values_round_trip_exactly() {
    let owner_json = json!({"nicknames": {"a": "Al", "b": null}, "scores": [10.45, null, 0.1, 1e-7, 123456.789]});
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(&owner_json)).await;
    let response = client.constructs().pets().replace_pets(&Owner::default()).with_response().await.expect("200");
    assert!(response.deviations.is_empty(), "{:?}", response.deviations);
    let owner = response.value;
    assert_eq!(owner.nicknames.as_ref().and_then(|n| n.get("b")), Some(&None));
    assert_eq!(owner.scores.as_ref().map(|s| s[0]), Some(Some(10.45)));
    assert_eq!(serde_json::to_value(&owner).expect("encode"), owner_json);
    drop(server);
}

#[tokio::test]
async fn recursive_models_round_trip() {
    let tree = json!({"label": "leaf", "parent": {"label": "mid", "parent": {"label": "root"}}, "children": [{"label": "c"}]});
    let (server, client) = answering(ResponseTemplate::new(200).set_body_json(&tree)).await;
    let node = TreeNode {
        label: "leaf".into(),
        parent: Some(Box::new(TreeNode { label: "mid".into(), parent: Some(Box::new(TreeNode { label: "root".into(), ..Default::default() })), ..Default::default() })),
        children: Some(vec![TreeNode { label: "c".into(), ..Default::default() }]),
        ..Default::default()
    };
    let echoed = client.constructs().pets().create_tree(&node).await.expect("200");
    assert_eq!(echoed, node);
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON");
    assert_eq!(sent, tree);
}

#[tokio::test]
async fn multipart_uploads_files_text_and_json_parts() {
    let (server, client) = answering(ResponseTemplate::new(202)).await;
    let form = UploadFileForm {
        file: FilePart::new(&b"col1,col2\n1,2\n"[..]).file_name("accounts.csv").content_type("text/csv"),
        name: Some("accounts".into()),
        count: Some(2),
        meta: Some(Meta { a: Some("x".into()), ..Default::default() }),
    };
    client.constructs().files().upload_file(form).await.expect("202");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").expect("content type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8(request.body.clone()).expect("UTF-8 body");
    for expected in [
        "Content-Disposition: form-data; name=\"file\"; filename=\"accounts.csv\"\r\nContent-Type: text/csv\r\n\r\ncol1,col2\n1,2\n\r\n",
        "Content-Disposition: form-data; name=\"name\"\r\n\r\naccounts\r\n",
        "Content-Disposition: form-data; name=\"count\"\r\n\r\n2\r\n",
        "Content-Disposition: form-data; name=\"meta\"\r\n\r\n{\"a\":\"x\"}\r\n",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in {body}");
    }
}

#[tokio::test]
async fn csv_xml_and_plain_text_come_back_as_text() {
    let (server, client) = answering(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv")).await;
    assert_eq!(client.constructs().files().get_csv().await.expect("200"), "a,b\n1,2\n");
    assert_eq!(header(&only_request(&server).await, "accept"), Some("text/csv"));

    let (server, client) = answering(ResponseTemplate::new(200).set_body_raw("<c/>", "application/xml")).await;
    assert_eq!(client.constructs().files().get_config().await.expect("200"), "<c/>");
    assert_eq!(header(&only_request(&server).await, "accept"), Some("application/xml"));

    let (server, client) = answering(ResponseTemplate::new(200).set_body_raw("noted", "text/plain")).await;
    assert_eq!(client.constructs().files().put_notes("a note\n").await.expect("200"), "noted");
    let request = only_request(&server).await;
    assert_eq!((header(&request, "content-type"), &request.body[..]), (Some("text/plain"), &b"a note\n"[..]));
}

#[tokio::test]
async fn zip_and_pdf_come_back_as_bytes() {
    let zip = vec![0x50, 0x4b, 0x03, 0x04, 0xff, 0x00];
    let (server, client) = answering(ResponseTemplate::new(200).set_body_raw(zip.clone(), "application/zip")).await;
    assert_eq!(client.constructs().files().get_archive().await.expect("200"), bytes::Bytes::from(zip));
    assert_eq!(header(&only_request(&server).await, "accept"), Some("application/zip"));

    let (server, client) = answering(ResponseTemplate::new(200).set_body_raw(&b"%PDF-1.7"[..], "application/pdf")).await;
    assert_eq!(&client.constructs().files().get_report().await.expect("200")[..], b"%PDF-1.7");
    assert_eq!(header(&only_request(&server).await, "accept"), Some("application/csv, application/pdf"));
}

#[tokio::test]
async fn a_text_body_that_is_not_utf8_is_a_decode_error_that_keeps_it() {
    let (_server, client) = answering(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe], "text/csv")).await;
    let err = client.constructs().files().get_csv().await.expect_err("not UTF-8");
    assert!(matches!(&err, Error::Decode { body, .. } if body[..] == [0xff, 0xfe]), "{err:?}");
}

/// Off-spec values inside a union inside a map are repaired where they are, not by dropping the
/// whole union value, and go back as they came.
#[tokio::test]
async fn off_spec_values_inside_a_union_inside_a_map_are_repaired_in_place() {
    let mut dog = dog_json();
    dog["name"] = json!(5);
    dog["weight"] = json!("heavy");
    let owner_json = json!({"pets": {"rex": dog}});
    let (_server, client) = answering(ResponseTemplate::new(200).set_body_json(&owner_json)).await;
    let response = client.constructs().pets().replace_pets(&Owner::default()).with_response().await.expect("lenient decoding succeeds");
    let paths: Vec<&str> = response.deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/pets/rex/name", "/pets/rex/weight"]);
    let pets = response.value.pets.as_ref().expect("pets");
    let Some(Pet::Dog(rex)) = pets.get("rex") else { panic!("{pets:?}") };
    assert_eq!((rex.name.as_deref(), rex.weight), (None, None));
    let encoded = serde_json::to_value(&response.value).expect("encode");
    assert_eq!((&encoded["pets"]["rex"]["name"], &encoded["pets"]["rex"]["weight"]), (&json!(5), &json!("heavy")), "{encoded}");
}
