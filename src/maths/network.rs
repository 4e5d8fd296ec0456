//! A small neural network: layers of neurons, each layer `z = W·a + b`,
//! `a = activation(z)`, and an output that follows the problem (one linear
//! output, one sigmoid output, or k softmax outputs). Its loss is the mean
//! of one point's loss, and its gradient comes back layer by layer by
//! backpropagation (the chain rule):
//!
//! - the output: `∂L/∂z` from the loss (src/maths/loss.rs, and the softmax below);
//! - each layer: `∂L/∂W = ∂L/∂z · aᵀ` (a of the layer before), `∂L/∂b = ∂L/∂z`;
//! - the layer before: `∂L/∂a = Wᵀ · ∂L/∂z`, then `∂L/∂z = ∂L/∂a ⊙ activation′(z)`.
//!
//! θ holds every layer's weights (row by row: one row per neuron, one number
//! per input) and then its biases, layer after layer. A network with no
//! hidden layer and one output is today's neuron, θ = `[w, b]`.

use super::elementary::{exp_neg, sigmoid_pair, tanh};
use super::loss::PointLoss;
use super::theta::Evaluation;

/// The hidden layers' activation (TensorFlow Playground's four).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// `max(z, 0)`.
    Relu,
    /// `tanh z` (src/maths/elementary.rs).
    Tanh,
    /// `σ(z) = 1 / (1 + e^(−z))`.
    Sigmoid,
    /// `z`.
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    pub fn from_name(name: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Forward: `a = activation(z)`.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            Activation::Tanh => tanh(z),
            Activation::Sigmoid => sigmoid_pair(z, exp_neg(z.abs())).0,
            Activation::Linear => z,
        }
    }

    /// Backward: `activation′(z)`, from `z` and `a = activation(z)`. ReLU's
    /// derivative at 0 is taken as 0, as PyTorch does.
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            // tanh′ = 1 − tanh²
            Activation::Tanh => 1.0 - a * a,
            // σ′ = σ·(1 − σ)
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Linear => 1.0,
        }
    }

    /// The initialisation rule of the weights of a layer followed by this
    /// activation: He uniform for ReLU, Glorot uniform for the others.
    pub fn init_rule(self) -> InitRule {
        match self {
            Activation::Relu => InitRule::HeUniform,
            _ => InitRule::GlorotUniform,
        }
    }
}

/// How a layer's first weights are drawn; biases start at 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitRule {
    /// Uniform in `±√(6 / (inputs + outputs))` (Glorot and Bengio, 2010).
    GlorotUniform,
    /// Uniform in `±√(6 / inputs)` (He et al., 2015).
    HeUniform,
}

impl InitRule {
    pub fn name(self) -> &'static str {
        match self {
            InitRule::GlorotUniform => "Glorot uniform",
            InitRule::HeUniform => "He uniform",
        }
    }

    /// The bound `limit` of the uniform draw in `[−limit, limit]`.
    pub fn limit(self, inputs: usize, outputs: usize) -> f64 {
        match self {
            InitRule::GlorotUniform => (6.0 / (inputs + outputs) as f64).sqrt(),
            InitRule::HeUniform => (6.0 / inputs as f64).sqrt(),
        }
    }
}

/// The output layer, which follows the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One output `z`, then `ŷ = z` or `σ(z)` and its loss (regression, or
    /// two classes).
    Single(PointLoss),
    /// `k` outputs, `ŷ = softmax(z)`, loss `−ln ŷ_y` (k classes).
    Softmax(usize),
}

impl Output {
    /// The number of output neurons.
    pub fn units(self) -> usize {
        match self {
            Output::Single(_) => 1,
            Output::Softmax(k) => k,
        }
    }

    /// Its name in `network()`: "linear", "sigmoid" or "softmax".
    pub fn name(self) -> &'static str {
        match self {
            Output::Single(PointLoss::SquaredError) => "linear",
            Output::Single(_) => "sigmoid",
            Output::Softmax(_) => "softmax",
        }
    }

    /// One point's loss from the output layer's `z`, and `∂L/∂z` written
    /// into `dloss_dz`; `y` is the target (a class's number for softmax).
    #[inline]
    pub fn loss_and_dz(self, z: &[f64], y: f64, dloss_dz: &mut [f64]) -> f64 {
        match self {
            Output::Single(loss) => {
                let (l, dz) = loss.loss_and_dz(z[0], y);
                dloss_dz[0] = dz;
                l
            }
            Output::Softmax(_) => softmax_cross_entropy(z, class_of(y, z.len()), dloss_dz),
        }
    }

    /// The prediction `ŷ` from the output layer's `z`: the number itself,
    /// σ(z), or the k probabilities.
    pub fn predict(self, z: &[f64]) -> Vec<f64> {
        match self {
            Output::Single(PointLoss::SquaredError) => z.to_vec(),
            Output::Single(_) => vec![Activation::Sigmoid.apply(z[0])],
            Output::Softmax(_) => softmax(z),
        }
    }
}

