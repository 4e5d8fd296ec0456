//! The small snapshot of a lab that crosses to the page after each step.

use super::optimum::eigen;
use super::{Lab, LossAndPull, LossComparison, StartOrigin};
use crate::io::value::{ToValue, Value};
use crate::lab::neuron::Params;
use crate::maths::model::PointTrace;
use crate::object;
use crate::training::trainer::Trainer;

impl Lab {
    /// The snapshot of the lab after its last step.
    pub fn state(&self) -> State {
        State::of(self)
    }
}

/// The state of a lab after its last step. Field names are those of the JS API.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Steps taken since the start (step 1).
    pub step: u64,
    /// Passes over every point completed.
    pub epoch: u64,
    pub w: f64,
    pub b: f64,
    /// The loss on every point at `(w, b)`.
    pub loss: f64,
    /// `∂L/∂w` at `(w, b)` on the batch of the next step (every point in
    /// plain gradient descent): the gradient that step 2 will follow.
    pub grad_w: f64,
    /// `∂L/∂b`, likewise.
    pub grad_b: f64,
    /// True once a step would have made the loss or a parameter non-finite or
    /// huge; the lab then keeps its last finite state and stops moving.
    pub diverged: bool,
    /// The step that was refused, when diverged.
    pub diverged_at: Option<u64>,
    /// True once the gradient on every point has all but vanished.
    pub converged: bool,
    pub problem: &'static str,
    /// The loss function's name: "mse" or "cross-entropy".
    pub loss_function: &'static str,
    pub optimizer: &'static str,
    pub learning_rate: f64,
    pub batch_size: usize,
    pub seed: u64,
    /// The number of points.
    pub n: usize,
    /// How many points the next step uses.
    pub batch_points: usize,
    /// Which batch of the epoch the next step uses (from 1), of `batchesPerEpoch`.
    pub batch_number: usize,
    pub batches_per_epoch: usize,
    /// Step 1: where this run started.
    pub start: Params,
    /// Where the last step started, if any step was taken.
    pub previous: Option<Params>,
    /// The best `(w, b)` and its loss, when one exists (not for separable data).
    pub optimum: Option<Params>,
    /// Classification: the share of points classified right (ŷ ≥ 0.5 for label 1).
    pub accuracy: Option<f64>,
    /// Classification: a threshold splits the labels perfectly, so the loss
    /// falls towards 0 as `|w|` grows without bound (this is not divergence).
    pub separable: bool,
    /// The optimizers' constants of this run.
    pub momentum: f64,
    pub alpha: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
    /// The next step worked out with this run's optimizer.
    pub update: Update,
    /// The largest learning rate at which plain gradient descent settles:
    /// `2 / λ_max` of the Hessian of the loss at the optimum.
    pub stable_learning_rate: Option<f64>,
    /// The loss's curvatures (the eigenvalues of its Hessian at the optimum,
    /// or at the start without one) and the steepest direction.
    pub curvature: Curvature,
    /// Every run, the lab's own first, then those of a race.
    pub runs: Vec<RunState>,
    /// Training on standardised x: `{ mean, spread }` of the given x, or `null`.
    pub standardized: Option<Moments>,
}

/// The curvatures of the loss: the largest and smallest eigenvalue of its
/// Hessian, and the unit direction `(w, b)` of the largest, along which the
/// valley is steepest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curvature {
    pub max: f64,
    pub min: f64,
    pub w: f64,
    pub b: f64,
}

/// The mean and spread taken out of x by standardising.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    pub mean: f64,
    pub spread: f64,
}

/// One parameter's part of the next update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParameterUpdate {
    /// `∂L/∂θ` on the next batch.
    pub gradient: f64,
    /// The optimizer's first memory before and after: the velocity `v` of
    /// momentum and Nesterov, Adam's first moment `m`.
    pub first: f64,
    pub new_first: f64,
    /// The second memory: RMSprop's running square `s`, Adam's second moment `v`.
    pub second: f64,
    pub new_second: f64,
    /// The parameter after the update.
    pub next: f64,
}

