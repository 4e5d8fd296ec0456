//! A lab: one data set, one model and a run of gradient descent on it (or a
//! race of up to four runs from the same start). This is what the JS API
//! holds; it knows nothing of JS.
//!
//! Beside it: the [`optimum`] and the curvature there, which the lab finds
//! when its data change; and what a lab reports, made from the lab (which
//! uses none of them): the [`state`] snapshot, the loss [`landscape`], the
//! [`slice`] along the steepest direction, the learning-rate [`lessons`].

pub mod landscape;
pub mod lessons;
pub mod neuron;
pub mod optimum;
pub mod slice;
pub mod state;

use std::sync::atomic::{AtomicU64, Ordering};

use crate::data::datasets::DatasetSpec;
use crate::data::points::{Data, Point};
use crate::data::rng::{Rng, STREAM_START};
use crate::io::config::{Config, ConfigError, DataSource, check_point};
use crate::io::value::Value;
use crate::lab::neuron::Params;
use crate::maths::model::{LossKind, Model, PointTrace, Problem};
use crate::training::trainer::Trainer;

/// Random starts are drawn from this square of `(w, b)`.
pub const START_RANGE: f64 = 3.0;
/// A random start is redrawn when it lands this close to the optimum, so the
/// first steps have somewhere to go.
pub const START_MIN_DISTANCE: f64 = 1.5;

#[derive(Clone, Debug)]
pub struct Lab {
    config: Config,
    data: Data,
    /// The lab's own run first, then the race's runs.
    runs: Vec<Trainer>,
    start_rng: Rng,
    optimum: Option<Params>,
    /// Classification data that a threshold splits perfectly.
    separable: bool,
    /// The Hessian of the loss at the optimum (or the start, without one).
    curvature: [f64; 3],
    /// Changes whenever the data or the model do (the landscape depends on them).
    version: u64,
    /// With `standardize`: the mean and spread of the given x, which the
    /// lab's data has subtracted and divided by.
    x_transform: Option<(f64, f64)>,
    /// Where the current start came from.
    start_origin: StartOrigin,
    /// New random starts drawn by `reset` since the lab was made.
    draws: u32,
}

/// One point's loss and its pull `∂L/∂z` on the line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossAndPull {
    pub loss: f64,
    pub dloss_dz: f64,
}

/// A classification point under both losses: cross-entropy pulls a
/// confidently wrong point hard, MSE on the sigmoid barely at all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossComparison {
    pub cross_entropy: LossAndPull,
    pub mse: LossAndPull,
}

/// Where step 1's start came from, so that the page can say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartOrigin {
    /// Drawn at random from this seed when the run was set up.
    Seed(u64),
    /// A new random start that Reset drew from this seed (the `draw`-th since
    /// the lab was made).
    Reset { seed: u64, draw: u32 },
    /// Given: in the config (a link, a saved run, the JS API) or to `reset`
    /// (a click on the landscape).
    Given,
    /// Where the line was when the points were edited.
    DataEdit,
}

/// Versions are unique across every lab on the page.
static VERSIONS: AtomicU64 = AtomicU64::new(1);

fn next_version() -> u64 {
    VERSIONS.fetch_add(1, Ordering::Relaxed)
}

impl Lab {
    pub fn new(config: Config) -> Lab {
        let points = match &config.data {
            DataSource::Generated(spec) => spec.generate(config.seed),
            DataSource::Points(points) => points.clone(),
        };
        let (data, x_transform) = prepare_data(&points, config.standardize);
        let model = Model::new(config.problem, config.loss);
        let optimum = find_optimum(&model, &data);
        let mut start_rng = Rng::new(config.seed, STREAM_START);
        let start_origin = match config.start {
            Some(_) => StartOrigin::Given,
            None => StartOrigin::Seed(config.seed),
        };
        let start = config
            .start
            .unwrap_or_else(|| random_start(&mut start_rng, optimum));
        let runs = std::iter::once(config.settings)
            .chain(config.race.iter().copied())
            .map(|settings| Trainer::new(model, settings, &data, start.into(), config.seed))
            .collect();
        let mut lab = Lab {
            config,
            data,
            runs,
            start_rng,
            optimum,
            separable: false,
            curvature: [0.0; 3],
            version: 0,
            x_transform,
            start_origin,
            draws: 0,
        };
        lab.describe_data();
        lab
    }

