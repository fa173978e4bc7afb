//! Search text: words are lowercased, split on anything that is not a letter or digit, and stemmed
//! with both the Danish and the English Snowball stemmers. Documents are indexed and queries are
//! parsed by these same functions, so SQLite (FTS5) and PostgreSQL (tsvector) see identical terms
//! and a Danish "printeren" meets an English "printer" at the shared stem "print".

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static DANISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Danish));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Longer "words" are hashes, base64 or URLs run together: nobody searches for them, and they
/// would only bloat the index.
pub const WORD_MAX_CHARS: usize = 64;

/// At most this many words of a query are used; a pasted paragraph must not become a query with
/// hundreds of terms.
pub const QUERY_MAX_WORDS: usize = 16;

/// The lowercase words of `text`, in order.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= WORD_MAX_CHARS)
        .map(str::to_lowercase)
}

/// The distinct stems of one lowercase word: Danish first, then English when it differs.
pub fn stems(word: &str) -> Vec<String> {
    let da = DANISH.stem(word).into_owned();
    let en = ENGLISH.stem(word).into_owned();
    if da == en { vec![da] } else { vec![da, en] }
}

/// The text to index for `text`: every word's stems, separated by spaces. Only letters, digits
/// and spaces remain, so it is safe for any tokenizer that splits on spaces and punctuation.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for word in words(text) {
        for stem in stems(&word) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&stem);
        }
    }
    out
}

/// A parsed search: every group must match (AND); within a group, any of its stems may (OR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<String>>,
}

impl Query {
    /// `None` when the text has no searchable word (empty, or only punctuation).
    pub fn parse(q: &str) -> Option<Query> {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for word in words(q) {
            let group = stems(&word);
            if !groups.contains(&group) {
                groups.push(group);
            }
            if groups.len() == QUERY_MAX_WORDS {
                break;
            }
        }
        (!groups.is_empty()).then_some(Query { groups })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        let w: Vec<String> = words("Printer offline — check the CABLE! (på 2. sal)").collect();
        assert_eq!(
            w,
            [
                "printer", "offline", "check", "the", "cable", "på", "2", "sal"
            ]
        );
    }

    #[test]
    fn overlong_words_are_skipped() {
        let long = "a".repeat(WORD_MAX_CHARS + 1);
        assert_eq!(words(&format!("x {long} y")).count(), 2);
    }

    #[test]
    fn danish_definite_form_meets_english_word() {
        let doc = index_text("The printer is offline");
        let q = Query::parse("printeren").unwrap();
        let doc_terms: Vec<&str> = doc.split(' ').collect();
        assert!(
            q.groups[0].iter().any(|s| doc_terms.contains(&s.as_str())),
            "{doc:?} vs {q:?}"
        );
    }

    #[test]
    fn english_inflections_meet() {
        let doc = index_text("Connecting to the network");
        let q = Query::parse("connection").unwrap();
        assert!(q.groups[0].iter().any(|s| doc.split(' ').any(|d| d == s)));
    }

    #[test]
    fn danish_plural_meets_singular() {
        let doc = index_text("Skærmen er sort");
        let q = Query::parse("skærme").unwrap();
        assert!(
            q.groups[0].iter().any(|s| doc.split(' ').any(|d| d == s)),
            "{doc:?} vs {q:?}"
        );
    }

    #[test]
    fn diacritics_are_kept() {
        // "på" and "pa" are different words in Danish.
        assert_ne!(index_text("på"), index_text("pa"));
    }

    #[test]
    fn both_stems_are_indexed() {
        let t = index_text("printeren");
        assert!(t.split(' ').any(|s| s == "print"), "{t}");
        assert!(!t.contains("  "));
    }

    #[test]
    fn queries_without_words_are_none() {
        assert_eq!(Query::parse("  -- !! "), None);
        assert_eq!(Query::parse(""), None);
    }

    #[test]
    fn query_words_are_capped_and_deduplicated() {
        let q = Query::parse("printer printer").unwrap();
        assert_eq!(q.groups.len(), 1);
        let many = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(Query::parse(&many).unwrap().groups.len(), QUERY_MAX_WORDS);
    }

    #[test]
    fn index_text_is_only_letters_digits_and_spaces() {
        let t = index_text("It's \"quoted\" AND (grouped) * NEAR/2 'x' -y ^z");
        assert!(t.chars().all(|c| c.is_alphanumeric() || c == ' '), "{t}");
    }
}
