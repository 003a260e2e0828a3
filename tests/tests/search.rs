//! Search past 10,000 results: the search streams page with `searchAfter` over the caller's sort
//! plus `id`, against a local server that refuses an offset past 10,000 as SailPoint's does, over
//! 25,000 documents of which many share a timestamp. Every document comes once, none is missed,
//! and documents come typed as the index's document type.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use generated_client::isc::apis::SearchPostV1Options;
use generated_client::v3::apis::SearchPostOptions;
use generated_client::{isc, v3, Client, ClientConfig};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const DOCUMENTS: usize = 25_000;
/// 25,000 documents over 600 timestamps: about 42 share each one, so every page boundary of
/// 250 falls inside a run of equal timestamps.
const TIMESTAMPS: usize = 600;
const OFFSET_LIMIT: usize = 10_000;

/// Identity documents with ids in no particular order and timestamps shared in runs.
fn documents() -> Vec<Value> {
    (0..DOCUMENTS)
        .map(|i| {
            let id = format!("{:016x}", (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let second = (i * 7919) % TIMESTAMPS;
            let created = format!("2026-01-01T{:02}:{:02}:{:02}Z", second / 3600, (second / 60) % 60, second % 60);
            json!({"id": id, "name": format!("user{i}"), "displayName": format!("User {i}"), "_type": "identity", "type": "identity", "created": created})
        })
        .collect()
}

/// SailPoint's search as far as paging goes: sort by the body's keys, start after `searchAfter`,
/// `offset` + `limit` at most 10,000, `X-Total-Count` on `count=true`.
struct SearchServer {
    documents: Arc<Vec<Value>>,
    /// The documents in each order asked for so far, sorted once.
    sorted: Mutex<BTreeMap<String, Arc<Vec<Value>>>>,
}

fn query(request: &Request, name: &str) -> Option<usize> {
    request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse().ok())
}

fn key<'a>(document: &'a Value, field: &str) -> &'a str {
    document.get(field).and_then(Value::as_str).unwrap_or_default()
}

/// Sort keys as (field, descending).
type Sort = Vec<(String, bool)>;

fn order(sort: &Sort, a: &Value, b: &Value) -> Ordering {
    sort.iter().fold(Ordering::Equal, |o, (field, descending)| {
        let by = key(a, field).cmp(key(b, field));
        o.then(if *descending { by.reverse() } else { by })
    })
}

impl SearchServer {
    fn sorted(&self, sort: &Sort) -> Arc<Vec<Value>> {
        let mut cache = self.sorted.lock().unwrap_or_else(|e| e.into_inner());
        let entry = cache.entry(format!("{sort:?}")).or_insert_with(|| {
            let mut documents = self.documents.to_vec();
            documents.sort_by(|a, b| order(sort, a, b));
            Arc::new(documents)
        });
        Arc::clone(entry)
    }
}

impl Respond for SearchServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let (limit, offset) = (query(request, "limit").unwrap_or(250), query(request, "offset").unwrap_or(0));
        if offset + limit > OFFSET_LIMIT {
            return ResponseTemplate::new(400).set_body_json(json!({"detailCode": "400.1 Bad Request Content", "messages": [{"text": "offset + limit must not exceed 10000; use searchAfter"}]}));
        }
        let sort: Sort = body["sort"]
            .as_array()
            .map(|keys| keys.iter().filter_map(Value::as_str).map(|k| (k.trim_start_matches(['-', '+']).to_owned(), k.starts_with('-'))).collect())
            .unwrap_or_default();
        let sorted = self.sorted(&sort);
        let start = match body["searchAfter"].as_array() {
            Some(values) => {
                let after = Value::Object(sort.iter().zip(values).map(|((field, _), value)| (field.clone(), value.clone())).collect());
                sorted.partition_point(|d| order(&sort, d, &after).is_le())
            }
            None => 0,
        };
        let page: Vec<&Value> = sorted.iter().skip(start + offset).take(limit).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(page);
        if request.url.query().is_some_and(|q| q.contains("count=true")) {
            response = response.insert_header("X-Total-Count", DOCUMENTS.to_string().as_str());
        }
        response
    }
}

async fn search_server(route: &str) -> (MockServer, Arc<Vec<Value>>) {
    let server = MockServer::start().await;
    let documents = Arc::new(documents());
    Mock::given(method("POST")).and(path(route)).respond_with(SearchServer { documents: documents.clone(), sorted: Mutex::default() }).mount(&server).await;
    (server, documents)
}

fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig::with_base_url(server.uri()).bearer_token("t")).unwrap_or_else(|e| panic!("{e}"))
}

