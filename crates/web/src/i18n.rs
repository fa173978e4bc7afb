//! English and Danish, from the user's setting, else the browser's `Accept-Language`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        // Without this, Fluent wraps every argument in invisible Unicode isolation marks.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> =
    LazyLock::new(|| "en-US".parse().expect("valid language tag"));
static DA: LazyLock<LanguageIdentifier> =
    LazyLock::new(|| "da".parse().expect("valid language tag"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Da,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Da => "da",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            "da" | "da-dk" => Some(Lang::Da),
            _ => None,
        }
    }

    /// The first supported language in an `Accept-Language` header, by quality.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut langs: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        langs.sort_by(|a, b| b.0.total_cmp(&a.0));
        langs
            .into_iter()
            .find_map(|(_, tag)| Lang::from_code(tag.split('-').next().unwrap_or(tag)))
            .unwrap_or_default()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Da => &DA,
        }
    }
}

/// A translator for one language, handed to every template as `t`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// Messages without arguments are resolved once per language and then served from memory:
    /// a ticket list asks for the same few labels on every row (docs/benchmarks.md).
    pub fn t(&self, key: &str) -> String {
        type Resolved = RwLock<HashMap<String, String>>;
        static RESOLVED: LazyLock<[Resolved; 2]> = LazyLock::new(Default::default);
        let resolved = &RESOLVED[self.lang as usize];
        if let Some(text) = resolved
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
        {
            return text.clone();
        }
        let text = LOCALES.lookup(self.lang.id(), key);
        let mut resolved = resolved.write().unwrap_or_else(PoisonError::into_inner);
        // Keys come from the code, so the set is small; the bound only guards against a bug.
        if resolved.len() < 2048 {
            resolved.insert(key.to_string(), text.clone());
        }
        text
    }

    /// A message with named arguments: `t.a("greeting", &[("name", "Carla")])`.
    pub fn a(&self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
            .collect();
        LOCALES.lookup_with_args(self.lang.id(), key, &map)
    }

    /// A message with a number argument, for plurals.
    pub fn n(&self, key: &str, name: &str, n: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Owned(name.to_string()), FluentValue::from(n));
        LOCALES.lookup_with_args(self.lang.id(), key, &map)
    }
}

/// A notification's text in the reader's language, from its kind and arguments.
pub fn notification_text(tr: Tr, kind: &str, data: &serde_json::Value) -> String {
    let arg = |k: &str| match &data[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let key = format!("notify-{kind}");
    let text = tr.a(
        &key,
        &[
            ("number", &arg("number")),
            ("title", &arg("title")),
            ("by", &arg("by")),
            ("level", &arg("level")),
        ],
    );
    // An unknown kind (written by a newer version) still says something useful.
    if text == key {
        format!("#{} {kind}", arg("number"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Lang::negotiate("da-DK,da;q=0.9,en;q=0.8"), Lang::Da);
        assert_eq!(Lang::negotiate("en-US,da;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("de-DE,da;q=0.7"), Lang::Da);
        assert_eq!(Lang::negotiate("fr"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
    }
}
