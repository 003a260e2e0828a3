//! Word boundaries for names written all in lower case (`provisioningpolicydto`), learned from
//! the document itself: schema titles (`Provisioning Policy Dto`) and the camelCase identifiers it
//! uses elsewhere (`usageType`, `getProvisioningPolicyV1`, `sourceId`), as a person reading the
//! spec would. No word list is kept by hand.

use std::collections::BTreeMap;

use serde_json::Value;

/// Words shorter than this are not trusted as evidence (`a`, `b` in `aToB`).
const MIN_WORD: usize = 2;

/// Endings a segmentation may cut off a known word; they belong to it (`documents`, `typed`).
const ENDINGS: [&str; 4] = ["s", "es", "d", "ed"];

/// The words a document uses, each with how often it shows.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: BTreeMap<String, Evidence>,
}

/// What the document shows of one word.
#[derive(Debug, Default, Clone, Copy)]
struct Evidence {
    /// How many identifiers and titles use it.
    count: usize,
    /// Whether an identifier (`substringMatch`, a camelCase name an author chose word by word)
    /// uses it, rather than only a title written in prose.
    in_identifier: bool,
}

impl Vocabulary {
    /// Collects words from every title, operationId, parameter name and property name.
    pub fn of(document: &Value) -> Self {
        let mut vocabulary = Vocabulary::default();
        let mut stack = vec![document];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    for key in ["title", "operationId", "name"] {
                        if let Some(Value::String(text)) = map.get(key) {
                            vocabulary.learn(text);
                        }
                    }
                    if let Some(Value::Object(properties)) = map.get("properties") {
                        properties.keys().for_each(|k| vocabulary.learn(k));
                    }
                    let schemas = map.iter().filter(|(k, _)| !matches!(k.as_str(), "example" | "examples" | "default" | "enum"));
                    stack.extend(schemas.map(|(_, v)| v));
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        vocabulary
    }

    /// Learns the words of an identifier or title that shows its own word boundaries; one that
    /// shows none (`usagetype`) teaches nothing, since it may be several words glued together.
    fn learn(&mut self, text: &str) {
        let words = split_words(text);
        if words.len() < 2 {
            return;
        }
        let in_identifier = !text.contains(' ');
        for word in words {
            if word.len() >= MIN_WORD && word.bytes().all(|b| b.is_ascii_lowercase()) {
                let evidence = self.words.entry(word).or_default();
                evidence.count += 1;
                evidence.in_identifier |= in_identifier;
            }
        }
    }

    /// The type name of a component: its words as the document shows them.
    pub fn type_name(&self, name: &str, title: Option<&str>) -> String {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            crate::naming::type_name(name)
        } else {
            crate::naming::type_name(&self.words(name, title).join(" "))
        }
    }

    /// Splits a name written in lower case into words: `title`, when it spells the same
    /// letters, decides; else each run of letters becomes the fewest known words, unknown
    /// stretches kept whole. A word only titles glue (`Lifecyclestate Deleted`) is split further
    /// when its parts are each more common than it; one an identifier uses (`substringMatch`)
    /// stays whole.
    pub fn words(&self, name: &str, title: Option<&str>) -> Vec<String> {
        let letters = |text: &str| text.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let pieces = match title {
            Some(title) if letters(title) == letters(name) => split_words(title),
            _ => {
                let pieces = split_words(name);
                let before_digits = |i: usize| pieces.get(i + 1).is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()));
                pieces.iter().enumerate().flat_map(|(i, piece)| self.mend(self.segment(piece), before_digits(i))).collect()
            }
        };
        pieces.into_iter().flat_map(|word| self.unglue(word)).collect()
    }

    /// Puts back the letters a segmentation left on their own, which no person writes as a word:
    /// an ending goes back on the word before it (`document s` is `documents`, `type d` is
    /// `typed`, `connect ed` is `connected`), any other single letter onto its neighbour
    /// (`type e num` is `type enum`). A letter before a number stays (`account v 2` is
    /// `AccountV2`), and so does the article between two words.
    fn mend(&self, words: Vec<String>, before_digits: bool) -> Vec<String> {
        let count = words.len();
        let mut out: Vec<String> = Vec::with_capacity(count);
        let mut carried = String::new();
        for (i, word) in words.into_iter().enumerate() {
            let word = std::mem::take(&mut carried) + &word;
            let stray = !self.words.contains_key(&word) && count > 1;
            let last = i + 1 == count;
            match out.last_mut() {
                Some(previous) if stray && ENDINGS.contains(&word.as_str()) => previous.push_str(&word),
                _ if stray && word.len() == 1 && last && before_digits => out.push(word),
                _ if stray && word == "a" && !last && i > 0 => out.push(word),
                _ if stray && word.len() == 1 && !last => carried = word,
                Some(previous) if stray && word.len() == 1 => previous.push_str(&word),
                _ => out.push(word),
            }
        }
        out
    }

    /// `word`, or its two known parts when both are more common than it, each split again.
    fn unglue(&self, word: String) -> Vec<String> {
        // A word the document never shows has no evidence: the default, all counts zero.
        let evidence = self.words.get(&word).copied().unwrap_or_default();
        let split = (3..word.len().saturating_sub(2)).filter(|_| !evidence.in_identifier).find(|&at| {
            let (head, tail) = word.split_at(at);
            [head, tail].iter().all(|part| self.words.get(*part).is_some_and(|e| e.count > evidence.count))
        });
        match split {
            Some(at) => {
                let (head, tail) = word.split_at(at);
                let mut out = self.unglue(head.to_owned());
                out.extend(self.unglue(tail.to_owned()));
                out
            }
            None => vec![word],
        }
    }

    /// The segmentation of `text` with the lowest cost: a known word costs 10, an unknown
    /// stretch 10 plus 4 a letter, so known words win and unknown letters stay together.
    fn segment(&self, text: &str) -> Vec<String> {
        if !text.bytes().all(|b| b.is_ascii_lowercase()) {
            return vec![text.to_owned()];
        }
        let n = text.len();
        let mut best: Vec<Option<(u32, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in 1..=n {
            for start in 0..end {
                let Some((cost, _)) = best[start] else { continue };
                let piece = &text[start..end];
                let known = self.words.contains_key(piece);
                let piece_cost = if known { 10 } else { 10 + 4 * u32::try_from(piece.len()).unwrap_or(u32::MAX / 8) };
                let total = cost + piece_cost;
                if best[end].is_none_or(|(c, _)| total < c) {
                    best[end] = Some((total, start));
                }
            }
        }
        let mut words = Vec::new();
        let mut end = n;
        while end > 0 {
            let Some((_, start)) = best[end] else { break };
            words.push(text[start..end].to_owned());
            end = start;
        }
        // Two unknown pieces side by side always cost more than one, so none are left to merge.
        words.reverse();
        words
    }
}