    /// A lab from a config value (a JS object, a link, a saved run).
    pub fn from_value(value: &Value) -> Result<Lab, ConfigError> {
        Config::from_value(value).map(Lab::new)
    }

    /// Runs `count` steps (steps 2 and 3, repeated) of every run and returns
    /// the loss of the lab's own run after the last.
    pub fn step(&mut self, count: u64) -> f64 {
        for run in &mut self.runs {
            run.run(&self.data, count);
        }
        self.loss()
    }

    pub fn loss(&self) -> f64 {
        self.trainer().loss()
    }

    /// Back to step 1: at `start`, or at a new random start when `None`.
    /// (Starting again where the run started keeps what the start came from.)
    pub fn reset(&mut self, start: Option<(f64, f64)>) {
        let current = self.trainer().start();
        let start = match start {
            Some(start) => {
                if start != (current.w(), current.b()) {
                    self.start_origin = StartOrigin::Given;
                }
                start
            }
            None => {
                self.draws += 1;
                self.start_origin = StartOrigin::Reset {
                    seed: self.config.seed,
                    draw: self.draws,
                };
                random_start(&mut self.start_rng, self.optimum)
            }
        };
        for run in &mut self.runs {
            run.restart(&self.data, start.into());
        }
    }

    /// Changes some fields of the config; the others keep their values.
    ///
    /// A new learning rate, optimizer, optimizer constant or batch size applies
    /// from the next step without a restart, and so does ending a race (its
    /// other runs stop; the lab's own goes on). Any other change (problem,
    /// loss, data, seed, start, a new race) builds the run anew; without a
    /// `start` in `patch` it keeps the current start. A new problem takes that
    /// problem's defaults for the loss, the data, the learning rate and the
    /// start. On an error nothing changes.
    pub fn set(&mut self, patch: &Value) -> Result<(), ConfigError> {
        if !matches!(patch, Value::Object(_)) {
            return Err(ConfigError::expected("config", "an object", patch));
        }
        let mut base = self.config_value();
        let new_problem = patch
            .get("problem")
            .is_some_and(|p| *p != Value::String(self.config.problem.name().into()));
        // Fields that the patch makes meaningless are dropped from the base.
        let mut dropped = vec![];
        if new_problem {
            dropped.extend(["loss", "dataset", "points", "learningRate", "start"]);
        }
        if patch.get("points").is_some() {
            dropped.push("dataset");
        }
        if patch.get("dataset").is_some() {
            dropped.push("points");
        }
        if let Value::Object(fields) = &mut base {
            fields.retain(|(name, _)| !dropped.contains(&name.as_str()));
        }
        let config = Config::from_value(&base.merged(patch))?;
        // Only the way of stepping changed, or a race ended: keep the run going.
        let current = self.config();
        let others_same = Config {
            settings: current.settings,
            race: current.race.clone(),
            ..config.clone()
        } == current;
        if others_same && (config.race == current.race || config.race.is_empty()) {
            self.runs.truncate(1 + config.race.len());
            self.runs[0].set_settings(&self.data, config.settings);
            self.config.settings = config.settings;
            self.config.race = config.race;
        } else {
            let keeps_start = patch.get("start").is_none() && !new_problem;
            let (origin, draws) = (self.start_origin, self.draws);
            *self = Lab::new(config);
            if keeps_start {
                (self.start_origin, self.draws) = (origin, draws);
            }
        }
        Ok(())
    }

