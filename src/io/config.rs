//! The config of a lab: read from a [`Value`], checked field by field, with a
//! message that names the field and what it allows when something is wrong.

use std::fmt;

use crate::data::datasets::{DatasetName, DatasetSpec};
use crate::data::points::Point;
use crate::io::settings::{self, Kind, Range, SETTINGS, Scope, Setting};
use crate::io::value::{Value, format_number};
use crate::maths::model::LossKind;
use crate::maths::model::Problem;
use crate::training::optimizer::OptimizerKind;
use crate::training::trainer::Settings;

/// Where a lab's points come from.
#[derive(Clone, Debug, PartialEq)]
pub enum DataSource {
    Generated(DatasetSpec),
    Points(Vec<Point>),
}

/// Everything that sets up a lab.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub problem: Problem,
    pub loss: LossKind,
    pub data: DataSource,
    pub settings: Settings,
    pub seed: u64,
    /// The starting `(w, b)`; a random one from the seed when absent.
    pub start: Option<(f64, f64)>,
    /// More runs from the same start on the same data, stepping together
    /// with the lab's own (at most three).
    pub race: Vec<Settings>,
    /// Train on standardised x, `(x − mean) / spread`.
    pub standardize: bool,
}

/// A config field that is not allowed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The field's path, as written in the config (`learningRate`, `points[3].x`).
    pub field: String,
    pub message: String,
}

impl ConfigError {
    /// "`field` must be `allowed`; got `got`."
    pub fn expected(field: impl Into<String>, allowed: &str, got: &Value) -> ConfigError {
        let field = field.into();
        let message = format!("{field} must be {allowed}; got {got}.");
        ConfigError { field, message }
    }

    pub fn new(field: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The config fields, in the order they are documented: the settings
/// table's, `dataset.n` and `dataset.noise` inside `dataset`.
pub const FIELDS: [&str; 16] = settings::top_fields();

/// The fields a run of a race may set: the table's run settings.
pub const RUN_FIELDS: [&str; 8] = settings::run_fields();

fn run_settings() -> impl Iterator<Item = &'static Setting> {
    SETTINGS
        .iter()
        .filter(|s| matches!(s.scope, Scope::Run | Scope::Constant))
}

pub const DEFAULT_SEED: u64 = 42;
/// The largest |x| or |y| of a point.
pub const MAX_COORDINATE: f64 = 1e9;
/// The largest |w| or |b| of a start: any `(w, b)` a run can be at (beyond
/// it a run counts as diverged), so that a run started again from where its
/// line is (a data edit), its `state().start`, its config and its link are
/// always starts the lab takes.
pub const MAX_START: f64 = crate::training::trainer::PARAMETER_LIMIT;

impl Config {
    /// The default learning rate of each problem: one that converges at a
    /// pace a learner can follow on its default data.
    pub fn default_learning_rate(problem: Problem) -> f64 {
        match problem {
            Problem::Regression => 0.1,
            Problem::Classification => 0.5,
        }
    }

    pub fn default_for(problem: Problem) -> Config {
        Config {
            problem,
            loss: LossKind::default_for(problem),
            data: DataSource::Generated(DatasetSpec::default_for(problem)),
            settings: Settings {
                learning_rate: Config::default_learning_rate(problem),
                ..Settings::default()
            },
            seed: DEFAULT_SEED,
            start: None,
            race: Vec::new(),
            standardize: false,
        }
    }

