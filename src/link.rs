//! Links: every setting of a lab and of the page in the URL query, so that
//! every setup is a link, and a link reproduces its run exactly.
//!
//! Reading never fails: a parameter that is malformed (or that the config
//! refuses) is dropped, takes its default, and is named in a notice.

use crate::config::{Config, DataSource};
use crate::number::shortest;
use crate::optimizer::Hyperparameters;
use crate::value::Value;

/// What a link holds: the lab's config, how many steps to take on opening,
/// the page's view settings, and a notice for each parameter that was not used.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// A config value that [`Config::from_value`] accepts.
    pub config: Value,
    pub steps: u64,
    pub view: ViewSettings,
    pub notices: Vec<String>,
}

/// The page's own settings (not the lab's).
#[derive(Clone, Debug, PartialEq)]
pub struct ViewSettings {
    /// Only the lab, no lesson text (for an iframe).
    pub embed: bool,
    /// Which views show, from [`PANELS`]; `None` for all.
    pub panels: Option<Vec<String>>,
    /// Which controls show, from [`CONTROLS`]; `None` for the default set.
    pub controls: Option<Vec<String>>,
    /// Steps per second while playing.
    pub speed: f64,
    pub log_scale: bool,
    pub residuals: bool,
    /// Landscape zoom: 2^zoom times the framed view.
    pub zoom: i32,
    /// The point chosen for backpropagation, counted from 1.
    pub point: usize,
    /// Start playing on opening (never with reduced motion).
    pub play: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            embed: false,
            panels: None,
            controls: None,
            speed: DEFAULT_SPEED,
            log_scale: false,
            residuals: false,
            zoom: 0,
            point: 1,
            play: false,
        }
    }
}

pub const DEFAULT_SPEED: f64 = 20.0;
pub const MAX_SPEED: f64 = 1000.0;
/// The most steps a link may ask for on opening.
pub const MAX_LINK_STEPS: u64 = 1_000_000;
/// The views a page can show.
pub const PANELS: [&str; 6] = ["fit", "loss", "landscape", "steps", "formula", "backprop"];
/// The groups of controls a page can show.
pub const CONTROLS: [&str; 10] = [
    "run",
    "rate",
    "optimizer",
    "batch",
    "data",
    "problem",
    "speed",
    "lessons",
    "race",
    "link",
];
/// The longest query read; the rest is ignored.
pub const MAX_QUERY: usize = 1 << 20;

/// The URL parameters of the config, and the config field each stands for.
const CONFIG_PARAMS: [(&str, &str); 18] = [
    ("problem", "problem"),
    ("loss", "loss"),
    ("data", "dataset.name"),
    ("n", "dataset.n"),
    ("noise", "dataset.noise"),
    ("points", "points"),
    ("lr", "learningRate"),
    ("opt", "optimizer"),
    ("momentum", "momentum"),
    ("alpha", "alpha"),
    ("beta1", "beta1"),
    ("beta2", "beta2"),
    ("eps", "epsilon"),
    ("batch", "batchSize"),
    ("seed", "seed"),
    ("start", "start"),
    ("race", "race"),
    ("std", "standardize"),
];

/// Reads a URL query (with or without its leading `?`).
pub fn read_query(query: &str) -> Link {
    let mut link = Link {
        config: Value::Object(vec![]),
        steps: 0,
        view: ViewSettings::default(),
        notices: vec![],
    };
    let mut query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > MAX_QUERY {
        let mut end = MAX_QUERY;
        while !query.is_char_boundary(end) {
            end -= 1;
        }
        query = query.split_at_checked(end).map_or(query, |(head, _)| head);
        link.notices
            .push("The link is too long; only its first megabyte was read.".into());
    }
    let mut fields: Vec<(String, Value)> = vec![];
    let mut dataset: Vec<(String, Value)> = vec![];
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = part.split_once('=').unwrap_or((part, ""));
        let (Some(name), Some(value)) = (decode(raw_name), decode(raw_value)) else {
            link.notices.push(format!(
                "A part of the link could not be read ({}); it was ignored.",
                shorten(part)
            ));
            continue;
        };
        let result = read_param(&name, &value, &mut link);
        match result {
            Ok(Some((field, value))) => match field {
                "dataset.name" => set(&mut dataset, "name", value),
                "dataset.n" => set(&mut dataset, "n", value),
                "dataset.noise" => set(&mut dataset, "noise", value),
                field => set(&mut fields, field, value),
            },
            Ok(None) => {}
            Err(reason) => link.notices.push(format!(
                "{}: {reason}; the default is used.",
                shorten(&name)
            )),
        }
    }
    if !dataset.is_empty() {
        if fields.iter().any(|(k, _)| k == "points") {
            link.notices
                .push("data, n, noise: the link also has points, so they were ignored.".into());
        } else {
            fields.push(("dataset".into(), Value::Object(dataset)));
        }
    }
    link.config = Value::Object(fields);
    settle(&mut link);
    link
}