    /// The config that rebuilds this run: the given one with the actual
    /// start (random or not) filled in.
    pub fn config(&self) -> Config {
        Config {
            start: self.config_start(),
            ..self.config.clone()
        }
    }

    pub fn config_value(&self) -> Value {
        self.config().to_value()
    }

    fn config_start(&self) -> Option<(f64, f64)> {
        let start = self.trainer().start();
        Some((start.w(), start.b()))
    }

    /// Adds a point and starts a new run from the current line.
    pub fn add_point(&mut self, point: Point) -> Result<(), ConfigError> {
        let point = check_point(
            "point",
            &Value::Number(point.x),
            &Value::Number(point.y),
            self.config.problem,
        )?;
        if self.data.len() >= DatasetSpec::MAX_POINTS {
            return Err(ConfigError::new("point", "The data set is full."));
        }
        self.data.push(point);
        self.data_changed();
        Ok(())
    }

    /// Removes the point at `index` and starts a new run from the current line.
    pub fn remove_point(&mut self, index: usize) -> Result<Point, ConfigError> {
        if index >= self.data.len() {
            return Err(ConfigError::new(
                "index",
                format!(
                    "index must be a point's index from 0 to {}; got {index}.",
                    self.data.len().saturating_sub(1)
                ),
            ));
        }
        if self.data.len() == 1 {
            return Err(ConfigError::new(
                "index",
                "The last point cannot be removed: the loss needs at least one point.",
            ));
        }
        let point = self.data.remove(index);
        self.data_changed();
        Ok(point)
    }

