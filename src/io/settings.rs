//! Every setting of a lab and of its page in one table, as TensorFlow
//! Playground keeps its `state.ts`: the name a config (or readLink's `view`)
//! gives it, its URL parameter, what it holds and where it belongs.
//!
//! The config's checks (config.rs: which fields there are, the ranges of
//! its numbers and their words in messages), the link reader and writer
//! (www/link.js, through www/catalogue.js) and the page's limits follow from
//! it; `tests/js/catalogue.test.mjs` checks the README's tables against it.
//! A name setting's list is the catalogue's (problems, optimizers, data sets).

use crate::data::datasets::DatasetSpec;
use crate::io::catalogue::{SPEED, ZOOM};
use crate::io::config::DEFAULT_SEED;
use crate::training::optimizer::Hyperparameters;

/// Where a setting belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A config field of the lab as a whole.
    Config,
    /// A config field that each run of a race may set too.
    Run,
    /// An optimizer's constant: a run field, which links leave out at its default.
    Constant,
    /// How many steps a link's run had taken.
    Steps,
    /// A setting of the page (readLink's `view`), not of the lab.
    View,
}

/// What a setting holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// One name from a list of the catalogue's.
    Name,
    /// A number in a range.
    Number(Range),
    /// `true` or `false`.
    Flag,
    /// A value of its own shape (points, a start, a race, a list of the
    /// page's parts), read and checked by its own code.
    Shaped,
}

/// The numbers a setting allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// Whether `min` itself is allowed (`max` always is, but for `below_max`).
    pub from_min: bool,
    pub below_max: bool,
    pub whole: bool,
    /// The value when the setting is absent; NaN where it depends on the
    /// problem or the data set.
    pub default: f64,
    /// What is allowed, as messages say it ("a number from 0 up to (not
    /// including) 1").
    pub allowed: &'static str,
}

impl Range {
    const fn new(min: f64, max: f64, default: f64, allowed: &'static str) -> Range {
        Range {
            min,
            max,
            from_min: true,
            below_max: false,
            whole: false,
            default,
            allowed,
        }
    }

    const fn whole(self) -> Range {
        Range {
            whole: true,
            ..self
        }
    }

    const fn above_min(self) -> Range {
        Range {
            from_min: false,
            ..self
        }
    }

    const fn below_max(self) -> Range {
        Range {
            below_max: true,
            ..self
        }
    }

    pub fn allows(&self, x: f64) -> bool {
        x.is_finite()
            && (x > self.min || (self.from_min && x == self.min))
            && (x < self.max || (!self.below_max && x == self.max))
            && (!self.whole || x.fract() == 0.0)
    }
}

/// One setting: its config field (`dataset.n` inside `dataset`; for a page
/// setting, its name in readLink's `view`), its URL parameter, where it
/// belongs and what it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    pub field: &'static str,
    pub param: &'static str,
    pub scope: Scope,
    pub kind: Kind,
}

const fn setting(field: &'static str, param: &'static str, scope: Scope, kind: Kind) -> Setting {
    Setting {
        field,
        param,
        scope,
        kind,
    }
}

const fn number(field: &'static str, param: &'static str, scope: Scope, range: Range) -> Setting {
    setting(field, param, scope, Kind::Number(range))
}

/// A decay rate of an optimizer: from 0 up to, not including, 1.
const fn decay(default: f64) -> Range {
    Range::new(0.0, 1.0, default, "a number from 0 up to (not including) 1").below_max()
}

const DEFAULTS: Hyperparameters = Hyperparameters::DEFAULT;
const MAX_POINTS: f64 = DatasetSpec::MAX_POINTS as f64;

/// The number of points of a generated data set.
pub const POINTS: Range = Range::new(
    1.0,
    MAX_POINTS,
    f64::NAN,
    "a whole number from 1 to 1000000",
)
.whole();
/// The noise of a generated data set.
pub const NOISE: Range = Range::new(
    0.0,
    DatasetSpec::MAX_NOISE,
    f64::NAN,
    "a number from 0 to 100",
);
/// Seeds are whole numbers that JavaScript holds exactly.
pub const SEED: Range = Range::new(
    0.0,
    MAX_SEED,
    DEFAULT_SEED as f64,
    "a whole number from 0 to 2^53 − 1",
)
.whole();

