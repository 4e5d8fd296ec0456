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
//!
//! The forward and backward passes are written once, for any [`Lanes`]: one
//! point at a time in `f64` (the page's `trace`, and natively the training
//! sums), or with wasm SIMD two points at a time, one in each lane of an
//! `X2`, through the very same arithmetic (the same bits per point). Each
//! activation's slope is computed beside it in the forward pass, each loss's
//! `∂L/∂z` beside it in src/maths/loss.rs and the softmax below.

use super::elementary::{Lanes, exp_neg, ln_small_lanes, tanh_lanes};
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

    /// Forward and backward side by side, for any [`Lanes`] (one point,
    /// or two in SIMD lanes): `a = activation(z)`, and the slope
    /// `∂a/∂z = activation′(z)` that the backward pass multiplies by.
    #[inline(always)]
    pub fn apply_with_slope<T: Lanes>(self, z: T) -> (T, T) {
        let (zero, one) = (T::splat(0.0), T::splat(1.0));
        match self {
            // max(z, 0); slope 1 where z > 0, else 0 (at 0 too, as PyTorch takes it)
            Activation::Relu => (z.select_above(0.0, z, zero), z.select_above(0.0, one, zero)),
            // tanh′ = 1 − tanh²
            Activation::Tanh => {
                let a = tanh_lanes(z);
                (a, one.sub(a.mul(a)))
            }
            // σ′ = σ·(1 − σ), with 1 − σ computed without cancellation
            Activation::Sigmoid => {
                let (p, q) = z.sigmoid_pair(z.abs().exp_neg());
                (p, p.mul(q))
            }
            // z′ = 1
            Activation::Linear => (z, one),
        }
    }

    /// `activation(z)`.
    pub fn apply(self, z: f64) -> f64 {
        self.apply_with_slope(z).0
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
    /// For any [`Lanes`]: one point, or two in SIMD lanes.
    #[inline(always)]
    pub fn loss_and_dz<T: NetworkLanes>(self, z: &[T], y: T, dloss_dz: &mut [T]) -> T {
        match self {
            Output::Single(loss) => {
                let (l, dz) = T::point_loss(loss, z[0], y);
                dloss_dz[0] = dz;
                l
            }
            Output::Softmax(_) => softmax_cross_entropy_lanes(z, y, dloss_dz),
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

/// `softmax(z)_i = e^(z_i − m) / Σ_j e^(z_j − m)`, with `m = max z` so that
/// no power overflows.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = max(z);
    let powers: Vec<f64> = z.iter().map(|&zi| exp_neg(m - zi)).collect();
    let sum: f64 = powers.iter().sum();
    powers.iter().map(|p| p / sum).collect()
}

/// The cross-entropy `−ln softmax(z)_label` ([`softmax_cross_entropy_lanes`]).
pub fn softmax_cross_entropy(z: &[f64], label: usize, dloss_dz: &mut [f64]) -> f64 {
    softmax_cross_entropy_lanes(z, label as f64, dloss_dz)
}

/// The cross-entropy `−ln softmax(z)_y = ln Σ_j e^(z_j) − z_y`, by
/// log-sum-exp: `m + ln Σ_j e^(z_j − m) − z_y` with `m = max z`, finite and
/// accurate for logits of any size. Writes `∂L/∂z_i = softmax(z)_i − [i = y]`.
/// The label `y` is a class's number, 0 to k − 1 (anything else, which
/// configs refuse, is read as the nearest class). For any [`Lanes`]: each
/// lane has its own label.
#[inline(always)]
pub fn softmax_cross_entropy_lanes<T: Lanes>(z: &[T], y: T, dloss_dz: &mut [T]) -> T {
    let k = z.len();
    let (zero, one) = (T::splat(0.0), T::splat(1.0));
    let label = y.max(zero).min(T::splat((k - 1) as f64)).nearest();
    let m = max(z);
    let mut sum = zero;
    for (d, &zi) in dloss_dz.iter_mut().zip(z) {
        *d = m.sub(zi).exp_neg();
        sum = sum.add(*d);
    }
    let mut z_label = zero;
    for (i, (d, &zi)) in dloss_dz.iter_mut().zip(z).enumerate() {
        // 0 at the label's class, at least 1 elsewhere
        let distance = label.sub(T::splat(i as f64)).abs();
        z_label = distance.select_above(0.5, z_label, zi);
        *d = d.div(sum).sub(distance.select_above(0.5, zero, one));
    }
    // 1 ≤ Σ_j e^(z_j − m) ≤ k: its logarithm by halvings and ln(1 + f).
    m.sub(z_label).add(ln_small_lanes(sum, k as f64))
}

/// The largest of `z`, lane by lane.
#[inline(always)]
fn max<T: Lanes>(z: &[T]) -> T {
    z.iter().fold(T::splat(f64::NEG_INFINITY), |m, &v| v.max(m))
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

/// One point's numbers at every neuron (or two points', in SIMD lanes): the
/// forward pass's `z`, `a` and slope `activation′(z)`, and the backward
/// pass's `∂L/∂z` (the inputs are neurons too, with `a = x`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pass<T = f64> {
    pub z: Vec<T>,
    pub a: Vec<T>,
    pub slope: Vec<T>,
    pub dloss_dz: Vec<T>,
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

    /// Buffers for one point's pass (or two points', in SIMD lanes).
    pub fn pass<T: Lanes>(&self) -> Pass<T> {
        let zeros = vec![T::splat(0.0); self.neuron_count()];
        Pass {
            z: zeros.clone(),
            a: zeros.clone(),
            slope: zeros.clone(),
            dloss_dz: zeros,
        }
    }

    /// The forward pass of input `x`: each layer's `z = W·a + b`, then
    /// `a = activation(z)` with its slope (the output layer keeps `a = z`:
    /// its activation is part of the loss). For any [`Lanes`]: `theta` is
    /// θ, or θ with each number in every lane.
    pub fn forward<T: Lanes>(&self, theta: &[T], x: &[T], pass: &mut Pass<T>, layers: &[Layer]) {
        let Pass { z, a, slope, .. } = pass;
        for (input, &x) in part_mut(a, 0, x.len()).iter_mut().zip(x) {
            *input = x;
        }
        for (index, layer) in layers.iter().enumerate() {
            let (n_in, n_out) = (layer.inputs, layer.outputs);
            let weights = part(theta, layer.weights, n_in * n_out);
            let biases = part(theta, layer.biases, n_out);
            let (inputs, own) = two_parts_mut(a, layer.from, n_in, layer.to, n_out);
            let (own_z, own_slope) = (
                part_mut(z, layer.to, n_out),
                part_mut(slope, layer.to, n_out),
            );
            for j in 0..n_out {
                // z_j = b_j + Σ_i W[j][i]·a_i
                own_z[j] = dot(biases[j], part(weights, j * n_in, n_in), inputs);
            }
            // Then the activations, in a loop of their own: each is a long
            // chain of dependent steps, and short independent iterations let
            // the processor work on several at once.
            let hidden = index + 1 < layers.len();
            for j in 0..n_out {
                (own[j], own_slope[j]) = if hidden {
                    self.activation.apply_with_slope(own_z[j])
                } else {
                    (own_z[j], T::splat(1.0))
                };
            }
        }
    }

    /// The backward pass after [`Network::forward`]: the point's loss, with
    /// its gradient `∂L/∂θ` added to `gradient`, layer by layer from the
    /// output. For any [`Lanes`], as `forward`.
    pub fn backward<T: NetworkLanes>(
        &self,
        theta: &[T],
        y: T,
        pass: &mut Pass<T>,
        layers: &[Layer],
        gradient: &mut [T],
    ) -> T {
        let Pass {
            z,
            a,
            slope,
            dloss_dz,
        } = pass;
        let output = &layers[layers.len() - 1];
        let loss = self.output.loss_and_dz(
            part(z, output.to, output.outputs),
            y,
            part_mut(dloss_dz, output.to, output.outputs),
        );
        for (index, layer) in layers.iter().enumerate().rev() {
            let (n_in, n_out) = (layer.inputs, layer.outputs);
            let weights = part(theta, layer.weights, n_in * n_out);
            let (dloss_dw, dloss_db) =
                two_parts_mut(gradient, layer.weights, n_in * n_out, layer.biases, n_out);
            let inputs = part(a, layer.from, n_in);
            let (dloss_da, deltas) = two_parts_mut(dloss_dz, layer.from, n_in, layer.to, n_out);
            // The inputs need no ∂L/∂a.
            let hidden = index > 0;
            if hidden {
                for d in dloss_da.iter_mut() {
                    *d = T::splat(0.0);
                }
            }
            for j in 0..n_out {
                let delta = deltas[j];
                // ∂L/∂b_j = ∂L/∂z_j
                dloss_db[j] = dloss_db[j].add(delta);
                let row = part_mut(dloss_dw, j * n_in, n_in);
                if hidden {
                    let weights = part(weights, j * n_in, n_in);
                    for i in 0..n_in {
                        // ∂L/∂W[j][i] = ∂L/∂z_j · a_i
                        row[i] = row[i].add(delta.mul(inputs[i]));
                        // ∂L/∂a_i = Σ_j W[j][i]·∂L/∂z_j
                        dloss_da[i] = dloss_da[i].add(weights[i].mul(delta));
                    }
                } else {
                    for i in 0..n_in {
                        row[i] = row[i].add(delta.mul(inputs[i]));
                    }
                }
            }
            if hidden {
                // ∂L/∂z_i = ∂L/∂a_i · activation′(z_i)
                let slopes = part(slope, layer.from, n_in);
                for i in 0..n_in {
                    dloss_da[i] = dloss_da[i].mul(slopes[i]);
                }
            }
        }
        loss
    }

    /// The mean loss and its gradient over the points `(xs[i], ys[i])` for
    /// each `i` of `indices` (one input per point): with wasm SIMD two
    /// points at a time, one in each lane, and an odd last point alone;
    /// elsewhere one at a time.
    pub fn evaluate(
        &self,
        theta: &[f64],
        xs: &[f64],
        ys: &[f64],
        indices: impl ExactSizeIterator<Item = usize>,
    ) -> Evaluation<Vec<f64>> {
        let n = indices.len();
        let mut one = Sums::<f64>::new(self, theta);
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            use super::elementary::X2;
            use core::arch::wasm32::f64x2;
            let mut two = Sums::<X2>::new(self, theta);
            let mut indices = indices;
            while let Some(i) = indices.next() {
                match indices.next() {
                    Some(j) => two.add(X2(f64x2(xs[i], xs[j])), X2(f64x2(ys[i], ys[j]))),
                    None => one.add(xs[i], ys[i]),
                }
            }
            one.add_lanes(&two);
        }
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        for i in indices {
            one.add(xs[i], ys[i]);
        }
        Evaluation {
            loss: one.loss,
            gradient: one.gradient,
        }
        .mean(n)
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

/// `values[start..start + len]`. Checked here, inline: a slice's own
/// indexing and splitting are calls at opt-level "z", which the hot loop
/// would make a dozen times per layer per point.
#[inline(always)]
fn part<T>(values: &[T], start: usize, len: usize) -> &[T] {
    assert!(start <= values.len() && len <= values.len() - start);
    // SAFETY: start + len ≤ values.len(), checked just above.
    unsafe { core::slice::from_raw_parts(values.as_ptr().add(start), len) }
}

/// `values[start..start + len]`, mutable ([`part`]).
#[inline(always)]
fn part_mut<T>(values: &mut [T], start: usize, len: usize) -> &mut [T] {
    assert!(start <= values.len() && len <= values.len() - start);
    // SAFETY: start + len ≤ values.len(), checked just above.
    unsafe { core::slice::from_raw_parts_mut(values.as_mut_ptr().add(start), len) }
}

/// Two parts of `values` that do not overlap, `[first..first + first_len]`
/// before `[second..second + second_len]`, both mutable ([`part`]).
#[inline(always)]
fn two_parts_mut<T>(
    values: &mut [T],
    first: usize,
    first_len: usize,
    second: usize,
    second_len: usize,
) -> (&mut [T], &mut [T]) {
    assert!(first_len <= second && first <= second - first_len);
    assert!(second <= values.len() && second_len <= values.len() - second);
    let start = values.as_mut_ptr();
    // SAFETY: first + first_len ≤ second ≤ second + second_len ≤ values.len(),
    // checked just above: both are inside `values`, and apart.
    unsafe {
        (
            core::slice::from_raw_parts_mut(start.add(first), first_len),
            core::slice::from_raw_parts_mut(start.add(second), second_len),
        )
    }
}

/// `start + Σ_i weights_i·inputs_i`, in order.
#[inline(always)]
fn dot<T: Lanes>(start: T, weights: &[T], inputs: &[T]) -> T {
    let mut sum = start;
    for i in 0..weights.len().min(inputs.len()) {
        sum = sum.add(weights[i].mul(inputs[i]));
    }
    sum
}

/// A layer's weights (of θ or of a gradient) as rows, one per neuron.
fn rows(theta: &[f64], layer: &Layer) -> Vec<Vec<f64>> {
    theta[layer.weights..layer.biases]
        .chunks(layer.inputs)
        .map(<[f64]>::to_vec)
        .collect()
}

/// What the network needs of a [`Lanes`] type beyond arithmetic: one
/// point's loss at a single output. In `f64` it is [`PointLoss::loss_and_dz`],
/// the one shared function the neuron calls too; in SIMD lanes, inlined
/// into the loop. (Inlined in `f64` as well, it gave the shared `log1p_unit`
/// a second caller, and LLVM, deciding before LTO drops the network, which
/// the page does not call yet, stopped inlining it into the neuron's loss:
/// the page's WebAssembly grew by 7 bytes gzipped, and the page is at its
/// budget. `ln_small_lanes` avoids that function for the same reason.)
pub trait NetworkLanes: Lanes {
    fn point_loss(loss: PointLoss, z: Self, y: Self) -> (Self, Self);
}

impl NetworkLanes for f64 {
    #[inline(always)]
    fn point_loss(loss: PointLoss, z: f64, y: f64) -> (f64, f64) {
        loss.loss_and_dz(z, y)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl NetworkLanes for super::elementary::X2 {
    #[inline(always)]
    fn point_loss(loss: PointLoss, z: Self, y: Self) -> (Self, Self) {
        loss.loss_and_dz_lanes(z, y)
    }
}

/// Sums over points of the loss and of its gradient, kept lane by lane (one
/// point at a time in `f64`, two in `X2`), with the buffers of one pass:
/// nothing is allocated per point.
struct Sums<'n, T> {
    network: &'n Network,
    layers: Vec<Layer>,
    /// θ, each number in every lane.
    theta: Vec<T>,
    pass: Pass<T>,
    loss: T,
    gradient: Vec<T>,
}

impl<'n, T: NetworkLanes> Sums<'n, T> {
    fn new(network: &'n Network, theta: &[f64]) -> Self {
        let zero = T::splat(0.0);
        Sums {
            network,
            layers: network.layers(),
            theta: theta.iter().map(|&p| T::splat(p)).collect(),
            pass: network.pass(),
            loss: zero,
            gradient: vec![zero; theta.len()],
        }
    }

    /// One point's (or a lane each, two points') forward and backward pass.
    #[inline(always)]
    fn add(&mut self, x: T, y: T) {
        let Sums {
            network,
            layers,
            theta,
            pass,
            ..
        } = self;
        network.forward(theta, &[x], pass, layers);
        let loss = network.backward(theta, y, pass, layers, &mut self.gradient);
        self.loss = self.loss.add(loss);
    }
}

impl Sums<'_, f64> {
    /// Adds the lanes' sums.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn add_lanes<T: Lanes>(&mut self, lanes: &Sums<T>) {
        self.loss += lanes.loss.total();
        for (g, lane) in self.gradient.iter_mut().zip(&lanes.gradient) {
            *g += lane.total();
        }
    }
}
