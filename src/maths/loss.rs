//! The losses, each defined once, for one point as a function of the
//! pre-activation `z`: its value and its derivative `∂L/∂z`, written for any
//! [`Lanes`], so that one number (`f64`) and two at a time in a SIMD
//! register (the training loop, src/maths/kernels.rs) go through the same
//! arithmetic and give the same bits.
//!
//! - [`SquaredError`]: `L = e²` with `e = ŷ − y`.
//! - [`CrossEntropy`]: `L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]` with `ŷ = σ(z)`.
//!
//! [`PointLoss`] pairs a loss with the activation it follows (`ŷ = z` or
//! `ŷ = σ(z)`): what the kernels and the model evaluate.

use super::elementary::Lanes;

/// The squared error `L = e²` of `e = ŷ − y`, with `∂L/∂e = 2e`.
pub struct SquaredError;

impl SquaredError {
    /// `e = ŷ − y`.
    #[inline(always)]
    pub fn error<T: Lanes>(y_hat: T, y: T) -> T {
        y_hat.sub(y)
    }

    /// `L = e²`.
    #[inline(always)]
    pub fn loss<T: Lanes>(error: T) -> T {
        error.mul(error)
    }

    /// `∂L/∂e = 2e`. It is linear in `e`, so a sum of them is `2·Σe`: the
    /// regression kernel adds up `e` and `e·x` and doubles once, at the end.
    #[inline(always)]
    pub fn dloss<T: Lanes>(error: T) -> T {
        T::splat(2.0).mul(error)
    }
}

/// The cross-entropy of a label `y` (0 or 1) and `ŷ = σ(z)`.
pub struct CrossEntropy;

impl CrossEntropy {
    /// `L` and `∂L/∂z = σ(z) − y`, from `e = e^(−|z|)` and `σ(z)`. With
    /// `softplus(t) = −ln(1 − σ(t)) = max(t, 0) + ln(1 + e^(−|t|))`, `L = y·softplus(−z)
    /// + (1 − y)·softplus(z)`, and since `softplus(−z) = softplus(z) − z`
    /// that is `(max(z, 0) − y·z) + ln(1 + e^(−|z|))`: exact for labels 0
    /// and 1, finite and accurate at any `z`.
    #[inline(always)]
    pub fn of_logit<T: Lanes>(z: T, y: T, e: T, sigma: T) -> (T, T) {
        let margin = z.max(T::splat(0.0)).sub(y.mul(z));
        (margin.add(e.log1p_unit()), sigma.sub(y))
    }

    /// `∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ)` from `ŷ = p` and `1 − ŷ = q`, the
    /// textbook form the backpropagation table shows; the guard keeps it
    /// finite when `ŷ` rounds to exactly 0 or 1.
    pub fn dloss_dyhat(p: f64, q: f64, y: f64) -> f64 {
        -y / p.max(f64::MIN_POSITIVE) + (1.0 - y) / q.max(f64::MIN_POSITIVE)
    }
}

/// A loss after its activation: one point's loss as a function of `z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointLoss {
    /// `ŷ = z`, squared error (regression).
    SquaredError,
    /// `ŷ = σ(z)`, cross-entropy (classification).
    SigmoidCrossEntropy,
    /// `ŷ = σ(z)`, squared error (classification, to compare).
    SigmoidSquaredError,
}

impl PointLoss {
    /// One point's loss and `∂L/∂z` (one shared function; the SIMD loop
    /// inlines [`PointLoss::loss_and_dz_lanes`] instead).
    #[inline]
    pub fn loss_and_dz(self, z: f64, y: f64) -> (f64, f64) {
        self.loss_and_dz_lanes(z, y)
    }

    /// One point's loss and `∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z`, for any [`Lanes`]: the
    /// inner loop of training.
    #[inline(always)]
    pub fn loss_and_dz_lanes<T: Lanes>(self, z: T, y: T) -> (T, T) {
        match self {
            PointLoss::SquaredError => {
                // ∂ŷ/∂z = 1
                let error = SquaredError::error(z, y);
                (SquaredError::loss(error), SquaredError::dloss(error))
            }
            PointLoss::SigmoidCrossEntropy => {
                let e = z.abs().exp_neg();
                let (p, _) = z.sigmoid_pair(e);
                CrossEntropy::of_logit(z, y, e, p)
            }
            PointLoss::SigmoidSquaredError => {
                // ∂ŷ/∂z = σ(z)(1 − σ(z))
                let (p, q) = z.sigmoid_pair(z.abs().exp_neg());
                let error = SquaredError::error(p, y);
                (
                    SquaredError::loss(error),
                    SquaredError::dloss(error).mul(p).mul(q),
                )
            }
        }
    }

    /// The second derivative `∂²L/∂z²` of one point's loss (for Newton's
    /// method, which finds the optimum directly, and the curvature).
    pub fn d2loss_dz2(self, z: f64, y: f64) -> f64 {
        match self {
            // ∂/∂z of 2(z − y)
            PointLoss::SquaredError => 2.0,
            // ∂/∂z of σ(z) − y = σ(z)(1 − σ(z))
            PointLoss::SigmoidCrossEntropy => {
                let (p, q) = z.sigmoid_pair(z.abs().exp_neg());
                p * q
            }
            // ∂/∂z of 2(p − y)·p(1 − p), with ∂p/∂z = p(1 − p) and p − q = 2p − 1
            PointLoss::SigmoidSquaredError => {
                let (p, q) = z.sigmoid_pair(z.abs().exp_neg());
                2.0 * (p * q) * (p * q) + 2.0 * (p - y) * p * q * (q - p)
            }
        }
    }
}
