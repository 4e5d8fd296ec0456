//! The learning-rate lessons: four rates of plain gradient descent from the
//! lab's current start, each chosen so that the run shows what its name says.
//!
//! - Too small: after 100 steps the loss has come less than half of the way
//!   from the start down to the optimum.
//! - Good: within 1 % of the way after the fewest steps of the four.
//! - Too large: still converges, but crosses the floor of the valley along
//!   its steepest direction at least 5 times in the first 30 steps.
//! - Far too large: blows up (the run diverges).
//!
//! The rates come from the data's own Hessian (its curvatures `λ`), not
//! from fixed fractions: plain gradient descent multiplies the distance to
//! the floor along a direction of curvature `λ` by `1 − η·λ` each step, so
//! `η < 1/λ` slides down, `1/λ < η < 2/λ` zig-zags in, `η > 2/λ` blows up.
//! Round candidates around those marks are run for real, from the lab's
//! start, with the lab's own trainer, so every fact the page states about a
//! lesson is what that run will do. A lesson that no rate the page's rate
//! box takes can show says so (`holds: false`).

use crate::data::points::Data;
use crate::io::value::{ToValue, Value};
use crate::lab::Lab;
use crate::lab::optimum::eigen;
use crate::maths::model::Model;
use crate::object;
use crate::training::trainer::{Settings, Trainer};

/// The rates the page's learning-rate box takes.
pub const RATE_BOX: (f64, f64) = (1e-4, 10.0);
/// Steps within which "Too small" must still be less than half of the way.
pub const SMALL_STEPS: u64 = 100;
/// "Good" and the others are compared at reaching this share of the way.
pub const NEAR: f64 = 0.01;
/// Steps in which "Too large" must cross the valley's floor 5 times.
pub const ZIGZAG_STEPS: u64 = 30;
pub const ZIGZAG_CROSSINGS: u32 = 5;
/// Work allowed per candidate run, in point-steps (a run stops earlier).
const WORK: f64 = 3e6;

/// One lesson: its rate and what a run at that rate does from the start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lesson {
    pub learning_rate: f64,
    /// True when the run shows what the lesson's name says.
    pub holds: bool,
    /// Steps until the loss is within 1 % of the way to the optimum, if it
    /// gets there within the steps tried.
    pub steps_to_near: Option<u64>,
    /// The share of the way from the start's loss to the optimum's covered
    /// after 100 steps (or when the run stopped).
    pub share_after_small: f64,
    /// Crossings of the valley's floor along its steepest direction in the
    /// first 30 steps.
    pub crossings: u32,
    /// The step that blew up, if the run diverged.
    pub diverged_at: Option<u64>,
    /// The loss after one step (to say what a huge first step does).
    pub loss_after_one: Option<f64>,
}

/// The four lessons and the curvature they were chosen from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lessons {
    pub small: Lesson,
    pub good: Lesson,
    pub large: Lesson,
    pub huge: Lesson,
    /// The largest and smallest curvature of the loss (eigenvalues of its
    /// Hessian at the optimum, or at the start without one).
    pub curvature_max: f64,
    pub curvature_min: f64,
    /// How many steps each candidate run was allowed.
    pub steps_tried: u64,
}

/// What one run at a candidate rate did.
#[derive(Clone, Copy, Debug)]
struct Trial {
    lesson: Lesson,
    /// The gap to the optimum at the last step tried, as a share of the start's.
    gap_at_end: f64,
}

impl Trial {
    /// It got within 1 % of the way and was still there when it stopped.
    fn settles(&self) -> bool {
        self.lesson.steps_to_near.is_some()
            && self.lesson.diverged_at.is_none()
            && self.gap_at_end <= NEAR
    }
}