    /// Reads a config; missing fields take their defaults, `null` counts as missing.
    pub fn from_value(value: &Value) -> Result<Config, ConfigError> {
        let fields = match value {
            Value::Null => return Ok(Config::default_for(Problem::Regression)),
            Value::Object(fields) => fields,
            other => return Err(ConfigError::expected("config", "an object", other)),
        };
        for (name, _) in fields {
            if !FIELDS.contains(&name.as_str()) {
                return Err(ConfigError::new(
                    name.clone(),
                    format!(
                        "Unknown config field \"{name}\"; the fields are {}.",
                        FIELDS.join(", ")
                    ),
                ));
            }
        }

        let problem = match present(value, "problem") {
            None => Problem::Regression,
            Some(v) => one_of("problem", v, &Problem::NAMES, Problem::from_name)?,
        };
        let mut config = Config::default_for(problem);

        if let Some(v) = present(value, "loss") {
            config.loss = one_of("loss", v, &LossKind::NAMES, LossKind::from_name)?;
            if problem == Problem::Regression && config.loss == LossKind::CrossEntropy {
                return Err(ConfigError::new(
                    "loss",
                    "loss must be \"mse\" for problem \"regression\" (cross-entropy needs \
                     labels 0 and 1: use problem \"classification\"); got \"cross-entropy\".",
                ));
            }
        }
        match (present(value, "points"), present(value, "dataset")) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "points",
                    "Give either points or dataset, not both.",
                ));
            }
            (Some(v), None) => config.data = DataSource::Points(read_points(v, problem)?),
            (None, Some(v)) => config.data = DataSource::Generated(read_dataset(v, problem)?),
            (None, None) => {}
        }
        config.settings = read_settings(value, "", config.settings)?;
        if let Some(v) = present(value, "seed") {
            config.seed = number("seed", v, &settings::SEED)? as u64;
        }
        if let Some(v) = present(value, "start") {
            config.start = Some(read_start(v)?);
        }
        if let Some(v) = present(value, "race") {
            config.race = read_race(v, config.settings)?;
        }
        if let Some(v) = present(value, "standardize") {
            config.standardize = match v {
                Value::Bool(b) => *b,
                other => return Err(ConfigError::expected("standardize", "true or false", other)),
            };
        }
        Ok(config)
    }

    /// The config as a value that [`Config::from_value`] reads back to the same config.
    pub fn to_value(&self) -> Value {
        let mut fields = vec![
            (
                "problem".to_string(),
                Value::String(self.problem.name().into()),
            ),
            ("loss".to_string(), Value::String(self.loss.name().into())),
        ];
        fields.push(match &self.data {
            DataSource::Generated(spec) => (
                "dataset".to_string(),
                Value::object([
                    ("name", Value::String(spec.name.name().into())),
                    ("n", Value::Number(spec.n as f64)),
                    ("noise", Value::Number(spec.noise)),
                ]),
            ),
            DataSource::Points(points) => (
                "points".to_string(),
                Value::Array(
                    points
                        .iter()
                        .map(|p| {
                            Value::object([("x", Value::Number(p.x)), ("y", Value::Number(p.y))])
                        })
                        .collect(),
                ),
            ),
        });
        fields.extend(settings_fields(&self.settings));
        fields.push(("seed".to_string(), Value::Number(self.seed as f64)));
        if let Some((w, b)) = self.start {
            fields.push((
                "start".to_string(),
                Value::object([("w", Value::Number(w)), ("b", Value::Number(b))]),
            ));
        }
        if !self.race.is_empty() {
            let runs = self
                .race
                .iter()
                .map(|run| Value::Object(settings_fields(run)));
            fields.push(("race".to_string(), Value::Array(runs.collect())));
        }
        if self.standardize {
            fields.push(("standardize".to_string(), Value::Bool(true)));
        }
        Value::Object(fields)
    }
}

/// A run's settings as config fields, in the order of [`RUN_FIELDS`].
fn settings_fields(s: &Settings) -> Vec<(String, Value)> {
    let value = |setting: &Setting| match setting.kind {
        Kind::Number(_) => Value::Number(load(s, setting.field)),
        _ => Value::String(s.optimizer.name().into()),
    };
    let mut fields = vec![];
    for setting in run_settings() {
        fields.push((setting.field.to_string(), value(setting)));
    }
    fields
}