fn all_ids(documents: &[Value]) -> BTreeSet<String> {
    documents.iter().map(|d| key(d, "id").to_owned()).collect()
}

async fn search_requests(server: &MockServer) -> Vec<(String, Value)> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|r| (r.url.query().unwrap_or_default().to_owned(), serde_json::from_slice(&r.body).unwrap_or_default())).collect()
}

#[tokio::test]
async fn the_isc_search_stream_reaches_every_document_once_with_ties_across_pages() {
    let (server, documents) = search_server("/search/v1").await;
    let client = client(&server);
    let search = isc::models::Search { indices: Some(vec![isc::models::Index::Identities]), sort: Some(vec!["created".into()]), ..Default::default() };
    let mut stream = client.isc().search().search_post_v1_stream::<isc::models::IdentityDocuments>(&search, SearchPostV1Options::default());
    let mut ids = Vec::new();
    while let Some(document) = stream.next().await {
        let document = document.unwrap_or_else(|e| panic!("{e}"));
        ids.push(document.id);
    }
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), DOCUMENTS, "every document once");
    assert_eq!(unique, all_ids(&documents), "none missed, none repeated");
    assert_eq!(stream.total_count(), Some(DOCUMENTS as u64));
    let requests = search_requests(&server).await;
    assert_eq!((requests.len() as u64, stream.pages()), (100, 100), "25,000 in pages of 250, none past the exactly full last page");
    assert!(requests.iter().all(|(query, body)| !query.contains("offset") && body["sort"] == json!(["created", "id"])));
    assert_eq!(requests[0].1.get("searchAfter"), None);
    assert_eq!(requests[1].1["searchAfter"].as_array().map(Vec::len), Some(2), "the last document's created and id");
}

