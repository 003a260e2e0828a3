//! Spec descriptions, which are Markdown written for a web page, made safe for rustdoc.
//!
//! rustdoc reads `[x]` as a link to an item, `<x>` as an HTML tag, a bare URL as a lint, an
//! indented or unlabelled code block as a Rust doctest, and a list's unindented continuation
//! line as a lint. The layout (fences, indentation) is fixed line by line; what is text, code,
//! a link or HTML is then decided by a CommonMark parser, so only text and HTML are escaped and
//! code spans and real links pass through as written.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The description as doc lines: laid out for rustdoc, then escaped where it is text.
pub fn sanitize(text: &str) -> Vec<String> {
    let lines = lay_out(text);
    if lines.is_empty() {
        return lines;
    }
    let laid_out = lines.join("\n");
    escape(&laid_out).split('\n').map(str::to_owned).collect()
}

/// Fences labelled and closed, indentation that would make a code block dropped, list
/// continuation lines indented to their item's text and a quote's lazy continuation lines
/// given their `>`; trailing spaces dropped.
fn lay_out(text: &str) -> Vec<String> {
    let text = text.trim_matches('\n');
    let mut list_indent: Option<usize> = None;
    let mut in_quote = false;
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            // A fence without a language would be compiled as a Rust doctest.
            let opening = !in_fence;
            in_fence = !in_fence;
            lines.push(if opening && lang.trim().is_empty() { "```text".to_owned() } else { trimmed.to_owned() });
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }
        if trimmed.starts_with('>') {
            in_quote = true;
            lines.push(format!("{}{}", " ".repeat(list_indent.unwrap_or(0)), trimmed));
            continue;
        }
        // CommonMark reads a plain line after a quote as more of the quote; rustdoc renders
        // it so, and clippy asks for the marker that says so.
        if in_quote && !trimmed.is_empty() && list_item_indent(line).is_none() && !trimmed.starts_with('#') {
            lines.push(format!("{}> {trimmed}", " ".repeat(list_indent.unwrap_or(0))));
            continue;
        }
        in_quote = false;
        lines.push(match list_item_indent(line) {
            Some(indent) => {
                list_indent = Some(indent);
                trimmed.to_owned()
            }
            None if line.is_empty() => {
                list_indent = None;
                String::new()
            }
            None => format!("{}{}", " ".repeat(list_indent.unwrap_or(0)), trimmed),
        });
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The column where a list item's text starts (`- x` -> 2, `10. x` -> 4), if `line` is one.
fn list_item_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
        return Some(2);
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && trimmed[digits..].starts_with(". ")).then_some(digits + 2)
}

/// What a stretch of the source is, where it must be escaped: brackets and angle brackets
/// escaped, bare URLs put in angle brackets.
#[derive(PartialEq)]
enum Stretch {
    /// Text.
    Text,
    /// Raw HTML, shown as written: once its tags are escaped, rustdoc reads it as text.
    Html,
}

/// `markdown` with its text and HTML escaped; code, links and everything else as written.
fn escape(markdown: &str) -> String {
    let mut stretches: Vec<(Range<usize>, Stretch)> = Vec::new();
    // A code block's text is code, and a link's text (an autolink's URL) the link's: both
    // stay as written.
    let mut kept = 0_usize;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        let stretch = match event {
            Event::Start(Tag::Link { .. } | Tag::CodeBlock(_)) => {
                kept += 1;
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::CodeBlock) => {
                kept = kept.saturating_sub(1);
                continue;
            }
            Event::Text(_) if kept == 0 => Stretch::Text,
            Event::Html(_) | Event::InlineHtml(_) => Stretch::Html,
            _ => continue,
        };
        // The parser splits text at every character that might start an inline; a URL is
        // only seen whole in one stretch.
        match stretches.last_mut() {
            Some((last, kind)) if *kind == stretch && last.end == range.start => last.end = range.end,
            _ => stretches.push((range, stretch)),
        }
    }
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 8);
    let mut copied = 0;
    for (range, stretch) in stretches {
        if range.start < copied {
            continue;
        }
        out.push_str(&markdown[copied..range.start]);
        let source = &markdown[range.clone()];
        // The parser gives a backslash escape (`\[`) as text without its backslash.
        let escaped = stretch == Stretch::Text && markdown[..range.start].ends_with('\\');
        escape_text(source, escaped, &mut out);
        copied = range.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

/// Escapes text whose first character is already escaped if `escaped`.
fn escape_text(source: &str, mut escaped: bool, out: &mut String) {
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if !escaped {
            if let Some(len) = bare_url_len(rest) {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                rest = &rest[len..];
                continue;
            }
        }
        match c {
            '[' | ']' if !escaped => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        escaped = c == '\\' && !escaped;
        rest = &rest[c.len_utf8()..];
    }
}

/// The length of the `http(s)://` URL `text` starts with, without trailing punctuation.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let len = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | ')' | '"')).unwrap_or(text.len());
    Some(text[..len].trim_end_matches(['.', ',', ';', ':']).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_rustdoc_and_code_and_links_are_not() {
        assert_eq!(sanitize("a [b] <c> [d](http://e)  "), vec!["a \\[b\\] &lt;c&gt; [d](http://e)"]);
        assert_eq!(sanitize("- a\nb\n      c\n\nd\n    e"), vec!["- a", "  b", "  c", "", "d", "e"]);
        assert_eq!(sanitize("```\n  x\n"), vec!["```text", "  x", "```"]);
        assert_eq!(sanitize(">a\nb\n\nc"), vec![">a", "> b", "", "c"]);
        assert_eq!(sanitize("see https://a.b/c. and [l](https://x)"), vec!["see <https://a.b/c>. and [l](https://x)"]);
        assert_eq!(sanitize("[broken](link [x] y) [ok](z)"), vec!["\\[broken\\](link \\[x\\] y) [ok](z)"]);
    }

    #[test]
    fn code_spans_autolinks_and_escapes_are_left_as_written() {
        assert_eq!(sanitize("use `<id>` or `[a]`, see <https://x.y/z>"), vec!["use `<id>` or `[a]`, see <https://x.y/z>"]);
        assert_eq!(sanitize("already \\[escaped\\] and &lt;kept&gt;"), vec!["already \\[escaped\\] and &lt;kept&gt;"]);
        assert_eq!(sanitize("a <b>bold</b> tag"), vec!["a &lt;b&gt;bold&lt;/b&gt; tag"]);
        assert_eq!(sanitize("<script>x</script> [y]"), vec!["&lt;script&gt;x&lt;/script&gt; \\[y\\]"]);
        assert_eq!(sanitize("```json\n[<a>]\n```"), vec!["```json", "[<a>]", "```"]);
        assert_eq!(sanitize(""), Vec::<String>::new());
        assert_eq!(sanitize("[ref][r]\n\n[r]: https://x.y"), vec!["[ref][r]", "", "[r]: https://x.y"]);
        assert_eq!(sanitize("https://a.b/x_y_z?q=1"), vec!["<https://a.b/x_y_z?q=1>"]);
    }
}
