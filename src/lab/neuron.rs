//! The neuron's names for its parameters θ = `[w, b]`: the trainer and the
//! history hold θ as a vector, and the lab, the snapshots and the charts
//! read its weight (θ₀) and bias (θ₁) here.

use crate::maths::model::Model;
use crate::training::history::Record;
use crate::training::trainer::Trainer;

impl Trainer<Model> {
    /// The weight `w` now.
    pub fn w(&self) -> f64 {
        self.theta()[0]
    }
    /// The bias `b` now.
    pub fn b(&self) -> f64 {
        self.theta()[1]
    }
}

impl Record {
    /// The weight `w` of this record.
    pub fn w(&self) -> f64 {
        self.theta[0]
    }
    /// The bias `b` of this record.
    pub fn b(&self) -> f64 {
        self.theta[1]
    }
}

/// A `(w, b)` and the loss there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    pub w: f64,
    pub b: f64,
    pub loss: f64,
}

impl From<&Record> for Params {
    fn from(r: &Record) -> Params {
        Params {
            w: r.w(),
            b: r.b(),
            loss: r.loss,
        }
    }
}