/// A label as a class's index (a label is a whole number from 0 to k − 1;
/// anything else, which configs refuse, is read as the nearest class).
fn class_of(y: f64, k: usize) -> usize {
    if y > 0.0 { (y as usize).min(k - 1) } else { 0 }
}

/// `softmax(z)_i = e^(z_i − m) / Σ_j e^(z_j − m)`, with `m = max z` so that
/// no power overflows.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = max(z);
    let powers: Vec<f64> = z.iter().map(|&zi| exp_neg(m - zi)).collect();
    let sum: f64 = powers.iter().sum();
    powers.iter().map(|p| p / sum).collect()
}

/// The cross-entropy `−ln softmax(z)_y = ln Σ_j e^(z_j) − z_y`, by
/// log-sum-exp: `m + ln Σ_j e^(z_j − m) − z_y` with `m = max z`, finite and
/// accurate for logits of any size. Writes `∂L/∂z_i = softmax(z)_i − [i = y]`.
pub fn softmax_cross_entropy(z: &[f64], label: usize, dloss_dz: &mut [f64]) -> f64 {
    let m = max(z);
    let mut sum = 0.0;
    for (d, &zi) in dloss_dz.iter_mut().zip(z) {
        *d = exp_neg(m - zi);
        sum += *d;
    }
    for (i, d) in dloss_dz.iter_mut().enumerate() {
        *d /= sum;
        if i == label {
            *d -= 1.0;
        }
    }
    // Σ_j e^(z_j − m) is between 1 and k, so its logarithm is exact enough.
    (m - z[label]) + sum.ln()
}

fn max(z: &[f64]) -> f64 {
    z.iter()
        .fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m })
}

/// Where one layer's numbers sit: in θ (its weights, then its biases) and
/// among the neurons (its inputs' values, then its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    /// The index in θ of its first weight `W[0][0]`; `W[j][i]` is at
    /// `weights + j·inputs + i`.
    pub weights: usize,
    /// The index in θ of its first bias.
    pub biases: usize,
    /// The index of its first input among all neurons (the inputs are
    /// neurons 0 … inputs − 1 of the network).
    pub from: usize,
    /// The index of its first neuron among all neurons.
    pub to: usize,
}

/// A network: its sizes, the hidden layers' activation, and its output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// Neurons per layer, the inputs first and the outputs last:
    /// `[1, 8, 8, 1]` is a 1-8-8-1 network.
    pub sizes: Vec<usize>,
    pub activation: Activation,
    pub output: Output,
}

/// One point's numbers at every neuron: the forward pass's `z` and `a` and
/// the backward pass's `∂L/∂z` (the inputs are neurons too, with `a = x`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pass {
    pub z: Vec<f64>,
    pub a: Vec<f64>,
    pub dloss_dz: Vec<f64>,
}

/// One layer of a point's trace, for the page's backpropagation table.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerTrace {
    pub z: Vec<f64>,
    /// `activation(z)`; for the output layer, the prediction ŷ.
    pub a: Vec<f64>,
    pub dloss_dz: Vec<f64>,
    /// `∂L/∂W`, one row per neuron.
    pub dloss_dw: Vec<Vec<f64>>,
    pub dloss_db: Vec<f64>,
}

/// A point's forward and backward pass through every layer.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkTrace {
    pub layers: Vec<LayerTrace>,
    /// The prediction: one number, or the k probabilities.
    pub y_hat: Vec<f64>,
    pub loss: f64,
}

/// One layer's parameters, as the JS API shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerParameters {
    /// One row per neuron, one number per input.
    pub weights: Vec<Vec<f64>>,
    pub biases: Vec<f64>,
}

