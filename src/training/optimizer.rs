//! The optimizers: how one step turns a gradient into a move of `(w, b)`.
//!
//! Each update rule is the one of PyTorch's `torch.optim` (SGD, SGD with
//! momentum and Nesterov momentum, RMSprop, Adam) with no weight decay, written
//! in the same order of operations so that the numbers agree with it.

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

impl Default for Hyperparameters {
    fn default() -> Self {
        Hyperparameters {
            momentum: 0.9,
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        }
    }
}

/// What an optimizer remembers between steps, for `w` and `b` (index 0 and 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OptimizerState {
    /// Steps taken (Adam's `t`).
    pub t: u64,
    /// The momentum buffer `v`, or Adam's first moment `m`.
    pub first: [f64; 2],
    /// RMSprop's running square `s`, or Adam's second moment `v`.
    pub second: [f64; 2],
}

impl OptimizerState {
    /// Applies one update of `kind` to `params` with gradient `grad`.
    /// (Inlined into the training loop, where its state can stay in
    /// registers: with 100 points a step is that short.)
    #[inline(always)]
    pub fn update(
        &mut self,
        kind: OptimizerKind,
        hyper: &Hyperparameters,
        learning_rate: f64,
        params: [f64; 2],
        grad: [f64; 2],
    ) -> [f64; 2] {
        self.t += 1;
        match kind {
            // θ ← θ − η·g
            OptimizerKind::Gd => [
                params[0] - learning_rate * grad[0],
                params[1] - learning_rate * grad[1],
            ],
            // v ← μ·v + g (v = g on the first step); θ ← θ − η·v
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let mut next = params;
                for i in 0..2 {
                    let g = grad[i];
                    self.first[i] = if self.t == 1 {
                        g
                    } else {
                        hyper.momentum * self.first[i] + g
                    };
                    // Nesterov looks ahead: the step uses g + μ·v instead of v.
                    let direction = if kind == OptimizerKind::Nesterov {
                        g + hyper.momentum * self.first[i]
                    } else {
                        self.first[i]
                    };
                    next[i] = params[i] - learning_rate * direction;
                }
                next
            }
            // s ← α·s + (1 − α)·g²; θ ← θ − η·g / (√s + ε)
            OptimizerKind::RmsProp => {
                let mut next = params;
                for i in 0..2 {
                    let g = grad[i];
                    self.second[i] = hyper.alpha * self.second[i] + (1.0 - hyper.alpha) * g * g;
                    next[i] =
                        params[i] - learning_rate * g / (self.second[i].sqrt() + hyper.epsilon);
                }
                next
            }
            // m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²;
            // θ ← θ − η·m̂ / (√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
            OptimizerKind::Adam => {
                // The bias corrections, the same for both parameters.
                let (correction1, correction2) = self.bias_corrections(hyper);
                let mut next = params;
                for i in 0..2 {
                    let g = grad[i];
                    self.first[i] = hyper.beta1 * self.first[i] + (1.0 - hyper.beta1) * g;
                    self.second[i] = hyper.beta2 * self.second[i] + (1.0 - hyper.beta2) * g * g;
                    let step_size = learning_rate / correction1;
                    let denominator = self.second[i].sqrt() / correction2.sqrt() + hyper.epsilon;
                    next[i] = params[i] - step_size * self.first[i] / denominator;
                }
                next
            }
        }
    }

    /// Adam's bias corrections `(1 − β₁ᵗ, 1 − β₂ᵗ)` at the current `t`.
    pub fn bias_corrections(&self, hyper: &Hyperparameters) -> (f64, f64) {
        let t = self.t.min(i32::MAX as u64) as i32;
        (1.0 - hyper.beta1.powi(t), 1.0 - hyper.beta2.powi(t))
    }
}
