//! The trainer: the four steps of gradient descent.
//!
//! 1. Start at a weight and bias and calculate the loss ([`Trainer::new`]).
//! 2. Take a step against the gradient ([`Trainer::step`]).
//! 3. Calculate the new loss on every point (in the same call).
//! 4. Repeat steps 2 and 3.

use crate::data::points::Data;
use crate::maths::kernels::Evaluation;
use crate::maths::model::Model;
use crate::training::batches::Batches;
use crate::training::history::{History, Record};
use crate::training::optimizer::{Hyperparameters, OptimizerKind, OptimizerState};

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
/// and after it, and the new `(w, b)` (index 0 is `w`, 1 is `b`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdatePreview {
    pub gradient: [f64; 2],
    pub before: OptimizerState,
    pub after: OptimizerState,
    pub next: [f64; 2],
}

/// One run of gradient descent on a data set.
#[derive(Clone, Debug)]
pub struct Trainer {
    pub model: Model,
    pub settings: Settings,
    seed: u64,
    w: f64,
    b: f64,
    /// The loss and gradient on every point at `(w, b)`.
    full: Evaluation,
    /// The gradient that the next step will use, at `(w, b)` on its batch.
    next: Evaluation,
    step: u64,
    epoch: u64,
    optimizer: OptimizerState,
    batches: Batches,
    start: Record,
    before_last_step: Option<Record>,
    diverged_at: Option<u64>,
    history: History,
}

impl Trainer {
    /// Step 1: start at `(w, b)` and calculate the loss.
    pub fn new(
        model: Model,
        settings: Settings,
        data: &Data,
        start: (f64, f64),
        seed: u64,
    ) -> Self {
        let mut trainer = Trainer {
            model,
            settings,
            seed,
            w: start.0,
            b: start.1,
            full: Evaluation::default(),
            next: Evaluation::default(),
            step: 0,
            epoch: 0,
            optimizer: OptimizerState::default(),
            batches: Batches::new(settings.batch_size, data.len(), seed),
            start: Record {
                step: 0,
                w: start.0,
                b: start.1,
                loss: 0.0,
            },
            before_last_step: None,
            diverged_at: None,
            history: History::new(History::DEFAULT_CAP),
        };
        trainer.restart(data, start);
        trainer
    }

    /// Back to step 1 at `start`, keeping the settings.
    pub fn restart(&mut self, data: &Data, start: (f64, f64)) {
        (self.w, self.b) = start;
        self.step = 0;
        self.epoch = 0;
        self.optimizer = OptimizerState::default();
        self.batches = Batches::new(self.settings.batch_size, data.len(), self.seed);
        self.before_last_step = None;
        self.diverged_at = None;
        self.full = self
            .model
            .loss_and_gradient(&data.xs, &data.ys, self.w, self.b);
        self.next = self.batch_gradient(data);
        self.start = self.record();
        self.history.clear();
        self.history.push(self.start);
    }

    /// New settings. A new learning rate or optimizer constant applies from the
    /// next step; a new optimizer starts with empty memory; a new batch size
    /// starts a new shuffle.
    pub fn set_settings(&mut self, data: &Data, settings: Settings) {
        let old = self.settings;
        self.settings = settings;
        if settings.optimizer != old.optimizer {
            self.optimizer = OptimizerState::default();
        }
        if settings.batch_size != old.batch_size {
            self.batches = Batches::new(settings.batch_size, data.len(), self.seed);
            self.next = self.batch_gradient(data);
        }
    }