impl Network {
    /// A network of `inputs` inputs, the `hidden` layers' sizes, and `output`.
    pub fn new(inputs: usize, hidden: &[usize], activation: Activation, output: Output) -> Self {
        let mut sizes = vec![inputs];
        sizes.extend_from_slice(hidden);
        sizes.push(output.units());
        Network {
            sizes,
            activation,
            output,
        }
    }

    /// The layers with parameters (every one but the inputs), in order.
    pub fn layers(&self) -> Vec<Layer> {
        let (mut parameter, mut neuron) = (0, 0);
        self.sizes
            .windows(2)
            .map(|pair| {
                let (inputs, outputs) = (pair[0], pair[1]);
                let layer = Layer {
                    inputs,
                    outputs,
                    weights: parameter,
                    biases: parameter + inputs * outputs,
                    from: neuron,
                    to: neuron + inputs,
                };
                parameter += (inputs + 1) * outputs;
                neuron += inputs;
                layer
            })
            .collect()
    }

    /// The length of θ: every weight and bias.
    pub fn parameter_count(&self) -> usize {
        self.sizes.windows(2).map(|p| (p[0] + 1) * p[1]).sum()
    }

    fn neuron_count(&self) -> usize {
        self.sizes.iter().sum()
    }

    /// The rule that draws layer `index`'s first weights: that of the
    /// activation after it (the output layer's is Glorot's).
    pub fn init_rule(&self, index: usize) -> InitRule {
        if index + 2 < self.sizes.len() {
            self.activation.init_rule()
        } else {
            InitRule::GlorotUniform
        }
    }

    /// A starting θ: each weight `limit·(2u − 1)` for `u` uniform in [0, 1)
    /// from `uniform`, with the layer's rule's limit; every bias 0.
    pub fn initial_theta(&self, mut uniform: impl FnMut() -> f64) -> Vec<f64> {
        let mut theta = vec![0.0; self.parameter_count()];
        for (index, layer) in self.layers().into_iter().enumerate() {
            let limit = self.init_rule(index).limit(layer.inputs, layer.outputs);
            for w in &mut theta[layer.weights..layer.biases] {
                *w = limit * (2.0 * uniform() - 1.0);
            }
        }
        theta
    }

    /// Buffers for one point's pass.
    pub fn pass(&self) -> Pass {
        let n = self.neuron_count();
        Pass {
            z: vec![0.0; n],
            a: vec![0.0; n],
            dloss_dz: vec![0.0; n],
        }
    }

    /// The forward pass of input `x`: each layer's `z = W·a + b`, then
    /// `a = activation(z)` (the output layer keeps `a = z`: its activation
    /// is part of the loss).
    pub fn forward(&self, theta: &[f64], x: &[f64], pass: &mut Pass, layers: &[Layer]) {
        pass.a[..x.len()].copy_from_slice(x);
        let last = layers.len() - 1;
        for (index, layer) in layers.iter().enumerate() {
            for j in 0..layer.outputs {
                let row = &theta[layer.weights + j * layer.inputs..][..layer.inputs];
                let inputs = &pass.a[layer.from..layer.to];
                let z = theta[layer.biases + j] + dot(row, inputs);
                let neuron = layer.to + j;
                pass.z[neuron] = z;
                pass.a[neuron] = if index == last {
                    z
                } else {
                    self.activation.apply(z)
                };
            }
        }
    }

    /// The backward pass after [`Network::forward`]: the point's loss, with
    /// its gradient `∂L/∂θ` added to `gradient`, layer by layer from the output.
    pub fn backward(
        &self,
        theta: &[f64],
        y: f64,
        pass: &mut Pass,
        layers: &[Layer],
        gradient: &mut [f64],
    ) -> f64 {
        let out = layers[layers.len() - 1].to;
        let loss = self
            .output
            .loss_and_dz(&pass.z[out..], y, &mut pass.dloss_dz[out..]);
        for (index, layer) in layers.iter().enumerate().rev() {
            for j in 0..layer.outputs {
                let delta = pass.dloss_dz[layer.to + j];
                // ∂L/∂W[j][i] = ∂L/∂z_j · a_i, ∂L/∂b_j = ∂L/∂z_j
                let row = &mut gradient[layer.weights + j * layer.inputs..][..layer.inputs];
                for (g, &a) in row.iter_mut().zip(&pass.a[layer.from..layer.to]) {
                    *g += delta * a;
                }
                gradient[layer.biases + j] += delta;
            }
            if index > 0 {
                // ∂L/∂a_i = Σ_j W[j][i]·∂L/∂z_j, then ∂L/∂z_i = ∂L/∂a_i · activation′(z_i)
                for i in 0..layer.inputs {
                    let dloss_da: f64 = (0..layer.outputs)
                        .map(|j| {
                            theta[layer.weights + j * layer.inputs + i]
                                * pass.dloss_dz[layer.to + j]
                        })
                        .sum();
                    let neuron = layer.from + i;
                    pass.dloss_dz[neuron] =
                        dloss_da * self.activation.derivative(pass.z[neuron], pass.a[neuron]);
                }
            }
        }
        loss
    }

