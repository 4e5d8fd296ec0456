//! Links: every setting of a lab and of the page in the URL query, so that
//! every setup is a link, and a link reproduces its run exactly.
//!
//! The text work, reading and writing the query, is done by the page's
//! JavaScript (`www/link.js`), which the web boundary calls. Here is what
//! needs the config's own rules: the config a link asks for is settled (each
//! field the config refuses is dropped, takes its default, and is named in a
//! notice), and a lab's config is made ready to be written.

use crate::io::config::Config;
use crate::io::settings::{self, Kind, Scope};
use crate::io::value::Value;

/// Drops each field of `config` that [`Config::from_value`] refuses, one at
/// a time, until it accepts the rest; returns a notice for each, naming the
/// URL parameter that `param_of` gives for the config field (`dataset.n` →
/// `n`).
pub fn settle(config: &mut Value, param_of: impl Fn(&str) -> String) -> Vec<String> {
    let mut notices = vec![];
    // Each refusal removes a field (or all of them), so this ends.
    while let Err(error) = Config::from_value(config) {
        let param = param_of(&error.field);
        notices.push(format!(
            "{param}: {} The default is used.",
            replace_all(&error.message, &error.field, &param)
        ));
        remove(config, &error.field);
    }
    notices
}

/// A lab's config as a link writes it: every field of its run, but the
/// optimizer's constants only where they differ from their defaults.
pub fn link_config(config: &Config) -> Value {
    let mut value = config.to_value();
    if let Value::Object(fields) = &mut value {
        for setting in settings::of(Scope::Constant) {
            if let Kind::Number(range) = setting.kind {
                let default = Value::Number(range.default);
                fields.retain(|(field, value)| !(field == setting.field && *value == default));
            }
        }
    }
    value
}

/// `text` with every `from` replaced by `to`, matched byte by byte (a match
/// of valid UTF-8 in valid UTF-8 starts and ends on character boundaries).
/// `str::replace` would link the string searcher's panic path and its Unicode
/// escaping tables: several KB of WebAssembly.
fn replace_all(text: &str, from: &str, to: &str) -> String {
    let (text, from) = (text.as_bytes(), from.as_bytes());
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(rest) = text.get(i..).filter(|r| !r.is_empty()) {
        if !from.is_empty() && rest.starts_with(from) {
            out.extend_from_slice(to.as_bytes());
            i += from.len();
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Removes the config field at `path` (`learningRate`, `dataset.n`,
/// `points[3].x` removes `points`); all of them when `path` names none.
fn remove(config: &mut Value, path: &str) {
    let Value::Object(fields) = config else {
        *config = Value::Object(vec![]);
        return;
    };
    let top = path.split(['[', '.']).next().unwrap_or(path);
    if let Some(inner) = path.strip_prefix("dataset.")
        && let Some((_, Value::Object(dataset))) = fields.iter_mut().find(|(k, _)| k == "dataset")
    {
        let before = dataset.len();
        dataset.retain(|(k, _)| k != inner);
        if dataset.len() < before {
            return;
        }
    }
    let before = fields.len();
    fields.retain(|(k, _)| k != top);
    if fields.len() == before {
        // The error names no field of ours (the config as a whole): drop it all.
        fields.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_all_matches_whole_names_in_any_text() {
        assert_eq!(
            replace_all("dataset.n must be 1; got 0.", "dataset.n", "n"),
            "n must be 1; got 0."
        );
        assert_eq!(replace_all("a·b·a", "a", "ä"), "ä·b·ä");
        assert_eq!(replace_all("größe größe", "öß", "x"), "grxe grxe");
        assert_eq!(replace_all("text", "", "x"), "text");
        assert_eq!(replace_all("", "a", "b"), "");
    }

    #[test]
    fn settling_drops_each_refused_field_and_names_its_parameter() {
        let num = Value::Number;
        let mut config = Value::object([
            ("seed", num(9.0)),
            ("learningRate", num(-1.0)),
            (
                "dataset",
                Value::object([("name", Value::String("groups".into())), ("n", num(2.5))]),
            ),
            ("batchSize", num(2.0)),
        ]);
        let param = |field: &str| match field {
            "learningRate" => "lr".to_string(),
            "dataset.name" => "data".into(),
            "dataset.n" => "n".into(),
            other => other.into(),
        };
        let notices = settle(&mut config, param);
        assert_eq!(notices.len(), 3, "{notices:?}");
        for (notice, name) in notices.iter().zip(["data: ", "n: ", "lr: "]) {
            assert!(notice.starts_with(name), "{notices:?}");
            assert!(notice.ends_with(" The default is used."), "{notice}");
        }
        assert!(notices[2].contains("lr must be"), "{notices:?}");
        let settled = Config::from_value(&config).unwrap();
        assert_eq!((settled.seed, settled.settings.batch_size), (9, 2));
        // Not an object at all: the defaults.
        let mut array = Value::Array(vec![]);
        assert_eq!(settle(&mut array, param).len(), 1);
        assert_eq!(array, Value::Object(vec![]));
    }

    #[test]
    fn a_link_leaves_out_the_optimizer_constants_at_their_defaults() {
        let config = Config::from_value(&Value::object([
            ("optimizer", Value::String("adam".into())),
            ("beta1", Value::Number(0.8)),
        ]))
        .unwrap();
        let value = link_config(&config);
        assert_eq!(value.get("beta1"), Some(&Value::Number(0.8)));
        for name in ["momentum", "alpha", "beta2", "epsilon"] {
            assert_eq!(value.get(name), None, "{name}");
        }
        assert_eq!(Config::from_value(&value).unwrap(), config);
    }
}