/// Drops every config field the config refuses, one at a time, with a notice.
fn settle(link: &mut Link) {
    for _ in 0..CONFIG_PARAMS.len() + 4 {
        let Err(error) = Config::from_value(&link.config) else {
            return;
        };
        let param = param_of(&error.field);
        link.notices.push(format!(
            "{param}: {} The default is used.",
            replace_all(&error.message, &error.field, param)
        ));
        remove(&mut link.config, &error.field);
    }
    // Nothing should be left to refuse; if something is, start from the defaults.
    if Config::from_value(&link.config).is_err() {
        link.config = Value::Object(vec![]);
    }
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

/// The URL parameter that carries a config field (`dataset.n` → `n`).
fn param_of(field: &str) -> &'static str {
    let top = field.split(['[', '.']).next().unwrap_or(field);
    CONFIG_PARAMS
        .iter()
        .find(|(_, f)| *f == field || *f == top)
        .map(|(p, _)| *p)
        .unwrap_or("config")
}

/// Removes the config field at `path` (`learningRate`, `dataset.n`, `points[3].x`).
fn remove(config: &mut Value, path: &str) {
    let Value::Object(fields) = config else {
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

fn set(fields: &mut Vec<(String, Value)>, name: &str, value: Value) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_string(), value));
}

/// Reads one parameter: a config field and its value, or a view setting
/// (written into `link`), or a reason it cannot be read.
fn read_param(
    name: &str,
    value: &str,
    link: &mut Link,
) -> Result<Option<(&'static str, Value)>, String> {
    if let Some(&(_, field)) = CONFIG_PARAMS.iter().find(|(p, _)| *p == name) {
        let value = match name {
            "problem" | "loss" | "data" | "opt" => Value::String(value.to_string()),
            "points" => read_points(value)?,
            "start" => {
                let [w, b] = numbers::<2>(value)?;
                Value::object([("w", Value::Number(w)), ("b", Value::Number(b))])
            }
            "race" => read_race(value)?,
            "std" => Value::Bool(flag(value)?),
            _ => Value::Number(number(value)?),
        };
        return Ok(Some((field, value)));
    }
    let view = &mut link.view;
    match name {
        "step" => {
            let steps = number(value)?;
            if !(0.0..=MAX_LINK_STEPS as f64).contains(&steps) || steps.fract() != 0.0 {
                return Err(format!(
                    "must be a whole number of steps from 0 to {MAX_LINK_STEPS}"
                ));
            }
            link.steps = steps as u64;
        }
        "embed" => view.embed = flag(value)?,
        "log" => view.log_scale = flag(value)?,
        "residuals" => view.residuals = flag(value)?,
        "play" => view.play = flag(value)?,
        "speed" => {
            let speed = number(value)?;
            if !(1.0..=MAX_SPEED).contains(&speed) {
                return Err("must be a number of steps per second from 1 to 1000".into());
            }
            view.speed = speed;
        }
        "zoom" => {
            let zoom = number(value)?;
            if !(-3.0..=6.0).contains(&zoom) || zoom.fract() != 0.0 {
                return Err("must be a whole number from -3 to 6".into());
            }
            view.zoom = zoom as i32;
        }
        "point" => {
            let point = number(value)?;
            if point < 1.0 || point.fract() != 0.0 || point > 1e6 {
                return Err("must be a point's number, from 1".into());
            }
            view.point = point as usize;
        }
        "panels" => view.panels = Some(names(value, &PANELS)?),
        "controls" => view.controls = Some(names(value, &CONTROLS)?),
        _ => return Err("is not a setting of this lab".into()),
    }
    Ok(None)
}

fn number(text: &str) -> Result<f64, String> {
    let text = text.trim();
    crate::decimal::parse(text)
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("\"{}\" is not a finite number", shorten(text)))
}

/// `N` numbers separated by commas.
fn numbers<const N: usize>(text: &str) -> Result<[f64; N], String> {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() != N {
        return Err(format!(
            "must be {N} numbers separated by commas; got \"{}\"",
            shorten(text)
        ));
    }
    let mut out = [0.0; N];
    for (slot, part) in out.iter_mut().zip(parts) {
        *slot = number(part)?;
    }
    Ok(out)
}

fn flag(text: &str) -> Result<bool, String> {
    match text {
        "1" | "true" | "yes" | "" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err(format!("must be 1 or 0; got \"{}\"", shorten(text))),
    }
}

