//! The optimizers: how one step turns a gradient into a move of θ, one
//! parameter at a time (the same rule for a θ of any length).
//!
//! Each update rule is the one of PyTorch's `torch.optim` (SGD, SGD with
//! momentum and Nesterov momentum, RMSprop, Adam) with no weight decay, written
//! in the same order of operations so that the numbers agree with it.

use crate::maths::theta::{Theta, each_index};

/// The optimizers a learner can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerKind {
    /// Plain gradient descent: `θ ← θ − η·g`.
    Gd,
    /// Momentum: `v ← μ·v + g`, `θ ← θ − η·v`.
    Momentum,
    /// Nesterov momentum: `v ← μ·v + g`, `θ ← θ − η·(g + μ·v)`.
    Nesterov,
    /// RMSprop: `s ← α·s + (1 − α)·g²`, `θ ← θ − η·g / (√s + ε)`.
    RmsProp,
    /// Adam: moments `m`, `v` with bias correction.
    Adam,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 5] = [
        OptimizerKind::Gd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
    ];
    pub const NAMES: [&'static str; 5] = ["gd", "momentum", "nesterov", "rmsprop", "adam"];

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Gd => "gd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
        }
    }

    pub fn from_name(name: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// The optimizers' constants, with PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyperparameters {
    /// Momentum `μ` of "momentum" and "nesterov" (dampening 0).
    pub momentum: f64,
    /// Smoothing constant `α` of RMSprop.
    pub alpha: f64,
    /// Adam's decay rate of the first moment.
    pub beta1: f64,
    /// Adam's decay rate of the second moment.
    pub beta2: f64,
    /// The small `ε` of RMSprop and Adam that keeps the division finite.
    pub epsilon: f64,
}

impl Hyperparameters {
    pub const DEFAULT: Hyperparameters = Hyperparameters {
        momentum: 0.9,
        alpha: 0.99,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
    };
}

impl Default for Hyperparameters {
    fn default() -> Self {
        Hyperparameters::DEFAULT
    }
}

/// What an optimizer remembers between steps: one number of each memory per
/// parameter of θ, so `first[i]` and `second[i]` belong to `θ[i]`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OptimizerState<T = [f64; 2]> {
    /// Steps taken (Adam's `t`).
    pub t: u64,
    /// The momentum buffer `v`, or Adam's first moment `m`.
    pub first: T,
    /// RMSprop's running square `s`, or Adam's second moment `v`.
    pub second: T,
}

impl<T: Theta> OptimizerState<T> {
    /// Empty memory for a θ of the shape of `theta`.
    #[inline(always)]
    pub fn new(theta: &T) -> Self {
        OptimizerState {
            t: 0,
            first: theta.zeros_like(),
            second: theta.zeros_like(),
        }
    }

    /// Applies one update of `kind` to `theta` with `gradient`, one
    /// parameter at a time, and returns the new θ. (Inlined into the
    /// training loop, where its state can stay in registers: with 100 points
    /// a step is that short.)
    #[inline(always)]
    pub fn update(
        &mut self,
        kind: OptimizerKind,
        hyper: &Hyperparameters,
        learning_rate: f64,
        theta: &T,
        gradient: &T,
    ) -> T {
        self.t += 1;
        let mut next = theta.clone();
        let (next_slice, g) = (next.as_mut_slice(), gradient.as_slice());
        let (first, second) = (self.first.as_mut_slice(), self.second.as_mut_slice());
        match kind {
            // θ ← θ − η·g
            OptimizerKind::Gd => {
                each_index(next_slice.len(), |i| {
                    next_slice[i] -= learning_rate * g[i];
                });
            }
            // v ← μ·v + g (v = g on the first step); θ ← θ − η·v
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                for i in 0..next_slice.len() {
                    first[i] = if self.t == 1 {
                        g[i]
                    } else {
                        hyper.momentum * first[i] + g[i]
                    };
                    // Nesterov looks ahead: the step uses g + μ·v instead of v.
                    let direction = if kind == OptimizerKind::Nesterov {
                        g[i] + hyper.momentum * first[i]
                    } else {
                        first[i]
                    };
                    next_slice[i] -= learning_rate * direction;
                }
            }
            // s ← α·s + (1 − α)·g²; θ ← θ − η·g / (√s + ε)
            OptimizerKind::RmsProp => {
                for i in 0..next_slice.len() {
                    second[i] = hyper.alpha * second[i] + (1.0 - hyper.alpha) * g[i] * g[i];
                    next_slice[i] -= learning_rate * g[i] / (second[i].sqrt() + hyper.epsilon);
                }
            }
            // m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
            // θ ← θ − η·m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
            OptimizerKind::Adam => {
                // The bias corrections, the same for every parameter.
                let (correction1, correction2) = bias_corrections(self.t, hyper);
                for i in 0..next_slice.len() {
                    first[i] = hyper.beta1 * first[i] + (1.0 - hyper.beta1) * g[i];
                    second[i] = hyper.beta2 * second[i] + (1.0 - hyper.beta2) * g[i] * g[i];
                    let step_size = learning_rate / correction1;
                    let denominator = second[i].sqrt() / correction2.sqrt() + hyper.epsilon;
                    next_slice[i] -= step_size * first[i] / denominator;
                }
            }
        }
        next
    }

    /// Adam's bias corrections `(1 − β₁ᵗ, 1 − β₂ᵗ)` at the current `t`.
    pub fn bias_corrections(&self, hyper: &Hyperparameters) -> (f64, f64) {
        bias_corrections(self.t, hyper)
    }
}

/// Adam's bias corrections `(1 − β₁ᵗ, 1 − β₂ᵗ)` after `t` steps.
fn bias_corrections(t: u64, hyper: &Hyperparameters) -> (f64, f64) {
    let t = t.min(i32::MAX as u64) as i32;
    (1.0 - hyper.beta1.powi(t), 1.0 - hyper.beta2.powi(t))
}