/// The next update: `t` (Adam's step counter after it), each parameter's
/// part, and Adam's bias corrections `1 − β₁ᵗ`, `1 − β₂ᵗ`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Update {
    pub t: u64,
    pub w: ParameterUpdate,
    pub b: ParameterUpdate,
    pub correction1: f64,
    pub correction2: f64,
}

impl Update {
    fn of(trainer: &Trainer) -> Update {
        let p = trainer.preview();
        let part = |i: usize| ParameterUpdate {
            gradient: p.gradient[i],
            first: p.before.first[i],
            new_first: p.after.first[i],
            second: p.before.second[i],
            new_second: p.after.second[i],
            next: p.next[i],
        };
        let (correction1, correction2) = p.after.bias_corrections(&trainer.settings.hyper);
        Update {
            t: p.after.t,
            w: part(0),
            b: part(1),
            correction1,
            correction2,
        }
    }
}

/// A run of a race, in brief.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunState {
    pub optimizer: &'static str,
    pub learning_rate: f64,
    pub batch_size: usize,
    pub step: u64,
    pub w: f64,
    pub b: f64,
    pub loss: f64,
    pub diverged: bool,
    pub diverged_at: Option<u64>,
    pub converged: bool,
}

impl RunState {
    fn of(run: &Trainer) -> RunState {
        RunState {
            optimizer: run.settings.optimizer.name(),
            learning_rate: run.settings.learning_rate,
            batch_size: run.settings.batch_size,
            step: run.step_count(),
            w: run.w(),
            b: run.b(),
            loss: run.loss(),
            diverged: run.diverged(),
            diverged_at: run.diverged_at(),
            converged: run.converged(),
        }
    }
}

impl State {
    pub fn of(lab: &Lab) -> State {
        let trainer = lab.trainer();
        let config = lab.config();
        let gradient = trainer.gradient();
        let data = lab.data();
        let batch = trainer.next_batch().len();
        State {
            step: trainer.step_count(),
            epoch: trainer.epoch(),
            w: trainer.w(),
            b: trainer.b(),
            loss: trainer.loss(),
            grad_w: gradient.gradient[0],
            grad_b: gradient.gradient[1],
            diverged: trainer.diverged(),
            diverged_at: trainer.diverged_at(),
            converged: trainer.converged(),
            problem: config.problem.name(),
            loss_function: config.loss.name(),
            optimizer: trainer.settings.optimizer.name(),
            learning_rate: trainer.settings.learning_rate,
            batch_size: trainer.settings.batch_size,
            seed: config.seed,
            n: data.len(),
            batch_points: if batch == 0 { data.len() } else { batch },
            batch_number: trainer.batch_number().0,
            batches_per_epoch: trainer.batch_number().1,
            start: trainer.start().into(),
            previous: trainer.before_last_step().map(Params::from),
            optimum: lab.optimum(),
            accuracy: lab.accuracy(),
            separable: lab.separable(),
            momentum: trainer.settings.hyper.momentum,
            alpha: trainer.settings.hyper.alpha,
            beta1: trainer.settings.hyper.beta1,
            beta2: trainer.settings.hyper.beta2,
            epsilon: trainer.settings.hyper.epsilon,
            update: Update::of(trainer),
            stable_learning_rate: lab.stable_learning_rate(),
            curvature: {
                let (max, min, (w, b)) = eigen(lab.curvature());
                Curvature { max, min, w, b }
            },
            runs: lab.runs().iter().map(RunState::of).collect(),
            standardized: lab
                .x_transform()
                .map(|(mean, spread)| Moments { mean, spread }),
        }
    }
}

/// Backpropagation for one point, as `lab.trace(i)` gives it: its index, every
/// factor of the chain rule, and (classification) both losses side by side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointReport {
    pub index: usize,
    pub trace: PointTrace,
    pub compare: Option<LossComparison>,
}

impl PointReport {
    pub fn of(lab: &Lab, index: usize) -> Option<PointReport> {
        Some(PointReport {
            index,
            trace: lab.trace(index)?,
            compare: lab.compare_losses(index),
        })
    }
}

// The JS names of every field: the API contract in README.md.

impl ToValue for Params {
    fn to_value(&self) -> Value {
        object! { "w" => self.w, "b" => self.b, "loss" => self.loss }
    }
}