    /// The index of the point nearest to `(x, y)`, measuring in units of
    /// `(scale_x, scale_y)` (the size of one pixel on the chart, say).
    pub fn nearest_point(&self, x: f64, y: f64, scale_x: f64, scale_y: f64) -> Option<usize> {
        let distance = |p: Point| ((p.x - x) / scale_x).hypot((p.y - y) / scale_y);
        self.data
            .points()
            .map(distance)
            .enumerate()
            .filter(|(_, d)| d.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// After the points change: new optimum, and every run starts anew at
    /// the current `(w, b)` of the lab's own run.
    fn data_changed(&mut self) {
        let raw = self.raw_points();
        (self.data, self.x_transform) = prepare_data(&raw, self.config.standardize);
        self.config.data = DataSource::Points(raw);
        self.optimum = find_optimum(&self.trainer().model, &self.data);
        self.describe_data();
        let here = (self.trainer().w(), self.trainer().b());
        for run in &mut self.runs {
            run.restart(&self.data, here.into());
        }
        self.start_origin = StartOrigin::DataEdit;
    }

    /// What follows from the data alone: separability, the curvature at the
    /// optimum (hence the largest stable learning rate), a new version.
    fn describe_data(&mut self) {
        let model = self.trainer().model;
        self.separable = model.problem == Problem::Classification && optimum::separable(&self.data);
        let at = self
            .optimum
            .map_or((self.trainer().w(), self.trainer().b()), |o| (o.w, o.b));
        self.curvature = optimum::hessian(&model, &self.data, at);
        self.version = next_version();
    }

    /// The points as given (before any standardising of x).
    pub fn raw_points(&self) -> Vec<Point> {
        let (mean, spread) = self.x_transform.unwrap_or((0.0, 1.0));
        self.data
            .points()
            .map(|p| Point {
                x: if self.x_transform.is_some() {
                    p.x * spread + mean
                } else {
                    p.x
                },
                y: p.y,
            })
            .collect()
    }

    /// With `standardize`, the mean and spread of x that were taken out.
    pub fn x_transform(&self) -> Option<(f64, f64)> {
        self.x_transform
    }

    /// The forward and backward pass of point `index` at the current `(w, b)`.
    pub fn trace(&self, index: usize) -> Option<PointTrace> {
        (index < self.data.len()).then(|| {
            let p = self.data.point(index);
            let run = self.trainer();
            run.model.trace(run.w(), run.b(), p.x, p.y)
        })
    }

    /// For classification: the loss and the pull `∂L/∂z` of point `index`
    /// under cross-entropy and under MSE, side by side.
    pub fn compare_losses(&self, index: usize) -> Option<LossComparison> {
        if self.config.problem != Problem::Classification || index >= self.data.len() {
            return None;
        }
        let p = self.data.point(index);
        let z = self.trainer().w() * p.x + self.trainer().b();
        let under = |loss| {
            let (loss, dloss_dz) = Model::new(Problem::Classification, loss).loss_and_dz(z, p.y);
            LossAndPull { loss, dloss_dz }
        };
        Some(LossComparison {
            cross_entropy: under(LossKind::CrossEntropy),
            mse: under(LossKind::Mse),
        })
    }

    /// For classification: the share of points on the right side of ŷ = 0.5.
    pub fn accuracy(&self) -> Option<f64> {
        if self.config.problem != Problem::Classification {
            return None;
        }
        let (w, b) = (self.trainer().w(), self.trainer().b());
        let right = self
            .data
            .points()
            .filter(|p| (w * p.x + b >= 0.0) == (p.y == 1.0))
            .count();
        Some(right as f64 / self.data.len() as f64)
    }

    /// True for classification data that a threshold splits perfectly.
    pub fn separable(&self) -> bool {
        self.separable
    }

    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The lab's own run.
    pub fn trainer(&self) -> &Trainer {
        &self.runs[0]
    }

    /// Every run: the lab's own, then the race's.
    pub fn runs(&self) -> &[Trainer] {
        &self.runs
    }

    /// The largest learning rate at which plain gradient descent still
    /// settles near the optimum: `2 / λ_max` of the loss's Hessian there.
    pub fn stable_learning_rate(&self) -> Option<f64> {
        optimum::stable_learning_rate(self.curvature)
    }

    /// The Hessian of the loss at the optimum, `[∂²L/∂w², ∂²L/∂w∂b, ∂²L/∂b²]`
    /// (at the start when there is no optimum).
    pub fn curvature(&self) -> [f64; 3] {
        self.curvature
    }

    /// A number that changes whenever the data or the model change.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The best `(w, b)` and its loss, when it exists.
    pub fn optimum(&self) -> Option<Params> {
        self.optimum
    }

    pub fn problem(&self) -> Problem {
        self.config.problem
    }

    pub fn seed(&self) -> u64 {
        self.config.seed
    }

    /// Where the current start came from.
    pub fn start_origin(&self) -> StartOrigin {
        self.start_origin
    }
}

/// The `(w, b)` with the lowest loss and that loss, when it is finite and
/// can be found.
pub fn find_optimum(model: &Model, data: &Data) -> Option<Params> {
    let (w, b) = optimum::optimum(model, data)?;
    let loss = model.loss(&data.xs, &data.ys, w, b);
    loss.is_finite().then_some(Params { w, b, loss })
}

/// The lab's data from the given points: with `standardize`, x becomes
/// `(x − mean) / spread`, so that the loss curves alike along `w` and `b`.
fn prepare_data(points: &[Point], standardize: bool) -> (Data, Option<(f64, f64)>) {
    let mut data = Data::from_points(points);
    if !standardize {
        return (data, None);
    }
    let (mean, spread) = data.x_moments();
    for x in &mut data.xs {
        *x = (*x - mean) / spread;
    }
    (data, Some((mean, spread)))
}

/// A random start in the square `[−3, 3]²`, away from the optimum.
fn random_start(rng: &mut Rng, optimum: Option<Params>) -> (f64, f64) {
    let mut draw = || {
        (
            rng.range(-START_RANGE, START_RANGE),
            rng.range(-START_RANGE, START_RANGE),
        )
    };
    let mut start = draw();
    if let Some(best) = optimum {
        for _ in 0..20 {
            if (start.0 - best.w).hypot(start.1 - best.b) >= START_MIN_DISTANCE {
                break;
            }
            start = draw();
        }
    }
    start
}