impl Lessons {
    /// The lessons for `lab`, from its current start.
    pub fn of(lab: &Lab) -> Lessons {
        let run = lab.trainer();
        let (model, data) = (run.model, lab.data());
        let start = run.start();
        let (curvature_max, curvature_min, steepest) = eigen(lab.curvature());
        let floor = lab.optimum();
        let steps_tried = (WORK / data.len().max(1) as f64).clamp(150.0, 5000.0) as u64;
        let target = Target {
            model,
            data,
            start: (start.w(), start.b()),
            start_loss: start.loss,
            best_loss: floor.map_or(0.0, |o| o.loss),
            floor: floor.map(|o| (o.w, o.b)),
            steepest,
            seed: lab.seed(),
        };
        // From the largest rate down: once some rate has got within 1 %, a
        // smaller one need only run until it is clearly slower.
        let mut trials: Vec<Trial> = vec![];
        let mut fastest = steps_tried;
        for rate in candidates(curvature_max, curvature_min).into_iter().rev() {
            let trial = target.trial(rate, steps_tried.min(2 * fastest.max(SMALL_STEPS)));
            if let (Some(steps), true) = (trial.lesson.steps_to_near, trial.settles()) {
                fastest = fastest.min(steps);
            }
            trials.push(trial);
        }
        trials.reverse();
        // A lesson that no rate in the box shows: the nearest rate, flagged.
        let lesson = |pick: Option<&Trial>, fallback: f64| match pick {
            Some(t) => t.lesson,
            None => {
                // (No curvature to go by, as on a single point: the smallest rate.)
                let rate = match fallback.is_nan() {
                    true => RATE_BOX.0,
                    false => two_digits(fallback).clamp(RATE_BOX.0, RATE_BOX.1),
                };
                let tried = target.trial(rate, steps_tried).lesson;
                Lesson {
                    holds: false,
                    ..tried
                }
            }
        };
        let steps = |t: &Trial| t.lesson.steps_to_near.unwrap_or(u64::MAX);

        // Good: settles within 1 % of the way after the fewest steps (the
        // least gap left breaks a tie).
        let good_trial = trials.iter().filter(|t| t.settles()).min_by(|a, b| {
            steps(a)
                .cmp(&steps(b))
                .then(a.gap_at_end.total_cmp(&b.gap_at_end))
        });
        let good = match good_trial {
            Some(t) => t.lesson,
            None => lesson(None, 1.0 / curvature_max),
        };
        let good_steps = good.steps_to_near.filter(|_| good.holds);
        let slower = |t: &Trial| good_steps.is_some_and(|g| steps(t) > g);

        // Too small: less than half of the way after 100 steps; the largest
        // such rate that has covered at most a third (it visibly crawls).
        let crawls = |t: &&Trial, most: f64| {
            t.lesson.learning_rate < good.learning_rate
                && t.lesson.diverged_at.is_none()
                && t.lesson.share_after_small < most
                && slower(t)
        };
        let small_trial = (trials.iter().rev().find(|t| crawls(t, 1.0 / 3.0)))
            .or_else(|| trials.iter().rev().find(|t| crawls(t, 0.5)));
        let small = lesson(small_trial, RATE_BOX.0);

        // Too large: zig-zags across the floor and still settles, later than
        // Good; the one whose zig-zag shrinks by about a fifth a step, so it
        // stays in sight for a dozen steps.
        let zigzags = |t: &&Trial| {
            t.lesson.learning_rate > good.learning_rate
                && t.lesson.crossings >= ZIGZAG_CROSSINGS
                && t.settles()
                && slower(t)
        };
        let shrink = |t: &Trial| {
            let factor = (1.0 - t.lesson.learning_rate * curvature_max).abs();
            (factor - 0.8).abs()
        };
        let large_trial =
            (trials.iter().filter(zigzags)).min_by(|a, b| shrink(a).total_cmp(&shrink(b)));
        let large = lesson(large_trial, 1.8 / curvature_max);

        // Far too large: the smallest rate above the others that blows up,
        // soon enough to watch (within 30 steps if one does).
        let above = large.learning_rate.max(good.learning_rate);
        let blows_up = |t: &&Trial, within: u64| {
            t.lesson.learning_rate > above && t.lesson.diverged_at.is_some_and(|s| s <= within)
        };
        let huge_trial = (trials.iter().find(|t| blows_up(t, ZIGZAG_STEPS)))
            .or_else(|| trials.iter().find(|t| blows_up(t, u64::MAX)));
        let huge = lesson(huge_trial, RATE_BOX.1);

        Lessons {
            small,
            good,
            large,
            huge,
            curvature_max,
            curvature_min,
            steps_tried,
        }
    }
}

/// Round rates in the box: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times each
/// power of ten, and two-digit rates at the marks of the curvature
/// (fractions of `1/λ_max`, and `2/(λ_max + λ_min)`, the fastest constant
/// rate on a quadratic), in increasing order.
fn candidates(curvature_max: f64, curvature_min: f64) -> Vec<f64> {
    let mut rates = vec![];
    // Each rate goes in at its place, once (a sort would cost 3 KB of WebAssembly).
    let mut add = |rate: f64| {
        let at = rates.partition_point(|r| *r < rate);
        if rate >= RATE_BOX.0 && rate <= RATE_BOX.1 && rates.get(at) != Some(&rate) {
            rates.insert(at, rate);
        }
    };
    for power in -4..=1 {
        for mantissa in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0] {
            add(two_digits(mantissa * 10f64.powi(power)));
        }
    }
    if curvature_max > 0.0 && curvature_max.is_finite() {
        let fractions = [
            0.002, 0.005, 0.5, 1.2, 1.4, 1.6, 1.7, 1.8, 1.85, 1.9, 1.95, 2.1, 2.3, 2.6, 3.0,
        ];
        for fraction in fractions {
            add(two_digits(fraction / curvature_max));
        }
        add(two_digits(2.0 / (curvature_max + curvature_min.max(0.0))));
    }
    rates
}

