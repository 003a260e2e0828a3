//! Any bytes as the body of any response of the four APIs: decoding it leniently and strictly
//! (and encoding again what decodes) must return, never panic, overflow or hang. The first two
//! bytes choose the response (operation and status); the rest is the body, most often JSON
//! grown from the spec's own examples, which the corpus starts from.
#![no_main]

use generated_client::isc::contract::Codec;
use libfuzzer_sys::fuzz_target;

/// Every response codec of the four APIs, in one list.
fn codecs() -> &'static [Codec] {
    static CODECS: std::sync::OnceLock<Vec<Codec>> = std::sync::OnceLock::new();
    CODECS.get_or_init(|| {
        let tables = [generated_client::isc::contract::responses(), generated_client::v3::contract::responses(), generated_client::nerm::contract::responses(), generated_client::nerm_v2025::contract::responses()];
        tables.into_iter().flatten().map(|(_, codec)| *codec).collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let [high, low, body @ ..] = data else { return };
    let codecs = codecs();
    let Some(codec) = codecs.get(usize::from(u16::from_be_bytes([*high, *low])) % codecs.len().max(1)) else { return };
    let Ok(text) = std::str::from_utf8(body) else { return };
    let _ = codec.lenient_with_deviations(text);
    let _ = codec.strict_response(text);
});
