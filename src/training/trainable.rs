//! What the trainer needs of a model: its parameter vector θ, and the mean
//! loss and its gradient `∂L/∂θ` at θ, on every point or on a batch. A new
//! model is trained by implementing this; the trainer and the optimizers
//! stay as they are.

use crate::data::points::Data;
use crate::maths::model::{Model, WeightAndBias};
use crate::maths::network::Network;
use crate::maths::theta::{Evaluation, Theta};

/// A model that gradient descent can train.
pub trait Trainable {
    /// The model's parameters θ.
    type Theta: Theta;

    /// The mean loss and its gradient at `theta` over every point.
    fn loss_and_gradient(&self, data: &Data, theta: &Self::Theta) -> Evaluation<Self::Theta>;

    /// The mean loss and its gradient at `theta` over the points at `indices`.
    fn loss_and_gradient_at(
        &self,
        data: &Data,
        indices: &[u32],
        theta: &Self::Theta,
    ) -> Evaluation<Self::Theta>;
}

/// The neuron `ŷ = activation(w·x + b)`, θ = `[w, b]`.
impl Trainable for Model {
    type Theta = WeightAndBias;

    #[inline(always)]
    fn loss_and_gradient(&self, data: &Data, &[w, b]: &WeightAndBias) -> Evaluation {
        Model::evaluate(self, &data.xs, &data.ys, w, b)
    }

    #[inline(always)]
    fn loss_and_gradient_at(
        &self,
        data: &Data,
        indices: &[u32],
        &[w, b]: &WeightAndBias,
    ) -> Evaluation {
        Model::evaluate_batch(self, &data.xs, &data.ys, indices, w, b)
    }
}

/// A network of one input, θ = every layer's weights and biases.
impl Trainable for Network {
    type Theta = Vec<f64>;

    fn loss_and_gradient(&self, data: &Data, theta: &Vec<f64>) -> Evaluation<Vec<f64>> {
        self.evaluate(theta, &data.xs, &data.ys, 0..data.len())
    }

    fn loss_and_gradient_at(
        &self,
        data: &Data,
        indices: &[u32],
        theta: &Vec<f64>,
    ) -> Evaluation<Vec<f64>> {
        let points = indices.iter().map(|&i| i as usize);
        self.evaluate(theta, &data.xs, &data.ys, points)
    }
}