#[tokio::test]
async fn the_v3_search_stream_pages_descending_in_large_pages_as_typed_documents() {
    let (server, documents) = search_server("/v3/search").await;
    let client = client(&server);
    let search = v3::models::Search { indices: Some(vec![v3::models::Index::Identities]), sort: Some(vec!["-created".into()]), ..Default::default() };
    let options = SearchPostOptions { limit: Some(1000), ..Default::default() };
    let found: Vec<_> = client.v3().search().search_post_stream::<v3::models::IdentityDocuments>(&search, options).collect().await;
    let found: Vec<v3::models::IdentityDocuments> = found.into_iter().map(|d| d.unwrap_or_else(|e| panic!("{e}"))).collect();
    assert_eq!(found.len(), DOCUMENTS);
    assert_eq!(found.iter().map(|d| d.id.clone()).collect::<BTreeSet<_>>(), all_ids(&documents));
    let created: Vec<_> = found.iter().map(|d| d.created.value().copied()).collect();
    assert!(created.iter().all(Option::is_some));
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first, as asked");
    assert!(found.iter().all(|d| d.r#type == Some(v3::models::DocumentType::Identity) && d.name.starts_with("user")));
    assert_eq!(search_requests(&server).await.len(), 25);
}

/// Why the stream adds `id`, and why it does not use `offset`: on this server, paging on the
/// timestamp alone loses documents, and an offset past 10,000 is refused.
#[tokio::test]
async fn one_sort_field_misses_documents_and_offset_stops_at_ten_thousand() {
    let (server, documents) = search_server("/v3/search").await;
    let client = client(&server);
    let search = |after: Option<Vec<String>>| v3::models::Search { sort: Some(vec!["created".into()]), search_after: after, ..Default::default() };
    let options = SearchPostOptions { limit: Some(250), ..Default::default() };
    let mut seen = BTreeSet::new();
    let mut after = None;
    loop {
        let page: Vec<Value> = client.request(&v3::SERVER, http::Method::POST, "/search").query("limit", 250).json_body(&search(after.clone())).json().await.unwrap_or_else(|e| panic!("{e}"));
        let Some(last) = page.last() else { break };
        after = Some(vec![key(last, "created").to_owned()]);
        seen.extend(page.iter().map(|d| key(d, "id").to_owned()));
    }
    assert!(seen.len() < documents.len(), "one sort field skips ties at page boundaries: {} of {}", seen.len(), documents.len());
    println!("paging on `created` alone found {} of {} documents", seen.len(), documents.len());

    let refused = client.v3().search().search_post(&search(None), &SearchPostOptions { offset: Some(10_000), ..options }).await.err();
    assert_eq!(refused.and_then(|e| e.status()).map(|s| s.as_u16()), Some(400));
}

/// The spec's example document of each kind (`spec/isc/components/examples/<name>.json`).
fn example_documents() -> Vec<Value> {
    ["accessprofiles", "accountactivities", "entitlements", "events", "identities", "roles"]
        .iter()
        .map(|name| {
            let path = format!("{}/../spec/isc/components/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let example: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap_or_else(|e| panic!("{path}: {e}"));
            example["value"][0].clone()
        })
        .collect()
}

/// Every property the spec lists for component schema `name`, through `allOf` and `$ref`.
fn listed_properties(name: &str, into: &mut BTreeSet<String>) {
    let path = format!("{}/../spec/isc/components/schemas/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))).unwrap_or_else(|e| panic!("{path}: {e}"));
    fn walk(schema: &Value, into: &mut BTreeSet<String>) {
        if let Some(reference) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            listed_properties(reference, into);
        }
        into.extend(schema["properties"].as_object().into_iter().flat_map(|p| p.keys().cloned()));
        schema["allOf"].as_array().into_iter().flatten().for_each(|part| walk(part, into));
    }
    walk(&schema, into);
}

/// What kind each decoded document is, and the properties it left over that its kind lists.
fn kind_and_misplaced(document: &isc::models::SearchDocuments) -> (&'static str, Vec<String>) {
    use isc::models::SearchDocuments as D;
    let (kind, schema, left_over) = match document {
        D::AccessProfileDocuments(d) => ("accessprofile", "accessprofiledocuments", &d.additional_properties),
        D::AccountActivityDocuments(d) => ("accountactivity", "accountactivitydocuments", &d.additional_properties),
        D::EntitlementDocuments(d) => ("entitlement", "entitlementdocuments", &d.additional_properties),
        D::EventDocuments(d) => ("event", "eventdocuments", &d.additional_properties),
        D::IdentityDocuments(d) => ("identity", "identitydocuments", &d.additional_properties),
        D::RoleDocuments(d) => ("role", "roledocuments", &d.additional_properties),
        D::Other(value) => panic!("kept whole, not decoded: {value}"),
    };
    let mut listed = BTreeSet::new();
    listed_properties(schema, &mut listed);
    (kind, left_over.keys().filter(|key| listed.contains(*key)).cloned().collect())
}

async fn mixed_search(page: Vec<Value>) -> Vec<isc::models::SearchDocuments> {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/search/v1")).respond_with(ResponseTemplate::new(200).set_body_json(page)).mount(&server).await;
    let client = client(&server);
    let search = isc::models::Search { query: Some(isc::models::Query { query: Some("*".into()), ..Default::default() }), ..Default::default() };
    let found: Vec<_> = client.isc().search().search_post_v1_stream::<isc::models::SearchDocuments>(&search, SearchPostV1Options::default()).collect().await;
    found.into_iter().map(|d| d.unwrap_or_else(|e| panic!("{e}"))).collect()
}

/// A page of every kind of document, in one search over all indices: each is its own kind (by
/// `_type`, the discriminator the generator found), and keeps no listed property left over.
#[tokio::test]
async fn a_mixed_search_decodes_every_document_as_its_own_kind() {
    let examples = example_documents();
    let mut page = examples.clone();
    page.reverse();
    let found = mixed_search(page.clone()).await;
    assert_eq!(found.len(), 6);
    for (document, sent) in found.iter().zip(&page) {
        let (kind, misplaced) = kind_and_misplaced(document);
        assert_eq!(Some(kind), sent["_type"].as_str(), "{sent}");
        assert_eq!(misplaced, Vec::<String>::new(), "{kind}: listed properties left over");
        assert_eq!(&serde_json::to_value(document).unwrap_or_default(), sent, "{kind}: sent back as it came");
    }
}

/// Without `_type` and `type`, each document is still the kind whose properties it fits best
/// rather than the first kind its `id` and `name` satisfy, even with an off-spec value in it.
#[tokio::test]
async fn documents_without_their_type_are_the_kind_they_fit_best() {
    let untyped: Vec<Value> = example_documents()
        .into_iter()
        .map(|mut document| {
            let kind = document["_type"].clone();
            if let Some(object) = document.as_object_mut() {
                object.remove("_type");
                object.remove("type");
                object.insert("kind".into(), kind);
            }
            document
        })
        .collect();
    let found = mixed_search(untyped.clone()).await;
    let kinds: Vec<&str> = found.iter().map(|d| kind_and_misplaced(d).0).collect();
    let sent: Vec<&str> = untyped.iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, sent);
    assert!(found.iter().all(|d| kind_and_misplaced(d).1.is_empty()));
    // The entitlement example's `containsDataAccess` is the string "false": repaired in its own
    // kind, and sent back as it came, rather than making the document a kind it fits worse.
    assert_eq!(serde_json::to_value(&found).unwrap_or_default(), Value::Array(untyped));
}
