//! What the page offers, from one place: the problems, optimizers and data
//! sets the core knows, and the ranges of the page's own settings that more
//! than one part of the lab needs.
//!
//! The page's menus and limits come from www/catalogue.js, which is this
//! catalogue written as a module (`tests/catalogue.rs` checks that it is, and
//! writes it again with `UPDATE_CATALOGUE=1 cargo test --test catalogue`).
//! A module costs the page nothing: built at run time through the boundary,
//! the same lists cost the WebAssembly about 500 bytes gzipped. The link
//! reader and writer (www/link.js) import it too, for the settings table
//! (src/io/settings.rs).

use crate::data::datasets::DatasetName;
use crate::io::settings::{Kind, PAGE_SETTINGS, SETTINGS, Scope, Setting};
use crate::io::value::Value;
use crate::maths::model::Problem;
use crate::training::optimizer::OptimizerKind;

/// The landscape's zoom: 2^zoom times the framed view, a whole number from
/// the first (zoomed in) to the second (zoomed out).
pub const ZOOM: (i32, i32) = (-3, 6);
/// Steps per second while playing: the slowest, the fastest (as many steps
/// as fit each frame) and the default.
pub const SPEED: (f64, f64, f64) = (1.0, 1000.0, 20.0);

/// `{ problems, optimizers, datasets, zoom, speed, settings }`: names as
/// configs and links write them; each data set as `[name, problem, label]`
/// (the label is the menu's words); `zoom` as `[min, max]`, `speed` as
/// `[min, max, default]`; each setting of the settings table as `[field,
/// param, scope, kind]`, a number's with `[min, max, whole, default,
/// allowed]` after it (`allowed` is what messages say it allows): for a
/// config field only `whole`, the rest `null` (the lab checks its config).
pub fn catalogue() -> Value {
    let names =
        |names: &[&str]| Value::Array(names.iter().map(|&n| Value::String(n.into())).collect());
    let numbers =
        |numbers: &[f64]| Value::Array(numbers.iter().map(|&x| Value::Number(x)).collect());
    let datasets = DatasetName::ALL
        .into_iter()
        .map(|d| names(&[d.name(), d.problem().name(), d.label()]));
    Value::object([
        ("problems", names(&Problem::NAMES)),
        ("optimizers", names(&OptimizerKind::NAMES)),
        ("datasets", Value::Array(datasets.collect())),
        ("zoom", numbers(&[ZOOM.0.into(), ZOOM.1.into()])),
        ("speed", numbers(&[SPEED.0, SPEED.1, SPEED.2])),
        (
            "settings",
            Value::Array(SETTINGS.iter().chain(&PAGE_SETTINGS).map(setting).collect()),
        ),
    ])
}

fn setting(setting: &Setting) -> Value {
    let text = |s: &str| Value::String(s.into());
    let scope = match setting.scope {
        Scope::Config => "config",
        Scope::Run => "run",
        Scope::Constant => "constant",
        Scope::Steps => "steps",
        Scope::View => "view",
    };
    let mut row = vec![text(setting.field), text(setting.param), text(scope)];
    match setting.kind {
        Kind::Name => row.push(text("name")),
        Kind::Flag => row.push(text("flag")),
        Kind::Shaped => row.push(text("shaped")),
        // The lab checks its own config: links need only know whether a
        // config number is whole. The page checks its own settings.
        Kind::Number(range)
            if matches!(setting.scope, Scope::Config | Scope::Run | Scope::Constant) =>
        {
            row.extend([
                text("number"),
                Value::Null,
                Value::Null,
                Value::Bool(range.whole),
            ]);
        }
        Kind::Number(range) => row.extend([
            text("number"),
            Value::Number(range.min),
            Value::Number(range.max),
            Value::Bool(range.whole),
            Value::Number(range.default),
            text(range.allowed),
        ]),
    }
    Value::Array(row)
}