/// `x` to two significant digits, as a short decimal (0.43, 0.0071, 12).
fn two_digits(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return x;
    }
    let power = 10f64.powi(x.log10().floor() as i32 - 1);
    let rounded = (x / power).round();
    // Divide by a power of ten above 1, so 4.3e-5 stays exactly the decimal.
    if power < 1.0 {
        rounded / (1.0 / power).round()
    } else {
        rounded * power
    }
}

/// What the trial runs share: the model, data and start, and what the
/// measures compare with.
struct Target<'a> {
    model: Model,
    data: &'a Data,
    start: (f64, f64),
    start_loss: f64,
    best_loss: f64,
    floor: Option<(f64, f64)>,
    steepest: (f64, f64),
    seed: u64,
}

impl Target<'_> {
    /// Plain gradient descent on every point at `rate`, from the start, as
    /// the lab will run it.
    fn trial(&self, rate: f64, steps: u64) -> Trial {
        let settings = Settings {
            learning_rate: rate,
            ..Settings::default()
        };
        let mut run = Trainer::new(
            self.model,
            settings,
            self.data,
            self.start.into(),
            self.seed,
        );
        let way = self.start_loss - self.best_loss;
        let gap = |run: &Trainer| (run.loss() - self.best_loss) / way;
        // The signed distance to the floor along the steepest direction.
        let across = |run: &Trainer| {
            self.floor
                .map(|(w, b)| (run.w() - w) * self.steepest.0 + (run.b() - b) * self.steepest.1)
        };
        let mut lesson = Lesson {
            learning_rate: rate,
            holds: true,
            steps_to_near: None,
            share_after_small: 0.0,
            crossings: 0,
            diverged_at: None,
            loss_after_one: None,
        };
        let mut side = across(&run);
        let mut step = 0;
        let until = |l: &Lesson, step: u64| {
            // Having got within 1 % at step t, it runs on to step 2t (at least
            // 100) to see that it stays.
            step < steps
                && l.diverged_at.is_none()
                && l.steps_to_near
                    .is_none_or(|t| step < (2 * t).max(SMALL_STEPS))
        };
        while until(&lesson, step) {
            if way > 0.0 && lesson.steps_to_near.is_none() && gap(&run) <= NEAR {
                lesson.steps_to_near = Some(step);
                continue;
            }
            if !run.step(self.data) {
                lesson.diverged_at = run.diverged_at();
                break;
            }
            step += 1;
            if step == 1 {
                lesson.loss_after_one = Some(run.loss());
            }
            if step <= ZIGZAG_STEPS {
                let now = across(&run);
                if let (Some(before), Some(now)) = (side, now) {
                    lesson.crossings += u32::from(before * now < 0.0);
                }
                side = now;
            }
            if step <= SMALL_STEPS {
                lesson.share_after_small = 1.0 - gap(&run);
            }
        }
        if way > 0.0 && lesson.steps_to_near.is_none() && gap(&run) <= NEAR {
            lesson.steps_to_near = Some(step);
        }
        Trial {
            lesson,
            gap_at_end: if lesson.diverged_at.is_some() {
                f64::INFINITY
            } else {
                gap(&run)
            },
        }
    }
}

// The JS names of the fields (`lab.lessons()`, README.md).

impl ToValue for Lesson {
    fn to_value(&self) -> Value {
        object! {
            "learningRate" => self.learning_rate,
            "holds" => self.holds,
            "stepsToNear" => self.steps_to_near,
            "shareAfter100" => self.share_after_small,
            "crossingsIn30" => self.crossings as u64,
            "divergedAt" => self.diverged_at,
            "lossAfterOne" => self.loss_after_one,
        }
    }
}

impl ToValue for Lessons {
    fn to_value(&self) -> Value {
        object! {
            "small" => self.small,
            "good" => self.good,
            "large" => self.large,
            "huge" => self.huge,
            "curvatureMax" => self.curvature_max,
            "curvatureMin" => self.curvature_min,
            "stepsTried" => self.steps_tried,
        }
    }
}
