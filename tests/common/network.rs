//! A network's loss and gradient for one point, written out plainly from
//! the formulas with the standard library's `tanh`, `exp`, `ln` and `ln_1p`
//! (the crate has its own polynomials) and one `Vec` per layer: what the
//! tests compare the crate's batch kernels with (tests/network.rs natively,
//! tests/wasm.rs in SIMD lanes). Included by `#[path]`, not as a test of its own.

use gradient_descent_lab::maths::loss::PointLoss;
use gradient_descent_lab::maths::network::{Activation, Network, Output};

/// `activation(z)`, `activation′(z)`, and the size of the numbers the
/// derivative is the difference of (`1 − tanh²` cancels where tanh is near ±1).
fn activation(kind: Activation, z: f64) -> (f64, f64, f64) {
    match kind {
        Activation::Relu => {
            let slope = if z > 0.0 { 1.0 } else { 0.0 };
            (z.max(0.0), slope, slope)
        }
        Activation::Tanh => {
            let a = z.tanh();
            (a, 1.0 - a * a, 1.0 + a * a)
        }
        Activation::Sigmoid => {
            // σ(z) and 1 − σ(z) = σ(−z), each without cancellation
            let (s, t) = (1.0 / (1.0 + (-z).exp()), 1.0 / (1.0 + z.exp()));
            (s, s * t, s * t)
        }
        Activation::Linear => (z, 1.0, 1.0),
    }
}

/// One point's loss and gradient, and their sizes.
pub struct Plain {
    pub loss: f64,
    /// The size of the numbers the loss is the difference of.
    pub loss_size: f64,
    /// `∂L/∂θ` (θ laid out as `Network::layers` says).
    pub gradient: Vec<f64>,
    /// Each component's size: the magnitudes it is computed from, carried
    /// back through the layers in absolute values, so that a term got by
    /// cancellation (`p − 1`, `1 − tanh²`) is allowed its operands' rounding.
    pub sizes: Vec<f64>,
}

/// One point's loss and gradient.
pub fn plain_point(network: &Network, theta: &[f64], x: f64, y: f64) -> Plain {
    let layers = network.layers();
    // Forward: every layer's a (the input first) and its slopes.
    let mut a: Vec<Vec<f64>> = vec![vec![x]];
    let mut slopes: Vec<Vec<(f64, f64)>> = vec![vec![]];
    let mut z_out = vec![];
    for (l, layer) in layers.iter().enumerate() {
        let previous = &a[l];
        let z: Vec<f64> = (0..layer.outputs)
            .map(|j| {
                let weights = &theta[layer.weights + j * layer.inputs..][..layer.inputs];
                let dot: f64 = weights.iter().zip(previous).map(|(w, a)| w * a).sum();
                theta[layer.biases + j] + dot
            })
            .collect();
        if l + 1 == layers.len() {
            z_out = z;
        } else {
            let each: Vec<(f64, f64, f64)> = z
                .iter()
                .map(|&z| activation(network.activation, z))
                .collect();
            a.push(each.iter().map(|e| e.0).collect());
            slopes.push(each.iter().map(|e| (e.1, e.2)).collect());
        }
    }
    // The output's loss and ∂L/∂z, with their sizes.
    let (loss, loss_size, mut delta, mut delta_size) = match network.output {
        Output::Single(PointLoss::SquaredError) => {
            let e = z_out[0] - y;
            (
                e * e,
                e * e,
                vec![2.0 * e],
                vec![2.0 * (z_out[0].abs() + y.abs())],
            )
        }
        Output::Single(PointLoss::SigmoidCrossEntropy) => {
            let z = z_out[0];
            let p = 1.0 / (1.0 + (-z).exp());
            let loss = y * (-z).exp().ln_1p() + (1.0 - y) * z.exp().ln_1p();
            (loss, loss, vec![p - y], vec![p + y.abs()])
        }
        Output::Single(PointLoss::SigmoidSquaredError) => {
            let z = z_out[0];
            let (p, q) = (1.0 / (1.0 + (-z).exp()), 1.0 / (1.0 + z.exp()));
            let dz = 2.0 * (p - y) * p * q;
            (
                (p - y) * (p - y),
                (p - y) * (p - y),
                vec![dz],
                vec![2.0 * (p + y.abs()) * p * q],
            )
        }
        Output::Softmax(_) => {
            let label = y as usize;
            let sum: f64 = z_out.iter().map(|z| z.exp()).sum();
            let p: Vec<f64> = z_out.iter().map(|z| z.exp() / sum).collect();
            let one_hot = |i: usize| if i == label { 1.0 } else { 0.0 };
            let delta = (0..p.len()).map(|i| p[i] - one_hot(i)).collect();
            let size = (0..p.len()).map(|i| p[i] + one_hot(i)).collect();
            // −ln p_y = ln Σ e^z − z_y
            let loss = sum.ln() - z_out[label];
            (loss, sum.ln().abs() + z_out[label].abs(), delta, size)
        }
    };
    // Backward, layer by layer from the output.
    let mut gradient = vec![0.0; theta.len()];
    let mut sizes = vec![0.0; theta.len()];
    for (l, layer) in layers.iter().enumerate().rev() {
        for j in 0..layer.outputs {
            for i in 0..layer.inputs {
                gradient[layer.weights + j * layer.inputs + i] = delta[j] * a[l][i];
                sizes[layer.weights + j * layer.inputs + i] = delta_size[j] * a[l][i].abs();
            }
            gradient[layer.biases + j] = delta[j];
            sizes[layer.biases + j] = delta_size[j];
        }
        if l > 0 {
            let weight = |j: usize, i: usize| theta[layer.weights + j * layer.inputs + i];
            let back = |i: usize| {
                let dloss_da: f64 = (0..layer.outputs).map(|j| weight(j, i) * delta[j]).sum();
                let size: f64 = (0..layer.outputs)
                    .map(|j| weight(j, i).abs() * delta_size[j])
                    .sum();
                (dloss_da * slopes[l][i].0, size * slopes[l][i].1)
            };
            let each: Vec<(f64, f64)> = (0..layer.inputs).map(back).collect();
            delta = each.iter().map(|e| e.0).collect();
            delta_size = each.iter().map(|e| e.1).collect();
        }
    }
    Plain {
        loss,
        loss_size,
        gradient,
        sizes,
    }
}