/// The number a run setting holds (`learningRate`, an optimizer's constant,
/// `batchSize`); a new one in the settings table needs its line here and in
/// [`store`] (tests/settings.rs reads each back).
fn load(s: &Settings, field: &str) -> f64 {
    let h = &s.hyper;
    match field {
        "learningRate" => s.learning_rate,
        "momentum" => h.momentum,
        "alpha" => h.alpha,
        "beta1" => h.beta1,
        "beta2" => h.beta2,
        "epsilon" => h.epsilon,
        "batchSize" => s.batch_size as f64,
        _ => f64::NAN,
    }
}

fn store(s: &mut Settings, field: &str, x: f64) {
    let h = &mut s.hyper;
    match field {
        "learningRate" => s.learning_rate = x,
        "momentum" => h.momentum = x,
        "alpha" => h.alpha = x,
        "beta1" => h.beta1 = x,
        "beta2" => h.beta2 = x,
        "epsilon" => h.epsilon = x,
        "batchSize" => s.batch_size = x as usize,
        _ => {}
    }
}

fn one_of<T>(
    field: &str,
    value: &Value,
    names: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, ConfigError> {
    // ("a", "b": one join of &str for every list of names in the messages.)
    let allowed = format!("one of \"{}\"", names.join("\", \""));
    match value {
        Value::String(s) => parse(s).ok_or_else(|| ConfigError::expected(field, &allowed, value)),
        _ => Err(ConfigError::expected(field, &allowed, value)),
    }
}

/// A number that `range` allows.
fn number(field: &str, value: &Value, range: &Range) -> Result<f64, ConfigError> {
    match value {
        Value::Number(x) if range.allows(*x) => Ok(*x),
        _ => Err(ConfigError::expected(field, range.allowed, value)),
    }
}

/// A finite number that passes `allowed`.
fn number_in(
    field: &str,
    value: &Value,
    description: &str,
    allowed: impl Fn(f64) -> bool,
) -> Result<f64, ConfigError> {
    match value {
        Value::Number(x) if x.is_finite() && allowed(*x) => Ok(*x),
        _ => Err(ConfigError::expected(field, description, value)),
    }
}

/// A field that is there and not `null`.
fn present<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    value.get(name).filter(|v| **v != Value::Null)
}

/// The fields of a run's settings (the table's run settings: the learning
/// rate, the optimizer and its constants, the batch size); missing ones keep
/// `base`. `prefix` is the path of the object in the config (`""` or `race[1].`).
fn read_settings(value: &Value, prefix: &str, base: Settings) -> Result<Settings, ConfigError> {
    let mut settings = base;
    for setting in run_settings() {
        let Some(v) = present(value, setting.field) else {
            continue;
        };
        let path = format!("{prefix}{}", setting.field);
        match &setting.kind {
            Kind::Number(range) => store(&mut settings, setting.field, number(&path, v, range)?),
            _ => {
                let names = &OptimizerKind::NAMES;
                settings.optimizer = one_of(&path, v, names, OptimizerKind::from_name)?;
            }
        }
    }
    Ok(settings)
}

/// A race compares the lab's own run with up to this many more.
pub const MAX_RACE: usize = 3;

/// `race`: up to three more runs `[{ optimizer, learningRate, … }]`, each
/// starting from the main run's settings.
fn read_race(value: &Value, main: Settings) -> Result<Vec<Settings>, ConfigError> {
    let allowed = format!("an array of up to 3 runs {{ {} }}", RUN_FIELDS.join(", "));
    let Value::Array(items) = value else {
        return Err(ConfigError::expected("race", &allowed, value));
    };
    if items.len() > MAX_RACE {
        return Err(ConfigError::expected("race", &allowed, value));
    }
    let mut runs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("race[{i}]");
        only_fields(&path, item, &RUN_FIELDS)?;
        runs.push(read_settings(item, &format!("{path}."), main)?);
    }
    Ok(runs)
}

