//! The trainer: the four steps of gradient descent.
//!
//! 1. Start at parameters θ (the neuron's weight and bias) and calculate
//!    the loss ([`Trainer::new`]).
//! 2. Take a step against the gradient ([`Trainer::step`]).
//! 3. Calculate the new loss on every point (in the same call).
//! 4. Repeat steps 2 and 3.

use crate::data::points::Data;
use crate::maths::model::Model;
use crate::maths::theta::{Evaluation, Theta, all_finite, any, norm};
use crate::training::batches::Batches;
use crate::training::history::{History, Record};
use crate::training::optimizer::{Hyperparameters, OptimizerKind, OptimizerState};
use crate::training::trainable::Trainable;

/// How the trainer steps: the learning rate, the optimizer and the batch size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub learning_rate: f64,
    pub optimizer: OptimizerKind,
    pub hyper: Hyperparameters,
    /// Points per step; 0 = all points.
    pub batch_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            learning_rate: 0.1,
            optimizer: OptimizerKind::Gd,
            hyper: Hyperparameters::default(),
            batch_size: 0,
        }
    }
}

/// A loss this many times the starting loss (or 1, if larger) counts as diverged.
pub const DIVERGENCE_FACTOR: f64 = 1e6;
/// A parameter beyond this size counts as diverged.
pub const PARAMETER_LIMIT: f64 = 1e15;
/// Converged once the gradient on every point is this small (relative to the
/// scale of the starting loss).
pub const CONVERGED_GRADIENT: f64 = 1e-6;

/// The next update, worked out: the gradient, the optimizer's memory before
/// and after it, and the new θ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdatePreview<T = [f64; 2]> {
    pub gradient: T,
    pub before: OptimizerState<T>,
    pub after: OptimizerState<T>,
    pub next: T,
}

/// One run of gradient descent on a data set, for a model `M` with
/// parameters θ.
#[derive(Clone, Debug)]
pub struct Trainer<M: Trainable = Model> {
    pub model: M,
    pub settings: Settings,
    seed: u64,
    theta: M::Theta,
    /// The loss and gradient on every point at θ.
    full: Evaluation<M::Theta>,
    /// The gradient that the next step will use, at θ on its batch.
    next: Evaluation<M::Theta>,
    step: u64,
    epoch: u64,
    optimizer: OptimizerState<M::Theta>,
    batches: Batches,
    start: Record<M::Theta>,
    before_last_step: Option<Record<M::Theta>>,
    diverged_at: Option<u64>,
    history: History<M::Theta>,
}

impl<M: Trainable> Trainer<M> {
    /// Step 1: start at θ = `start` and calculate the loss.
    pub fn new(model: M, settings: Settings, data: &Data, start: M::Theta, seed: u64) -> Self {
        // Placeholders until `restart` works them out.
        let full = Evaluation {
            loss: 0.0,
            gradient: start.zeros_like(),
        };
        let mut trainer = Trainer {
            model,
            settings,
            seed,
            optimizer: OptimizerState::new(&start),
            full: full.clone(),
            next: full,
            step: 0,
            epoch: 0,
            batches: Batches::new(settings.batch_size, data.len(), seed),
            start: Record {
                step: 0,
                theta: start.clone(),
                loss: 0.0,
            },
            theta: start.clone(),
            before_last_step: None,
            diverged_at: None,
            history: History::new(History::<M::Theta>::DEFAULT_CAP),
        };
        trainer.restart(data, start);
        trainer
    }

    /// Back to step 1 at `start`, keeping the settings.
    pub fn restart(&mut self, data: &Data, start: M::Theta) {
        self.optimizer = OptimizerState::new(&start);
        self.theta = start;
        self.step = 0;
        self.epoch = 0;
        self.batches = Batches::new(self.settings.batch_size, data.len(), self.seed);
        self.before_last_step = None;
        self.diverged_at = None;
        self.full = self.model.loss_and_gradient(data, &self.theta);
        self.next = self.batch_gradient(data);
        self.start = self.record();
        self.history.clear();
        self.history.push(self.start.clone());
    }

    /// New settings. A new learning rate or optimizer constant applies from the
    /// next step; a new optimizer starts with empty memory; a new batch size
    /// starts a new shuffle.
    pub fn set_settings(&mut self, data: &Data, settings: Settings) {
        let old = self.settings;
        self.settings = settings;
        if settings.optimizer != old.optimizer {
            self.optimizer = OptimizerState::new(&self.theta);
        }
        if settings.batch_size != old.batch_size {
            self.batches = Batches::new(settings.batch_size, data.len(), self.seed);
            self.next = self.batch_gradient(data);
        }
    }

    /// Steps 2 and 3: move θ against the gradient of the current batch,
    /// then calculate the loss on every point. Returns false (and moves
    /// nothing) once the run has diverged.
    pub fn step(&mut self, data: &Data) -> bool {
        self.run(data, 1) == 1
    }