/// The mean of [`plain_point`] over the points at `indices` (sizes add up
/// in absolute value: the scale of the rounding error of a sum whose terms
/// cancel).
pub fn plain_mean(
    network: &Network,
    theta: &[f64],
    xs: &[f64],
    ys: &[f64],
    indices: &[usize],
) -> Plain {
    let mut mean = Plain {
        loss: 0.0,
        loss_size: 0.0,
        gradient: vec![0.0; theta.len()],
        sizes: vec![0.0; theta.len()],
    };
    let n = indices.len() as f64;
    for &i in indices {
        let point = plain_point(network, theta, xs[i], ys[i]);
        mean.loss += point.loss / n;
        mean.loss_size += point.loss_size / n;
        for (sum, term) in mean.gradient.iter_mut().zip(&point.gradient) {
            *sum += term / n;
        }
        for (sum, size) in mean.sizes.iter_mut().zip(&point.sizes) {
            *sum += size / n;
        }
    }
    mean
}

impl Plain {
    /// Asserts that a kernel's mean loss and gradient are these, each within
    /// 1e-13 of its size (the rounding a sum with cancelling terms may
    /// carry); returns how many components of the gradient it compared.
    pub fn assert_matches(&self, loss: f64, gradient: &[f64], what: &str) -> usize {
        let close = |got: f64, want: f64, size: f64| {
            (got - want).abs() <= 1e-13 * size.max(f64::MIN_POSITIVE)
        };
        assert!(
            close(loss, self.loss, self.loss_size),
            "loss {loss} vs {}: {what}",
            self.loss
        );
        assert_eq!(gradient.len(), self.gradient.len(), "{what}");
        for (i, ((&g, &w), &size)) in gradient
            .iter()
            .zip(&self.gradient)
            .zip(&self.sizes)
            .enumerate()
        {
            assert!(
                close(g, w, size),
                "θ[{i}]: {g} vs {w} (size {size}): {what}"
            );
        }
        gradient.len()
    }
}