/// Checks that an object has only the given fields.
fn only_fields<'a>(
    path: &str,
    value: &'a Value,
    names: &[&str],
) -> Result<&'a [(String, Value)], ConfigError> {
    let Value::Object(fields) = value else {
        let shape = format!("an object with fields {}", names.join(", "));
        return Err(ConfigError::expected(path, &shape, value));
    };
    for (name, _) in fields {
        if !names.contains(&name.as_str()) {
            return Err(ConfigError::new(
                format!("{path}.{name}"),
                format!(
                    "Unknown field \"{name}\" in {path}; its fields are {}.",
                    names.join(", ")
                ),
            ));
        }
    }
    Ok(fields)
}

/// `[{x, y}, …]`: finite, not empty, labels 0 or 1 for classification.
pub fn read_points(value: &Value, problem: Problem) -> Result<Vec<Point>, ConfigError> {
    let Value::Array(items) = value else {
        return Err(ConfigError::expected(
            "points",
            "an array of points {x, y}",
            value,
        ));
    };
    if items.is_empty() {
        return Err(ConfigError::new(
            "points",
            "points must hold at least one point {x, y}; got an empty array.",
        ));
    }
    if items.len() > DatasetSpec::MAX_POINTS {
        return Err(ConfigError::new(
            "points",
            format!(
                "points may hold at most {} points; got {}.",
                DatasetSpec::MAX_POINTS,
                items.len()
            ),
        ));
    }
    let mut points = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("points[{i}]");
        only_fields(&path, item, &["x", "y"])?;
        let field = |name| item.get(name).unwrap_or(&Value::Null);
        points.push(check_point(&path, field("x"), field("y"), problem)?);
    }
    Ok(points)
}

/// One point at `path`: finite coordinates within ±1e9, a label 0 or 1 for
/// classification.
pub fn check_point(
    path: &str,
    x: &Value,
    y: &Value,
    problem: Problem,
) -> Result<Point, ConfigError> {
    let limit = format_number(MAX_COORDINATE);
    let allowed = format!("a finite number from -{limit} to {limit}");
    let coordinate = |name: &str, value: &Value| {
        number_in(&format!("{path}.{name}"), value, &allowed, |v| {
            v.abs() <= MAX_COORDINATE
        })
    };
    let (x, y) = (coordinate("x", x)?, coordinate("y", y)?);
    if problem == Problem::Classification && y != 0.0 && y != 1.0 {
        return Err(ConfigError::expected(
            format!("{path}.y"),
            "a label 0 or 1 for classification",
            &Value::Number(y),
        ));
    }
    Ok(Point { x, y })
}

fn read_dataset(value: &Value, problem: Problem) -> Result<DatasetSpec, ConfigError> {
    only_fields("dataset", value, &["name", "n", "noise"])?;
    let mut spec = DatasetSpec::default_for(problem);
    let names = DatasetName::names_for(problem);
    if let Some(v) = value.get("name") {
        let for_problem = |s: &str| DatasetName::from_name(s).filter(|d| d.problem() == problem);
        if let Value::String(s) = v
            && let Some(other) = DatasetName::from_name(s).filter(|d| d.problem() != problem)
        {
            // A real data set, but for the other problem: say so.
            return Err(ConfigError::new(
                "dataset.name",
                format!(
                    "dataset.name \"{s}\" is a {} data set; for {} use one of {}.",
                    other.problem().name(),
                    problem.name(),
                    names.join(", ")
                ),
            ));
        }
        spec.name = one_of("dataset.name", v, &names, for_problem)?;
    }
    if let Some(v) = value.get("n") {
        spec.n = number("dataset.n", v, &settings::POINTS)? as usize;
    }
    if let Some(v) = value.get("noise") {
        spec.noise = number("dataset.noise", v, &settings::NOISE)?;
    }
    Ok(spec)
}

fn read_start(value: &Value) -> Result<(f64, f64), ConfigError> {
    only_fields("start", value, &["w", "b"])?;
    let read = |name: &str| {
        let path = format!("start.{name}");
        let v = value.get(name).unwrap_or(&Value::Null);
        number_in(&path, v, "a finite number from -1e15 to 1e15", |x| {
            x.abs() <= MAX_START
        })
    };
    Ok((read("w")?, read("b")?))
}