/// Splits on separators, lower-to-upper changes, acronym ends (`HTTPServer`) and digit runs,
/// lower-casing every word.
pub fn split_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let (false, Some(&previous)) = (current.is_empty(), i.checked_sub(1).and_then(|p| chars.get(p))) {
            let next = chars.get(i + 1).copied();
            let boundary = (previous.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (previous.is_ascii_digit() != c.is_ascii_digit())
                || (previous.is_ascii_uppercase() && c.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(identifiers: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        identifiers.iter().for_each(|i| v.learn(i));
        v
    }

    #[test]
    fn glued_names_split_at_words_the_document_uses() {
        let v = vocabulary(&["usageType", "getProvisioningPolicyV1", "FieldDetailsDto", "accessModelMetadata", "bulkUpdate", "responseType"]);
        assert_eq!(v.words("usagetype", None), ["usage", "type"]);
        assert_eq!(v.words("provisioningpolicydto", None), ["provisioning", "policy", "dto"]);
        assert_eq!(v.words("accessmodelmetadatabulkupdateresponse", None), ["access", "model", "metadata", "bulk", "update", "response"]);
        assert_eq!(v.words("bulkupdateammkeyvalue", None), ["bulk", "update", "ammkeyvalue"]);
    }

    #[test]
    fn no_letter_is_split_off_on_its_own() {
        let v = vocabulary(&["searchDocument", "configType", "typeReference", "crawlResources", "sizeOptions", "formElementValidation", "setValue", "numValue", "connectObject", "accountId", "getRole"]);
        assert_eq!(v.words("searchdocuments", None), ["search", "documents"]);
        assert_eq!(v.words("configtypeenum", None), ["config", "type", "enum"]);
        assert_eq!(v.words("typedreference", None), ["typed", "reference"]);
        assert_eq!(v.words("crawlresourcessizesoptions", None), ["crawl", "resources", "sizes", "options"]);
        assert_eq!(v.words("formelementvalidationsset", None), ["form", "element", "validations", "set"]);
        assert_eq!(v.words("connectedobject", None), ["connected", "object"]);
        assert_eq!(v.words("accountv2", None), ["account", "v", "2"]);
        assert_eq!(v.words("getarole", None), ["get", "a", "role"]);
        assert_eq!(v.words("x", None), ["x"]);
    }

    #[test]
    fn a_title_with_the_same_letters_decides() {
        let v = Vocabulary::default();
        assert_eq!(v.words("fielddetailsdto", Some("Field Details Dto")), ["field", "details", "dto"]);
        assert_eq!(v.words("fielddetailsdto", Some("Something else")), ["fielddetailsdto"]);
        let v = vocabulary(&["cloudLifecycleState", "lifecycleStateId", "Lifecyclestate Deleted", "accessCriteria"]);
        assert_eq!(v.words("lifecyclestatedeleted", Some("Lifecyclestate Deleted")), ["lifecycle", "state", "deleted"]);
        assert_eq!(v.words("accesscriteria-2", None), ["access", "criteria", "2"]);
    }

    #[test]
    fn names_with_their_own_boundaries_keep_them() {
        let v = vocabulary(&["usageType"]);
        assert_eq!(v.type_name("ProvisioningPolicyDto", None), "ProvisioningPolicyDto");
        assert_eq!(v.type_name("Delegation-2", None), "Delegation2");
        assert_eq!(split_words("HTTPServer"), ["http", "server"]);
        assert_eq!(split_words("getProvisioningPolicyV1"), ["get", "provisioning", "policy", "v", "1"]);
    }
}
