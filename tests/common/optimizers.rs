//! Each optimizer's rule for one parameter, written out as `torch.optim`
//! writes it (no weight decay, dampening 0): what the tests compare the
//! crate's optimizers with. Included by `#[path]`, not as a test of its own.

use gradient_descent_lab::training::optimizer::{Hyperparameters, OptimizerKind};

/// How far step `t` (from 1) moves a parameter with gradient `g` down, at
/// learning rate `η`; `m` and `v` are its memories (momentum's buffer or
/// Adam's first moment; RMSprop's square or Adam's second moment), updated.
pub fn textbook_step(
    kind: OptimizerKind,
    h: &Hyperparameters,
    learning_rate: f64,
    t: i32,
    g: f64,
    m: &mut f64,
    v: &mut f64,
) -> f64 {
    match kind {
        OptimizerKind::Gd => learning_rate * g,
        OptimizerKind::Momentum | OptimizerKind::Nesterov => {
            *m = if t == 1 { g } else { h.momentum * *m + g };
            let d = if kind == OptimizerKind::Nesterov {
                g + h.momentum * *m
            } else {
                *m
            };
            learning_rate * d
        }
        OptimizerKind::RmsProp => {
            *v = h.alpha * *v + (1.0 - h.alpha) * g * g;
            learning_rate * g / (v.sqrt() + h.epsilon)
        }
        OptimizerKind::Adam => {
            *m = h.beta1 * *m + (1.0 - h.beta1) * g;
            *v = h.beta2 * *v + (1.0 - h.beta2) * g * g;
            let m_hat = *m / (1.0 - h.beta1.powi(t));
            let v_hat = *v / (1.0 - h.beta2.powi(t));
            learning_rate * m_hat / (v_hat.sqrt() + h.epsilon)
        }
    }
}