    /// Runs `count` steps (steps 2 and 3, repeated), stopping early if the
    /// run diverges; returns how many it took. What each step changes stays
    /// in local variables until the last one: with 100 points a step is a
    /// few hundred instructions, and writing the trainer back to memory after
    /// each cost a quarter of its time (BENCHMARKS.md, 100 points).
    pub fn run(&mut self, data: &Data, count: u64) -> u64 {
        if self.diverged_at.is_some() {
            return 0;
        }
        let settings = self.settings;
        let mut optimizer = self.optimizer.clone();
        let (mut theta, mut full) = (self.theta.clone(), self.full.clone());
        let mut next = self.next.clone();
        let mut before_last_step = self.before_last_step.clone();
        let limit = DIVERGENCE_FACTOR * self.start.loss.max(1.0);
        let mut taken = 0;
        // Step 4: repeat steps 2 and 3.
        while taken < count {
            // Step 2: a step against the gradient `next` (on this step's batch).
            let (updated, new_theta) =
                Self::step_against_gradient(&settings, &optimizer, &theta, &next);
            // Step 3: the new loss on every point (and its gradient there).
            let new_full = self.model.loss_and_gradient(data, &new_theta);
            if Self::is_divergent(&new_theta, &new_full, limit) {
                // Keep the last finite state and say at which step it went wrong.
                self.diverged_at = Some(self.step + taken + 1);
                break;
            }
            let step = self.step + taken;
            before_last_step = Some(Record {
                step,
                theta,
                loss: full.loss,
            });
            (optimizer, theta, full) = (updated, new_theta, new_full);
            taken += 1;
            if self.batches.advance() {
                self.epoch += 1;
            }
            // The gradient the next step 2 follows, on its batch.
            next = self.gradient_on_batch(data, &theta, &full);
            // The record of this step, for the loss chart and the path.
            let step = step + 1;
            self.history.push(Record {
                step,
                theta: theta.clone(),
                loss: full.loss,
            });
            if !all_finite(next.gradient.as_slice()) {
                self.diverged_at = Some(step + 1);
                next = full.clone();
                break;
            }
        }
        self.optimizer = optimizer;
        (self.theta, self.full, self.next) = (theta, full, next);
        self.before_last_step = before_last_step;
        self.step += taken;
        taken
    }

    /// Step 2: θ moved against `gradient` by the optimizer's rule, from its
    /// memory `optimizer`; returns the memory after the step and the new θ.
    #[inline(always)]
    fn step_against_gradient(
        settings: &Settings,
        optimizer: &OptimizerState<M::Theta>,
        theta: &M::Theta,
        gradient: &Evaluation<M::Theta>,
    ) -> (OptimizerState<M::Theta>, M::Theta) {
        let Settings {
            learning_rate,
            optimizer: kind,
            hyper,
            ..
        } = *settings;
        let mut after = optimizer.clone();
        let next = after.update(kind, &hyper, learning_rate, theta, &gradient.gradient);
        (after, next)
    }

    /// A step to θ with loss and gradient `full` diverges: something is not
    /// finite, the loss passes `limit`, or a parameter is huge.
    #[inline(always)]
    fn is_divergent(theta: &M::Theta, full: &Evaluation<M::Theta>, limit: f64) -> bool {
        let theta = theta.as_slice();
        let finite = all_finite(theta) && full.is_finite();
        !finite || full.loss > limit || any(theta, |p| p.abs() > PARAMETER_LIMIT)
    }

    /// The gradient at the current θ on the batch the next step uses.
    fn batch_gradient(&self, data: &Data) -> Evaluation<M::Theta> {
        self.gradient_on_batch(data, &self.theta, &self.full)
    }

    /// The gradient at θ on the batch the next step uses; `full` is the one
    /// on every point there.
    #[inline(always)]
    fn gradient_on_batch(
        &self,
        data: &Data,
        theta: &M::Theta,
        full: &Evaluation<M::Theta>,
    ) -> Evaluation<M::Theta> {
        if self.batches.is_full() {
            full.clone()
        } else {
            let batch = self.batches.current();
            self.model.loss_and_gradient_at(data, batch, theta)
        }
    }

    #[inline(always)]
    fn record(&self) -> Record<M::Theta> {
        Record {
            step: self.step,
            theta: self.theta.clone(),
            loss: self.full.loss,
        }
    }

    /// The parameters θ now.
    pub fn theta(&self) -> &M::Theta {
        &self.theta
    }
    /// The loss on every point at the current θ.
    pub fn loss(&self) -> f64 {
        self.full.loss
    }
    /// The gradient the next step will take, on its batch (all points in
    /// plain gradient descent).
    pub fn gradient(&self) -> &Evaluation<M::Theta> {
        &self.next
    }
    /// The gradient on every point at the current θ.
    pub fn full_gradient(&self) -> &Evaluation<M::Theta> {
        &self.full
    }
    pub fn step_count(&self) -> u64 {
        self.step
    }
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    pub fn start(&self) -> &Record<M::Theta> {
        &self.start
    }
    /// θ and the loss before the last step, if one was taken.
    pub fn before_last_step(&self) -> Option<&Record<M::Theta>> {
        self.before_last_step.as_ref()
    }
    /// The step at which the run diverged (the step it refused to take).
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }
    pub fn diverged(&self) -> bool {
        self.diverged_at.is_some()
    }
    /// True once the gradient on every point has all but vanished.
    pub fn converged(&self) -> bool {
        let norm = norm(self.full.gradient.as_slice());
        !self.diverged() && norm <= CONVERGED_GRADIENT * self.start.loss.max(1.0).sqrt()
    }
    pub fn optimizer_state(&self) -> &OptimizerState<M::Theta> {
        &self.optimizer
    }
    /// The next step worked out without taking it: the optimizer's memory
    /// before and after, and where θ will land.
    pub fn preview(&self) -> UpdatePreview<M::Theta> {
        let (after, next) =
            Self::step_against_gradient(&self.settings, &self.optimizer, &self.theta, &self.next);
        UpdatePreview {
            gradient: self.next.gradient.clone(),
            before: self.optimizer.clone(),
            after,
            next,
        }
    }

    /// The indices of the points the next step uses (empty = all).
    pub fn next_batch(&self) -> &[u32] {
        self.batches.current()
    }
    /// Which batch of its epoch the next step uses (from 1), and how many an epoch has.
    pub fn batch_number(&self) -> (usize, usize) {
        self.batches.number()
    }
    pub fn history(&self) -> &History<M::Theta> {
        &self.history
    }
}