    /// Steps 2 and 3: move `(w, b)` against the gradient of the current batch,
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
        let Settings {
            learning_rate,
            optimizer: kind,
            hyper,
            ..
        } = self.settings;
        let mut optimizer = self.optimizer;
        let (mut w, mut b, mut full, mut next) = (self.w, self.b, self.full, self.next);
        let mut before_last_step = self.before_last_step;
        let limit = DIVERGENCE_FACTOR * self.start.loss.max(1.0);
        let mut taken = 0;
        // Step 4: repeat steps 2 and 3.
        while taken < count {
            // Step 2: a step against the gradient `next` (on this step's batch).
            let mut updated = optimizer;
            let [new_w, new_b] = updated.update(
                kind,
                &hyper,
                learning_rate,
                [w, b],
                [next.grad_w, next.grad_b],
            );
            // Step 3: the new loss on every point (and its gradient there).
            let new_full = self
                .model
                .loss_and_gradient(&data.xs, &data.ys, new_w, new_b);
            if Self::is_divergent(new_w, new_b, &new_full, limit) {
                // Keep the last finite state and say at which step it went wrong.
                self.diverged_at = Some(self.step + taken + 1);
                break;
            }
            let step = self.step + taken;
            before_last_step = Some(Record {
                step,
                w,
                b,
                loss: full.loss,
            });
            (optimizer, w, b, full) = (updated, new_w, new_b, new_full);
            taken += 1;
            if self.batches.advance() {
                self.epoch += 1;
            }
            // The gradient the next step 2 follows, on its batch.
            next = self.gradient_on_batch(data, w, b, full);
            // The record of this step, for the loss chart and the path.
            let step = step + 1;
            self.history.push(Record {
                step,
                w,
                b,
                loss: full.loss,
            });
            if !(next.grad_w.is_finite() && next.grad_b.is_finite()) {
                self.diverged_at = Some(step + 1);
                next = full;
                break;
            }
        }
        self.optimizer = optimizer;
        (self.w, self.b, self.full, self.next) = (w, b, full, next);
        self.before_last_step = before_last_step;
        self.step += taken;
        taken
    }

    /// A step to `(w, b)` with loss and gradient `full` diverges: something
    /// is not finite, the loss passes `limit`, or a parameter is huge.
    #[inline(always)]
    fn is_divergent(w: f64, b: f64, full: &Evaluation, limit: f64) -> bool {
        let finite = [w, b, full.loss, full.grad_w, full.grad_b]
            .iter()
            .all(|v| v.is_finite());
        !finite || full.loss > limit || w.abs() > PARAMETER_LIMIT || b.abs() > PARAMETER_LIMIT
    }

    /// The gradient at the current `(w, b)` on the batch the next step uses.
    fn batch_gradient(&self, data: &Data) -> Evaluation {
        self.gradient_on_batch(data, self.w, self.b, self.full)
    }

    /// The gradient at `(w, b)` on the batch the next step uses; `full` is
    /// the one on every point there.
    #[inline(always)]
    fn gradient_on_batch(&self, data: &Data, w: f64, b: f64, full: Evaluation) -> Evaluation {
        if self.batches.is_full() {
            full
        } else {
            let batch = self.batches.current();
            self.model
                .loss_and_gradient_at(&data.xs, &data.ys, batch, w, b)
        }
    }

    #[inline(always)]
    fn record(&self) -> Record {
        Record {
            step: self.step,
            w: self.w,
            b: self.b,
            loss: self.full.loss,
        }
    }

    pub fn w(&self) -> f64 {
        self.w
    }
    pub fn b(&self) -> f64 {
        self.b
    }
    /// The loss on every point at the current `(w, b)`.
    pub fn loss(&self) -> f64 {
        self.full.loss
    }
    /// The gradient the next step will take, on its batch (all points in
    /// plain gradient descent).
    pub fn gradient(&self) -> Evaluation {
        self.next
    }
    /// The gradient on every point at the current `(w, b)`.
    pub fn full_gradient(&self) -> Evaluation {
        self.full
    }
    pub fn step_count(&self) -> u64 {
        self.step
    }
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    pub fn start(&self) -> Record {
        self.start
    }
    /// `(w, b, loss)` before the last step, if one was taken.
    pub fn before_last_step(&self) -> Option<Record> {
        self.before_last_step
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
        let norm = self.full.grad_w.hypot(self.full.grad_b);
        !self.diverged() && norm <= CONVERGED_GRADIENT * self.start.loss.max(1.0).sqrt()
    }
    pub fn optimizer_state(&self) -> &OptimizerState {
        &self.optimizer
    }
    /// The next step worked out without taking it: the optimizer's memory
    /// before and after, and where `(w, b)` will land.
    pub fn preview(&self) -> UpdatePreview {
        let mut after = self.optimizer;
        let gradient = [self.next.grad_w, self.next.grad_b];
        let next = after.update(
            self.settings.optimizer,
            &self.settings.hyper,
            self.settings.learning_rate,
            [self.w, self.b],
            gradient,
        );
        UpdatePreview {
            gradient,
            before: self.optimizer,
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
    pub fn history(&self) -> &History {
        &self.history
    }
}
