//! What the page offers, from one place: the problems, optimizers and data
//! sets the core knows, and the ranges of the page's own settings that more
//! than one part of the lab needs.
//!
//! The page's menus and limits come from www/catalogue.js, which is this
//! catalogue written as a module (`tests/catalogue.rs` checks that it is, and
//! writes it again with `UPDATE_CATALOGUE=1 cargo test --test catalogue`).
//! A module costs the page nothing: built at run time through the boundary,
//! the same lists cost the WebAssembly about 500 bytes gzipped. The link
//! reader and writer (www/link.js) get the ranges as [`RANGES`].

use crate::data::datasets::DatasetName;
use crate::io::value::Value;
use crate::maths::model::Problem;
use crate::training::optimizer::OptimizerKind;

/// The landscape's zoom: 2^zoom times the framed view, a whole number from
/// the first (zoomed in) to the second (zoomed out).
pub const ZOOM: (i32, i32) = (-3, 6);
/// Steps per second while playing: the slowest, the fastest (as many steps
/// as fit each frame) and the default.
pub const SPEED: (f64, f64, f64) = (1.0, 1000.0, 20.0);
/// The ranges as www/link.js takes them: zoom from, to; speed from, to, default.
pub const RANGES: [f64; 5] = [ZOOM.0 as f64, ZOOM.1 as f64, SPEED.0, SPEED.1, SPEED.2];

/// `{ problems, optimizers, datasets, zoom, speed }`: names as configs and
/// links write them; each data set as `[name, problem, label]` (the label
/// is the menu's words); `zoom` as `[min, max]`, `speed` as `[min, max,
/// default]`.
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
        ("zoom", numbers(&RANGES[..2])),
        ("speed", numbers(&RANGES[2..])),
    ])
}
