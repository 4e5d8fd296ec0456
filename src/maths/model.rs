//! The model `z = w·x + b`, `ŷ = activation(z)`, its loss (defined in
//! src/maths/loss.rs) and its gradient by backpropagation.
//!
//! Each point's loss goes forward `x → z → ŷ → loss` and its gradient comes
//! back by the chain rule `∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w` (and the same with
//! `∂z/∂b = 1` for the bias). The backward rule of each stage sits beside its
//! forward rule in [`trace`].

use super::elementary::{exp_neg, sigmoid_pair};
use super::kernels;
use super::loss::{CrossEntropy, PointLoss, SquaredError};
use super::theta::Evaluation;

/// Which kind of model a data set is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `ŷ = w·x + b`, a real-valued `y`.
    Regression,
    /// `ŷ = σ(w·x + b)`, a label `y` of 0 or 1.
    Classification,
}

impl Problem {
    pub const NAMES: [&'static str; 2] = ["regression", "classification"];

    pub fn name(self) -> &'static str {
        match self {
            Problem::Regression => "regression",
            Problem::Classification => "classification",
        }
    }

    pub fn from_name(name: &str) -> Option<Problem> {
        match name {
            "regression" => Some(Problem::Regression),
            "classification" => Some(Problem::Classification),
            _ => None,
        }
    }
}

/// The loss being minimised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossKind {
    /// Mean squared error `(1/N) Σ (ŷ − y)²`.
    Mse,
    /// Mean cross-entropy `−(1/N) Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)]`.
    CrossEntropy,
}

impl LossKind {
    pub const NAMES: [&'static str; 2] = ["mse", "cross-entropy"];

    pub fn name(self) -> &'static str {
        match self {
            LossKind::Mse => "mse",
            LossKind::CrossEntropy => "cross-entropy",
        }
    }

    pub fn from_name(name: &str) -> Option<LossKind> {
        match name {
            "mse" => Some(LossKind::Mse),
            "cross-entropy" => Some(LossKind::CrossEntropy),
            _ => None,
        }
    }

    /// The loss a problem uses unless told otherwise.
    pub fn default_for(problem: Problem) -> LossKind {
        match problem {
            Problem::Regression => LossKind::Mse,
            Problem::Classification => LossKind::CrossEntropy,
        }
    }
}

/// The neuron's parameter vector θ: `[w, b]`, the weight then the bias.
pub type WeightAndBias = [f64; 2];

/// A model: the problem (which fixes the activation) and the loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Model {
    pub problem: Problem,
    pub loss: LossKind,
}

/// Every factor of the chain rule for one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointTrace {
    pub x: f64,
    pub y: f64,
    /// Forward: `z = w·x + b`.
    pub z: f64,
    /// Forward: `ŷ = z` (regression) or `σ(z)` (classification).
    pub y_hat: f64,
    /// Forward: this point's loss term.
    pub loss: f64,
    /// Backward: `∂L/∂ŷ`.
    pub dloss_dyhat: f64,
    /// Backward: `∂ŷ/∂z`.
    pub dyhat_dz: f64,
    /// Backward: `∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z` (computed in its simplified, stable form).
    pub dloss_dz: f64,
    /// Backward: `∂z/∂w = x`.
    pub dz_dw: f64,
    /// Backward: `∂z/∂b = 1`.
    pub dz_db: f64,
    /// `∂L/∂w = ∂L/∂z · x` for this point.
    pub dloss_dw: f64,
    /// `∂L/∂b = ∂L/∂z · 1` for this point.
    pub dloss_db: f64,
}

/// The logistic function `σ(z) = 1 / (1 + e^(−z))`, stable for any `z`.
pub fn sigmoid(z: f64) -> f64 {
    sigmoid_pair(z, exp_neg(z.abs())).0
}

impl Model {
    pub fn new(problem: Problem, loss: LossKind) -> Model {
        Model { problem, loss }
    }

    /// The prediction `ŷ` at `x`.
    pub fn predict(&self, w: f64, b: f64, x: f64) -> f64 {
        let z = w * x + b;
        match self.problem {
            Problem::Regression => z,
            Problem::Classification => sigmoid(z),
        }
    }

    /// The loss after the activation, as a function of `z`.
    #[inline(always)]
    pub fn point_loss(&self) -> PointLoss {
        match (self.problem, self.loss) {
            (Problem::Regression, _) => PointLoss::SquaredError,
            (Problem::Classification, LossKind::CrossEntropy) => PointLoss::SigmoidCrossEntropy,
            (Problem::Classification, LossKind::Mse) => PointLoss::SigmoidSquaredError,
        }
    }

    /// One point's loss term and `∂L/∂z` ([`PointLoss::loss_and_dz`]).
    #[inline]
    pub fn loss_and_dz(&self, z: f64, y: f64) -> (f64, f64) {
        self.point_loss().loss_and_dz(z, y)
    }

    /// The second derivative `∂²L/∂z²` of one point's loss.
    pub fn d2loss_dz2(&self, z: f64, y: f64) -> f64 {
        self.point_loss().d2loss_dz2(z, y)
    }

    /// The forward and backward pass of one point, every factor kept.
    pub fn trace(&self, w: f64, b: f64, x: f64, y: f64) -> PointTrace {
        // Forward: z = w·x + b; backward: ∂z/∂w = x, ∂z/∂b = 1.
        let z = w * x + b;
        let (dz_dw, dz_db) = (x, 1.0);
        let (loss, dloss_dz) = self.loss_and_dz(z, y);
        // Forward: ŷ = activation(z); backward: ∂ŷ/∂z and ∂L/∂ŷ.
        let (y_hat, dyhat_dz, dloss_dyhat) = match (self.problem, self.loss) {
            (Problem::Regression, _) => (z, 1.0, SquaredError::dloss(SquaredError::error(z, y))),
            (Problem::Classification, loss) => {
                let (p, q) = sigmoid_pair(z, exp_neg(z.abs()));
                let dloss_dyhat = match loss {
                    LossKind::CrossEntropy => CrossEntropy::dloss_dyhat(p, q, y),
                    LossKind::Mse => SquaredError::dloss(SquaredError::error(p, y)),
                };
                (p, p * q, dloss_dyhat)
            }
        };
        PointTrace {
            x,
            y,
            z,
            y_hat,
            loss,
            dloss_dyhat,
            dyhat_dz,
            dloss_dz,
            dz_dw,
            dz_db,
            dloss_dw: dloss_dz * dz_dw,
            dloss_db: dloss_dz * dz_db,
        }
    }

    /// The mean loss and its gradient `(L, [∂L/∂w, ∂L/∂b])` over all points.
    #[inline(always)]
    pub fn evaluate(&self, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
        kernels::sums(self.point_loss(), xs, ys, w, b).mean(xs.len())
    }

    /// The mean loss and gradient over the points at `indices` (a mini-batch).
    pub fn evaluate_batch(
        &self,
        xs: &[f64],
        ys: &[f64],
        indices: &[u32],
        w: f64,
        b: f64,
    ) -> Evaluation {
        let mut sum = Evaluation::default();
        for &i in indices {
            sum.add_point(self.point_loss(), w, b, xs[i as usize], ys[i as usize]);
        }
        sum.mean(indices.len())
    }

    /// The mean loss alone (the landscape and the checks need no gradient).
    pub fn loss(&self, xs: &[f64], ys: &[f64], w: f64, b: f64) -> f64 {
        self.evaluate(xs, ys, w, b).loss
    }
}