/// A comma-separated list of names from `allowed` (at least one).
fn names(text: &str, allowed: &[&str]) -> Result<Vec<String>, String> {
    let list: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if list.is_empty() {
        return Err(format!("must name at least one of {}", allowed.join(", ")));
    }
    match list.iter().find(|n| !allowed.contains(&n.as_str())) {
        Some(unknown) => Err(format!(
            "\"{}\" is not one of {}",
            shorten(unknown),
            allowed.join(", ")
        )),
        None => Ok(list),
    }
}

/// `x,y;x,y;…`
fn read_points(text: &str) -> Result<Value, String> {
    let mut points = vec![];
    for (i, pair) in text.split(';').filter(|p| !p.trim().is_empty()).enumerate() {
        let [x, y] = numbers::<2>(pair).map_err(|e| format!("point {}: {e}", i + 1))?;
        points.push(Value::object([
            ("x", Value::Number(x)),
            ("y", Value::Number(y)),
        ]));
    }
    Ok(Value::Array(points))
}

/// `optimizer:learningRate[:batchSize],…`
fn read_race(text: &str) -> Result<Value, String> {
    let mut runs = vec![];
    for (i, run) in text.split(',').filter(|p| !p.is_empty()).enumerate() {
        let parts: Vec<&str> = run.split(':').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(format!(
                "run {} must be optimizer:learningRate[:batchSize]",
                i + 1
            ));
        }
        let mut fields = vec![("optimizer".to_string(), Value::String(parts[0].into()))];
        if let Some(rate) = parts.get(1) {
            fields.push(("learningRate".into(), Value::Number(number(rate)?)));
        }
        if let Some(batch) = parts.get(2) {
            fields.push(("batchSize".into(), Value::Number(number(batch)?)));
        }
        runs.push(Value::Object(fields));
    }
    Ok(Value::Array(runs))
}

/// Percent-decoding (`+` is a space); `None` for a broken escape or bytes
/// that are not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes all but letters, digits and `-_.~,:;`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:;".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// At most 40 characters of `text`, for a notice.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(39).collect::<String>())
    }
}

/// The query that rebuilds this lab after `steps` steps, with the page's view.
pub fn write_query(config: &Config, steps: u64, view: &ViewSettings) -> String {
    let mut params: Vec<(&str, String)> = vec![
        ("problem", config.problem.name().into()),
        ("loss", config.loss.name().into()),
    ];
    match &config.data {
        DataSource::Generated(spec) => {
            params.push(("data", spec.name.name().into()));
            params.push(("n", spec.n.to_string()));
            params.push(("noise", shortest(spec.noise)));
        }
        DataSource::Points(points) => {
            let pairs: Vec<String> = points
                .iter()
                .map(|p| format!("{},{}", shortest(p.x), shortest(p.y)))
                .collect();
            params.push(("points", pairs.join(";")));
        }
    }
    let s = &config.settings;
    params.push(("lr", shortest(s.learning_rate)));
    params.push(("opt", s.optimizer.name().into()));
    let defaults = Hyperparameters::default();
    for (name, value, default) in [
        ("momentum", s.hyper.momentum, defaults.momentum),
        ("alpha", s.hyper.alpha, defaults.alpha),
        ("beta1", s.hyper.beta1, defaults.beta1),
        ("beta2", s.hyper.beta2, defaults.beta2),
        ("eps", s.hyper.epsilon, defaults.epsilon),
    ] {
        if value != default {
            params.push((name, shortest(value)));
        }
    }
    params.push(("batch", s.batch_size.to_string()));
    params.push(("seed", config.seed.to_string()));
    if let Some((w, b)) = config.start {
        params.push(("start", format!("{},{}", shortest(w), shortest(b))));
    }
    if !config.race.is_empty() {
        let runs: Vec<String> = config
            .race
            .iter()
            .map(|r| {
                format!(
                    "{}:{}:{}",
                    r.optimizer.name(),
                    shortest(r.learning_rate),
                    r.batch_size
                )
            })
            .collect();
        params.push(("race", runs.join(",")));
    }
    if config.standardize {
        params.push(("std", "1".into()));
    }
    if steps > 0 {
        params.push(("step", steps.min(MAX_LINK_STEPS).to_string()));
    }
    let default = ViewSettings::default();
    if view.speed != default.speed {
        params.push(("speed", shortest(view.speed)));
    }
    for (name, on) in [
        ("log", view.log_scale),
        ("residuals", view.residuals),
        ("embed", view.embed),
        ("play", view.play),
    ] {
        if on {
            params.push((name, "1".into()));
        }
    }
    if view.zoom != 0 {
        params.push(("zoom", view.zoom.to_string()));
    }
    if view.point != 1 {
        params.push(("point", view.point.to_string()));
    }
    if let Some(panels) = &view.panels {
        params.push(("panels", panels.join(",")));
    }
    if let Some(controls) = &view.controls {
        params.push(("controls", controls.join(",")));
    }
    params
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::replace_all;

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
}
