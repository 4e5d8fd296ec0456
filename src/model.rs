//! The model `z = w·x + b`, `ŷ = activation(z)`, the losses, and their
//! gradients by backpropagation.
//!
//! Each point's loss goes forward `x → z → ŷ → loss` and its gradient comes
//! back by the chain rule `∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w` (and the same with
//! `∂z/∂b = 1` for the bias). The backward rule of each stage sits beside its
//! forward rule in [`trace`].

use crate::data::Problem;
use crate::elementary::{exp_neg, log1p_unit, sigmoid_pair};

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

/// `exp(−|z|)`, the one exponential every stable sigmoid formula here needs.
#[inline]
fn exp_neg_abs(z: f64) -> f64 {
    exp_neg(z.abs())
}

/// The logistic function `σ(z) = 1 / (1 + e^(−z))`, stable for any `z`.
pub fn sigmoid(z: f64) -> f64 {
    sigmoid_pair(z, exp_neg_abs(z)).0
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

    /// One point's loss term and `∂L/∂z`: the inner loop of training.
    ///
    /// Cross-entropy uses the softplus form `−ln σ(z) = softplus(−z)`,
    /// `−ln(1 − σ(z)) = softplus(z)`, with `softplus(t) = max(t, 0) + ln(1 + e^(−|t|))`,
    /// which stays finite and accurate for any `z`; its `∂L/∂z` is `σ(z) − y`.
    #[inline]
    pub fn loss_and_dz(&self, z: f64, y: f64) -> (f64, f64) {
        match (self.problem, self.loss) {
            (Problem::Regression, _) => {
                // L = (z − y)², ∂L/∂z = 2(z − y)
                let error = z - y;
                (error * error, 2.0 * error)
            }
            (Problem::Classification, LossKind::CrossEntropy) => {
                // L = y·softplus(−z) + (1 − y)·softplus(z) with softplus(z)
                // = −ln(1 − σ(z)) = max(z, 0) + ln(1 + e^(−|z|)). Since
                // softplus(−z) = softplus(z) − z, that is (max(z, 0) − y·z) +
                // ln(1 + e^(−|z|)), exact for labels 0 and 1 at any z.
                let e = exp_neg_abs(z);
                let (p, _) = sigmoid_pair(z, e);
                ((z.max(0.0) - y * z) + log1p_unit(e), p - y)
            }
            (Problem::Classification, LossKind::Mse) => {
                // L = (σ(z) − y)², ∂L/∂z = 2(σ(z) − y) · σ(z)(1 − σ(z))
                let (p, q) = sigmoid_pair(z, exp_neg_abs(z));
                let error = p - y;
                (error * error, 2.0 * error * p * q)
            }
        }
    }

    /// The second derivative `∂²L/∂z²` of one point's loss (for Newton's
    /// method, which finds the optimum directly).
    pub fn d2loss_dz2(&self, z: f64, y: f64) -> f64 {
        match (self.problem, self.loss) {
            // ∂/∂z of 2(z − y)
            (Problem::Regression, _) => 2.0,
            // ∂/∂z of σ(z) − y = σ(z)(1 − σ(z))
            (Problem::Classification, LossKind::CrossEntropy) => {
                let (p, q) = sigmoid_pair(z, exp_neg_abs(z));
                p * q
            }
            // ∂/∂z of 2(p − y)·p(1 − p), with ∂p/∂z = p(1 − p) and p − q = 2p − 1
            (Problem::Classification, LossKind::Mse) => {
                let (p, q) = sigmoid_pair(z, exp_neg_abs(z));
                2.0 * (p * q) * (p * q) + 2.0 * (p - y) * p * q * (q - p)
            }
        }
    }

    /// The forward and backward pass of one point, every factor kept.
    pub fn trace(&self, w: f64, b: f64, x: f64, y: f64) -> PointTrace {
        // Forward: z = w·x + b; backward: ∂z/∂w = x, ∂z/∂b = 1.
        let z = w * x + b;
        let (dz_dw, dz_db) = (x, 1.0);
        let (loss, dloss_dz) = self.loss_and_dz(z, y);
        // Forward: ŷ = activation(z); backward: ∂ŷ/∂z and ∂L/∂ŷ.
        let (y_hat, dyhat_dz, dloss_dyhat) = match (self.problem, self.loss) {
            (Problem::Regression, _) => (z, 1.0, 2.0 * (z - y)),
            (Problem::Classification, loss) => {
                let (p, q) = sigmoid_pair(z, exp_neg_abs(z));
                let dloss_dyhat = match loss {
                    // ∂/∂ŷ of −[y ln ŷ + (1 − y) ln(1 − ŷ)]; the guard keeps it
                    // finite when ŷ rounds to exactly 0 or 1.
                    LossKind::CrossEntropy => {
                        -y / p.max(f64::MIN_POSITIVE) + (1.0 - y) / q.max(f64::MIN_POSITIVE)
                    }
                    LossKind::Mse => 2.0 * (p - y),
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

    /// The mean loss and its gradient `(L, ∂L/∂w, ∂L/∂b)` over all points.
    #[inline(always)]
    pub fn loss_and_gradient(&self, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
        crate::kernels::sums(self, xs, ys, w, b).mean(xs.len())
    }

    /// The mean loss and gradient over the points at `indices` (a mini-batch).
    pub fn loss_and_gradient_at(
        &self,
        xs: &[f64],
        ys: &[f64],
        indices: &[u32],
        w: f64,
        b: f64,
    ) -> Evaluation {
        let mut sum = Evaluation::default();
        for &i in indices {
            sum.add_point(self, w, b, xs[i as usize], ys[i as usize]);
        }
        sum.mean(indices.len())
    }

    /// The mean loss alone (the landscape and the checks need no gradient).
    pub fn loss(&self, xs: &[f64], ys: &[f64], w: f64, b: f64) -> f64 {
        self.loss_and_gradient(xs, ys, w, b).loss
    }
}

/// A mean loss and its gradient at one `(w, b)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Evaluation {
    pub loss: f64,
    pub grad_w: f64,
    pub grad_b: f64,
}

impl Evaluation {
    #[inline]
    pub(crate) fn add_point(&mut self, model: &Model, w: f64, b: f64, x: f64, y: f64) {
        let (loss, dloss_dz) = model.loss_and_dz(w * x + b, y);
        self.loss += loss;
        self.grad_w += dloss_dz * x; // ∂z/∂w = x
        self.grad_b += dloss_dz; // ∂z/∂b = 1
    }

    pub(crate) fn plus(self, other: Evaluation) -> Evaluation {
        Evaluation {
            loss: self.loss + other.loss,
            grad_w: self.grad_w + other.grad_w,
            grad_b: self.grad_b + other.grad_b,
        }
    }

    #[inline(always)]
    pub(crate) fn mean(self, n: usize) -> Evaluation {
        let scale = if n == 0 { 0.0 } else { 1.0 / n as f64 };
        Evaluation {
            loss: self.loss * scale,
            grad_w: self.grad_w * scale,
            grad_b: self.grad_b * scale,
        }
    }
}