    /// The mean loss and its gradient over the points `(xs[i], ys[i])` for
    /// each `i` of `indices` (one input per point).
    pub fn evaluate(
        &self,
        theta: &[f64],
        xs: &[f64],
        ys: &[f64],
        indices: impl ExactSizeIterator<Item = usize>,
    ) -> Evaluation<Vec<f64>> {
        let layers = self.layers();
        let mut pass = self.pass();
        let n = indices.len();
        let mut sum = Evaluation {
            loss: 0.0,
            gradient: vec![0.0; theta.len()],
        };
        for i in indices {
            self.forward(theta, &[xs[i]], &mut pass, &layers);
            sum.loss += self.backward(theta, ys[i], &mut pass, &layers, &mut sum.gradient);
        }
        sum.mean(n)
    }

    /// The prediction at input `x`: one number, or the k probabilities.
    pub fn predict(&self, theta: &[f64], x: &[f64]) -> Vec<f64> {
        let layers = self.layers();
        let mut pass = self.pass();
        self.forward(theta, x, &mut pass, &layers);
        self.output.predict(&pass.z[layers[layers.len() - 1].to..])
    }

    /// One point's forward and backward pass, every layer's numbers kept.
    pub fn trace(&self, theta: &[f64], x: &[f64], y: f64) -> NetworkTrace {
        let layers = self.layers();
        let mut pass = self.pass();
        let mut gradient = vec![0.0; theta.len()];
        self.forward(theta, x, &mut pass, &layers);
        let loss = self.backward(theta, y, &mut pass, &layers, &mut gradient);
        let last = layers.len() - 1;
        let traces = layers
            .iter()
            .enumerate()
            .map(|(index, layer)| {
                let own = layer.to..layer.to + layer.outputs;
                let z = pass.z[own.clone()].to_vec();
                LayerTrace {
                    a: if index == last {
                        self.output.predict(&z)
                    } else {
                        pass.a[own.clone()].to_vec()
                    },
                    z,
                    dloss_dz: pass.dloss_dz[own].to_vec(),
                    dloss_dw: rows(&gradient, layer),
                    dloss_db: gradient[layer.biases..][..layer.outputs].to_vec(),
                }
            })
            .collect::<Vec<_>>();
        NetworkTrace {
            y_hat: traces[last].a.clone(),
            layers: traces,
            loss,
        }
    }

    /// θ (or a gradient) as layers of weights and biases.
    pub fn parameters(&self, theta: &[f64]) -> Vec<LayerParameters> {
        self.layers()
            .iter()
            .map(|layer| LayerParameters {
                weights: rows(theta, layer),
                biases: theta[layer.biases..][..layer.outputs].to_vec(),
            })
            .collect()
    }

    /// θ from layers of weights and biases, or `None` if their shape is not
    /// this network's.
    pub fn theta_of(&self, layers: &[LayerParameters]) -> Option<Vec<f64>> {
        let shape = self.layers();
        if layers.len() != shape.len() {
            return None;
        }
        let mut theta = Vec::with_capacity(self.parameter_count());
        for (given, layer) in layers.iter().zip(&shape) {
            if given.weights.len() != layer.outputs
                || given.biases.len() != layer.outputs
                || given.weights.iter().any(|row| row.len() != layer.inputs)
            {
                return None;
            }
            theta.extend(given.weights.iter().flatten());
            theta.extend(&given.biases);
        }
        Some(theta)
    }
}

/// A layer's weights (of θ or of a gradient) as rows, one per neuron.
fn rows(theta: &[f64], layer: &Layer) -> Vec<Vec<f64>> {
    theta[layer.weights..layer.biases]
        .chunks(layer.inputs)
        .map(<[f64]>::to_vec)
        .collect()
}

#[inline(always)]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