impl ToValue for StartOrigin {
    fn to_value(&self) -> Value {
        let (kind, seed, draw) = match *self {
            StartOrigin::Seed(seed) => ("seed", Some(seed), None),
            StartOrigin::Reset { seed, draw } => ("reset", Some(seed), Some(draw as u64)),
            StartOrigin::Given => ("given", None, None),
            StartOrigin::DataEdit => ("edit", None, None),
        };
        object! { "kind" => kind, "seed" => seed, "draw" => draw }
    }
}

impl ToValue for Curvature {
    fn to_value(&self) -> Value {
        object! { "max" => self.max, "min" => self.min, "w" => self.w, "b" => self.b }
    }
}

impl ToValue for Moments {
    fn to_value(&self) -> Value {
        object! { "mean" => self.mean, "spread" => self.spread }
    }
}

impl ToValue for ParameterUpdate {
    fn to_value(&self) -> Value {
        object! {
            "gradient" => self.gradient,
            "first" => self.first,
            "newFirst" => self.new_first,
            "second" => self.second,
            "newSecond" => self.new_second,
            "next" => self.next,
        }
    }
}

impl ToValue for Update {
    fn to_value(&self) -> Value {
        object! {
            "t" => self.t,
            "w" => self.w,
            "b" => self.b,
            "correction1" => self.correction1,
            "correction2" => self.correction2,
        }
    }
}

impl ToValue for RunState {
    fn to_value(&self) -> Value {
        object! {
            "optimizer" => self.optimizer,
            "learningRate" => self.learning_rate,
            "batchSize" => self.batch_size,
            "step" => self.step,
            "w" => self.w,
            "b" => self.b,
            "loss" => self.loss,
            "diverged" => self.diverged,
            "divergedAt" => self.diverged_at,
            "converged" => self.converged,
        }
    }
}

impl ToValue for State {
    fn to_value(&self) -> Value {
        object! {
            "step" => self.step,
            "epoch" => self.epoch,
            "w" => self.w,
            "b" => self.b,
            "loss" => self.loss,
            "gradW" => self.grad_w,
            "gradB" => self.grad_b,
            "diverged" => self.diverged,
            "divergedAt" => self.diverged_at,
            "converged" => self.converged,
            "problem" => self.problem,
            "lossFunction" => self.loss_function,
            "optimizer" => self.optimizer,
            "learningRate" => self.learning_rate,
            "batchSize" => self.batch_size,
            "seed" => self.seed,
            "n" => self.n,
            "batchPoints" => self.batch_points,
            "batchNumber" => self.batch_number,
            "batchesPerEpoch" => self.batches_per_epoch,
            "start" => self.start,
            "previous" => self.previous,
            "optimum" => self.optimum,
            "accuracy" => self.accuracy,
            "separable" => self.separable,
            "momentum" => self.momentum,
            "alpha" => self.alpha,
            "beta1" => self.beta1,
            "beta2" => self.beta2,
            "epsilon" => self.epsilon,
            "update" => self.update,
            "stableLearningRate" => self.stable_learning_rate,
            "curvature" => self.curvature,
            "runs" => self.runs,
            "standardized" => self.standardized,
        }
    }
}

impl ToValue for LossAndPull {
    fn to_value(&self) -> Value {
        object! { "loss" => self.loss, "dLdz" => self.dloss_dz }
    }
}

impl ToValue for LossComparison {
    fn to_value(&self) -> Value {
        object! { "crossEntropy" => self.cross_entropy, "mse" => self.mse }
    }
}

impl ToValue for PointReport {
    fn to_value(&self) -> Value {
        let t = &self.trace;
        object! {
            "index" => self.index,
            "x" => t.x,
            "y" => t.y,
            "z" => t.z,
            "yHat" => t.y_hat,
            "loss" => t.loss,
            "dLdYhat" => t.dloss_dyhat,
            "dYhatDz" => t.dyhat_dz,
            "dLdz" => t.dloss_dz,
            "dzDw" => t.dz_dw,
            "dzDb" => t.dz_db,
            "dLdw" => t.dloss_dw,
            "dLdb" => t.dloss_db,
            "compare" => self.compare,
        }
    }
}