/// Every setting of a lab (its config fields), in the order configs
/// document them and links write them.
#[rustfmt::skip]
pub const SETTINGS: [Setting; 18] = {
    use Kind::{Flag, Name, Shaped};
    use Scope::{Config, Constant, Run};
    let none = f64::NAN;
    let rate = Range::new(0.0, 1e6, none, "a number greater than 0 and at most 1e6").above_min();
    let epsilon = Range::new(0.0, 1.0, DEFAULTS.epsilon, "a number greater than 0 and at most 1").above_min();
    let batch = Range::new(0.0, MAX_POINTS, 0.0, "a whole number from 0 (all points) to 1000000").whole();
    [
        //      field            param      scope     kind
        setting("problem",       "problem", Config,   Name),
        setting("loss",          "loss",    Config,   Name),
        setting("points",        "points",  Config,   Shaped),
        setting("dataset.name",  "data",    Config,   Name),
        number( "dataset.n",     "n",       Config,   POINTS),
        number( "dataset.noise", "noise",   Config,   NOISE),
        number( "learningRate",  "lr",      Run,      rate),
        setting("optimizer",     "opt",     Run,      Name),
        number( "momentum",      "momentum", Constant, decay(DEFAULTS.momentum)),
        number( "alpha",         "alpha",   Constant, decay(DEFAULTS.alpha)),
        number( "beta1",         "beta1",   Constant, decay(DEFAULTS.beta1)),
        number( "beta2",         "beta2",   Constant, decay(DEFAULTS.beta2)),
        number( "epsilon",       "eps",     Constant, epsilon),
        number( "batchSize",     "batch",   Run,      batch),
        number( "seed",          "seed",    Config,   SEED),
        setting("start",         "start",   Config,   Shaped),
        setting("race",          "race",    Config,   Shaped),
        setting("standardize",   "std",     Config,   Flag),
    ]
};

/// Every setting of the page that links carry, after the lab's (the
/// WebAssembly does not need them: only the page's catalogue.js has them).
#[rustfmt::skip]
pub const PAGE_SETTINGS: [Setting; 13] = {
    use Kind::{Flag, Shaped};
    use Scope::{Steps, View};
    let steps = Range::new(0.0, 1e6, 0.0, "a whole number of steps from 0 to 1000000").whole();
    let speed = Range::new(SPEED.0, SPEED.1, SPEED.2, "a number of steps per second from 1 to 1000");
    let zoom = Range::new(ZOOM.0 as f64, ZOOM.1 as f64, 0.0, "a whole number from -3 to 6").whole();
    let point = Range::new(1.0, 1e6, 1.0, "a point's number, from 1").whole();
    [
        //      field        param        scope  kind
        number( "steps",     "step",      Steps, steps),
        number( "speed",     "speed",     View,  speed),
        setting("logScale",  "log",       View,  Flag),
        setting("residuals", "residuals", View,  Flag),
        setting("embed",     "embed",     View,  Flag),
        setting("play",      "play",      View,  Flag),
        number( "zoom",      "zoom",      View,  zoom),
        number( "point",     "point",     View,  point),
        setting("panels",    "panels",    View,  Shaped),
        setting("controls",  "controls",  View,  Shaped),
        // A course author's exercise (www/exercise.js).
        setting("goal",      "goal",      View,  Shaped),
        setting("within",    "within",    View,  Shaped),
        setting("task",      "task",      View,  Shaped),
    ]
};

/// The largest seed: 2^53 − 1.
pub const MAX_SEED: f64 = 9_007_199_254_740_991.0;

/// The top-level config fields, in the table's order (`dataset.n` →
/// `dataset`); `N` must be their number (or this does not compile).
pub const fn top_fields<const N: usize>() -> [&'static str; N] {
    let mut fields = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < SETTINGS.len() {
        let top = before_dot(SETTINGS[i].field);
        if n == 0 || !same(fields[n - 1], top) {
            fields[n] = top;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "top_fields: N is not the number of config fields");
    fields
}

/// The fields of a run (of the lab or of a race), in the table's order;
/// `N` must be their number.
pub const fn run_fields<const N: usize>() -> [&'static str; N] {
    let mut fields = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < SETTINGS.len() {
        if matches!(SETTINGS[i].scope, Scope::Run | Scope::Constant) {
            fields[n] = SETTINGS[i].field;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "run_fields: N is not the number of run fields");
    fields
}

/// `text` up to its first `.`.
const fn before_dot(text: &'static str) -> &'static str {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && bytes[i] != b'.' {
        i += 1;
    }
    match core::str::from_utf8(bytes.split_at(i).0) {
        Ok(top) => top,
        Err(_) => text,
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The lab's settings of one scope, in the table's order.
pub fn of(scope: Scope) -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(move |s| s.scope == scope)
}
