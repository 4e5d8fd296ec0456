//! The network: backpropagation against finite differences, the softmax
//! against its definition, the forward pass written out by hand, the
//! initialisation rules, and training through the unchanged trainer.

use gradient_descent_lab::data::points::Data;
use gradient_descent_lab::data::rng::Rng;
use gradient_descent_lab::maths::loss::PointLoss;
use gradient_descent_lab::maths::model::{LossKind, Model, Problem};
use gradient_descent_lab::maths::network::{
    Activation, LayerParameters, Network, Output, softmax, softmax_cross_entropy,
};
use gradient_descent_lab::training::optimizer::{Hyperparameters, OptimizerKind};
use gradient_descent_lab::training::trainable::Trainable;
use gradient_descent_lab::training::trainer::{Settings, Trainer};

#[path = "common/optimizers.rs"]
mod optimizers;
#[path = "common/network.rs"]
mod plain;
use optimizers::textbook_step;

const OUTPUTS: [Output; 5] = [
    Output::Single(PointLoss::SquaredError),
    Output::Single(PointLoss::SigmoidCrossEntropy),
    Output::Single(PointLoss::SigmoidSquaredError),
    Output::Softmax(3),
    Output::Softmax(5),
];

const SHAPES: [&[usize]; 6] = [&[], &[1], &[3], &[4, 3], &[8, 8], &[2, 3, 2, 3, 2, 2]];

/// Points for `output`: x normal, y normal (regression) or a class.
fn points(output: Output, n: usize, rng: &mut Rng) -> Data {
    let mut data = Data::default();
    for _ in 0..n {
        let x = 1.5 * rng.normal();
        let y = match output {
            Output::Single(PointLoss::SquaredError) => rng.normal(),
            Output::Single(_) => rng.below(2) as f64,
            Output::Softmax(k) => rng.below(k) as f64,
        };
        data.xs.push(x);
        data.ys.push(y);
    }
    data
}

fn loss(network: &Network, theta: &[f64], data: &Data) -> f64 {
    network
        .evaluate(theta, &data.xs, &data.ys, 0..data.len())
        .loss
}

/// True if some hidden neuron's `z` is within `margin` of 0 at some point
/// (ReLU's kink: a finite difference across it measures neither side).
fn near_a_kink(network: &Network, theta: &[f64], data: &Data, margin: f64) -> bool {
    data.points().any(|p| {
        let trace = network.trace(theta, &[p.x], p.y);
        let hidden = &trace.layers[..trace.layers.len() - 1];
        hidden.iter().flat_map(|l| &l.z).any(|z| z.abs() < margin)
    })
}

#[test]
fn backpropagation_equals_central_finite_differences_on_random_networks() {
    let mut rng = Rng::new(2026, 7);
    let mut checked = 0;
    for activation in Activation::ALL {
        for output in OUTPUTS {
            for hidden in SHAPES {
                let network = Network::new(1, hidden, activation, output);
                let data = points(output, 12, &mut rng);
                let theta = loop {
                    let theta: Vec<f64> = (0..network.parameter_count())
                        .map(|_| rng.normal())
                        .collect();
                    if activation != Activation::Relu || !near_a_kink(&network, &theta, &data, 1e-2)
                    {
                        break theta;
                    }
                };
                let backprop = network.trainable_gradient(&data, &theta);
                for (i, &g) in backprop.iter().enumerate() {
                    // The five-point central difference (error of order h⁴).
                    let h = 1e-3;
                    let at = |d: f64| {
                        let mut t = theta.clone();
                        t[i] += d;
                        loss(&network, &t, &data)
                    };
                    let numeric =
                        (8.0 * (at(h) - at(-h)) - (at(2.0 * h) - at(-2.0 * h))) / (12.0 * h);
                    let scale = g.abs().max(numeric.abs()).max(1e-6);
                    assert!(
                        (numeric - g).abs() <= 1e-6 * scale,
                        "{activation:?} {output:?} {hidden:?} θ[{i}]: backprop {g}, finite differences {numeric}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 2000, "only {checked} partial derivatives checked");
}

/// The gradient through the `Trainable` interface, as the trainer sees it.
trait TrainableGradient {
    fn trainable_gradient(&self, data: &Data, theta: &[f64]) -> Vec<f64>;
}

impl TrainableGradient for Network {
    fn trainable_gradient(&self, data: &Data, theta: &[f64]) -> Vec<f64> {
        self.loss_and_gradient(data, &theta.to_vec()).gradient
    }
}

#[test]
fn the_softmax_cross_entropy_is_minus_the_log_of_the_label_s_probability() {
    let z = [0.3, -1.2, 2.0, 0.5];
    let denominator: f64 = z.iter().map(|v: &f64| v.exp()).sum();
    for label in 0..z.len() {
        let mut dz = [0.0; 4];
        let loss = softmax_cross_entropy(&z, label, &mut dz);
        let p = z[label].exp() / denominator;
        assert!(
            (loss - -p.ln()).abs() < 1e-14,
            "label {label}: {loss} vs {}",
            -p.ln()
        );
        for (i, &d) in dz.iter().enumerate() {
            let one_hot = if i == label { 1.0 } else { 0.0 };
            assert!((d - (z[i].exp() / denominator - one_hot)).abs() < 1e-15);
        }
    }
    let probabilities = softmax(&z);
    assert!((probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    assert!((probabilities[2] - 2f64.exp() / denominator).abs() < 1e-15);
}

#[test]
fn logits_of_a_thousand_give_finite_correct_losses() {
    let z = [1000.0, -1000.0, 0.0];
    let mut dz = [0.0; 3];
    // −ln softmax(z)_y = ln(Σ e^(z_j − z_y)): e^(−1000) and e^(−2000) vanish beside 1.
    assert_eq!(softmax_cross_entropy(&z, 0, &mut dz), 0.0);
    assert_eq!(dz, [0.0, 0.0, 0.0]);
    assert_eq!(softmax_cross_entropy(&z, 1, &mut dz), 2000.0);
    assert_eq!(dz, [1.0, -1.0, 0.0]);
    assert_eq!(softmax_cross_entropy(&z, 2, &mut dz), 1000.0);
    // Two equal large logits share the probability: the loss is ln 2.
    let tie = [1000.0, 1000.0, -1000.0];
    let loss = softmax_cross_entropy(&tie, 1, &mut dz);
    assert!((loss - 2f64.ln()).abs() < 1e-15);
    assert!((dz[0] - 0.5).abs() < 1e-15 && (dz[1] + 0.5).abs() < 1e-15);
}

#[test]
fn two_softmax_classes_are_the_sigmoid_of_the_difference() {
    // softmax(0, t) = (1 − σ(t), σ(t)): the k = 2 sum is the sigmoid form.
    for t in [-30.0, -2.5, -0.1, 0.0, 0.7, 4.0, 40.0] {
        for label in [0, 1] {
            let mut dz = [0.0; 2];
            let softmax_loss = softmax_cross_entropy(&[0.0, t], label, &mut dz);
            let (sigmoid_loss, sigmoid_dz) =
                PointLoss::SigmoidCrossEntropy.loss_and_dz(t, label as f64);
            assert!((softmax_loss - sigmoid_loss).abs() <= 1e-15 * sigmoid_loss.max(1.0));
            assert!((dz[1] - sigmoid_dz).abs() < 1e-15);
        }
    }
}

#[test]
fn a_network_without_hidden_layers_is_the_neuron() {
    let mut rng = Rng::new(5, 1);
    for (problem, loss_kind, output) in [
        (Problem::Regression, LossKind::Mse, PointLoss::SquaredError),
        (
            Problem::Classification,
            LossKind::CrossEntropy,
            PointLoss::SigmoidCrossEntropy,
        ),
        (
            Problem::Classification,
            LossKind::Mse,
            PointLoss::SigmoidSquaredError,
        ),
    ] {
        let data = points(Output::Single(output), 40, &mut rng);
        let network = Network::new(1, &[], Activation::Tanh, Output::Single(output));
        let (w, b) = (0.8, -0.3);
        let neuron = Model::new(problem, loss_kind).evaluate(&data.xs, &data.ys, w, b);
        let ours = network.loss_and_gradient(&data, &vec![w, b]);
        assert!((ours.loss - neuron.loss).abs() <= 1e-14 * neuron.loss);
        for (g, n) in ours.gradient.iter().zip(neuron.gradient) {
            assert!(
                (g - n).abs() <= 1e-13 * n.abs().max(1e-3),
                "{problem:?}: {g} vs {n}"
            );
        }
    }
}

#[test]
fn a_one_two_one_tanh_network_computes_what_the_formulas_say() {
    let network = Network::new(
        1,
        &[2],
        Activation::Tanh,
        Output::Single(PointLoss::SquaredError),
    );
    // Layer 1: W = [[0.5], [−1.0]], b = [0.1, 0.2]; output: W = [[2.0, 3.0]], b = [−0.5].
    let theta = vec![0.5, -1.0, 0.1, 0.2, 2.0, 3.0, -0.5];
    let (x, y) = (0.8, 1.0);
    let a1 = [(0.5 * x + 0.1f64).tanh(), (0.2 - x).tanh()];
    let y_hat = 2.0 * a1[0] + 3.0 * a1[1] - 0.5;
    let trace = network.trace(&theta, &[x], y);
    assert_eq!(trace.layers.len(), 2);
    assert!((trace.layers[0].a[0] - a1[0]).abs() < 1e-15);
    assert!((trace.y_hat[0] - y_hat).abs() < 1e-15);
    assert!((trace.loss - (y_hat - y).powi(2)).abs() < 1e-15);
    // Backward, by the chain rule written out.
    let dz2 = 2.0 * (y_hat - y);
    assert!((trace.layers[1].dloss_dz[0] - dz2).abs() < 1e-15);
    assert!((trace.layers[1].dloss_dw[0][1] - dz2 * a1[1]).abs() < 1e-15);
    let dz1 = [
        dz2 * 2.0 * (1.0 - a1[0] * a1[0]),
        dz2 * 3.0 * (1.0 - a1[1] * a1[1]),
    ];
    for (j, dz) in dz1.into_iter().enumerate() {
        assert!((trace.layers[0].dloss_dz[j] - dz).abs() < 1e-14);
        assert!((trace.layers[0].dloss_dw[j][0] - dz * x).abs() < 1e-14);
        assert!((trace.layers[0].dloss_db[j] - dz).abs() < 1e-14);
    }
}

#[test]
fn parameters_go_out_as_layers_and_come_back_as_theta() {
    let network = Network::new(1, &[3, 2], Activation::Relu, Output::Softmax(3));
    let theta: Vec<f64> = (0..network.parameter_count()).map(|i| i as f64).collect();
    let layers = network.parameters(&theta);
    assert_eq!(layers.len(), 3);
    assert_eq!(layers[0].weights, vec![vec![0.0], vec![1.0], vec![2.0]]);
    assert_eq!(layers[0].biases, vec![3.0, 4.0, 5.0]);
    assert_eq!(
        layers[1].weights,
        vec![vec![6.0, 7.0, 8.0], vec![9.0, 10.0, 11.0]]
    );
    assert_eq!(layers[2].weights.len(), 3);
    assert_eq!(network.theta_of(&layers), Some(theta));
    let mut wrong = layers.clone();
    wrong[1].weights[0].pop();
    assert_eq!(network.theta_of(&wrong), None);
    assert_eq!(network.theta_of(&layers[..2]), None);
    let neuron = Network::new(
        1,
        &[],
        Activation::Tanh,
        Output::Single(PointLoss::SquaredError),
    );
    let one = LayerParameters {
        weights: vec![vec![0.7]],
        biases: vec![-0.2],
    };
    assert_eq!(neuron.theta_of(&[one]), Some(vec![0.7, -0.2]));
}

#[test]
fn weights_start_glorot_or_he_uniform_and_biases_at_zero() {
    for activation in Activation::ALL {
        let network = Network::new(1, &[8, 8], activation, Output::Softmax(3));
        let mut rng = Rng::new(11, 3);
        let theta = network.initial_theta(|| rng.uniform());
        for (index, layer) in network.layers().iter().enumerate() {
            let (fan_in, fan_out) = (layer.inputs as f64, layer.outputs as f64);
            let hidden = index < 2;
            let limit = if hidden && activation == Activation::Relu {
                (6.0 / fan_in).sqrt()
            } else {
                (6.0 / (fan_in + fan_out)).sqrt()
            };
            let weights = &theta[layer.weights..layer.biases];
            assert!(weights.iter().all(|w| w.abs() <= limit));
            if weights.len() >= 24 {
                // Drawn across the whole range, not bunched.
                assert!(weights.iter().any(|w| w.abs() > 0.7 * limit));
            }
            let biases = &theta[layer.biases..layer.biases + layer.outputs];
            assert!(biases.iter().all(|&b| b == 0.0));
        }
    }
}

fn wave(n: usize) -> Data {
    let xs: Vec<f64> = (0..n)
        .map(|i| -3.0 + 6.0 * i as f64 / (n - 1) as f64)
        .collect();
    let ys = xs.iter().map(|x| x.sin()).collect();
    Data { xs, ys }
}

#[test]
fn the_trainer_fits_a_wave_with_a_tanh_network_where_a_line_cannot() {
    let data = wave(60);
    let network = Network::new(
        1,
        &[8, 8],
        Activation::Tanh,
        Output::Single(PointLoss::SquaredError),
    );
    let mut rng = Rng::new(3, 9);
    let start = network.initial_theta(|| rng.uniform());
    let settings = Settings {
        learning_rate: 0.02,
        optimizer: OptimizerKind::Adam,
        ..Settings::default()
    };
    let mut trainer = Trainer::new(network, settings, &data, start, 1);
    let first = trainer.loss();
    trainer.run(&data, 2000);
    // The best line leaves about a third of sin's variance on [−3, 3].
    let line = Network::new(
        1,
        &[],
        Activation::Tanh,
        Output::Single(PointLoss::SquaredError),
    );
    let mut line_trainer = Trainer::new(line, settings, &data, vec![0.0, 0.0], 1);
    line_trainer.run(&data, 2000);
    assert!(line_trainer.loss() > 0.1, "line: {}", line_trainer.loss());
    assert!(
        trainer.loss() < 0.01 && trainer.loss() < first / 20.0,
        "network: {first} → {}",
        trainer.loss()
    );
}

#[test]
fn each_optimizer_moves_every_network_parameter_by_its_rule() {
    let data = wave(20);
    let network = Network::new(1, &[3], Activation::Sigmoid, Output::Softmax(3));
    let data = Data {
        ys: data.xs.iter().map(|x| ((x + 3.0) / 2.01).floor()).collect(),
        ..data
    };
    let mut rng = Rng::new(8, 2);
    let start = network.initial_theta(|| rng.uniform());
    let h = Hyperparameters::default();
    for kind in OptimizerKind::ALL {
        let settings = Settings {
            learning_rate: 0.05,
            optimizer: kind,
            ..Settings::default()
        };
        let mut trainer = Trainer::new(network.clone(), settings, &data, start.clone(), 1);
        let (mut theta, mut m, mut v) = (
            start.clone(),
            vec![0.0; start.len()],
            vec![0.0; start.len()],
        );
        for t in 1..=4 {
            let g = network.loss_and_gradient(&data, &theta).gradient;
            for i in 0..theta.len() {
                theta[i] -= textbook_step(kind, &h, 0.05, t, g[i], &mut m[i], &mut v[i]);
            }
            trainer.step(&data);
            for (i, (&ours, &rule)) in trainer.theta().iter().zip(&theta).enumerate() {
                assert!(
                    (ours - rule).abs() <= 1e-12 * rule.abs().max(1.0),
                    "{kind:?} step {t} θ[{i}]: {ours} vs {rule}"
                );
            }
        }
    }
}

#[test]
fn the_batch_kernel_is_the_plain_per_point_sum_for_every_network_and_batch() {
    let mut rng = Rng::new(77, 16);
    let mut outputs = OUTPUTS.to_vec();
    outputs.push(Output::Softmax(2));
    let mut checked = 0;
    for activation in Activation::ALL {
        for &output in &outputs {
            for hidden in [&[8, 8][..], &[3], &[], &[2, 3, 2]] {
                let network = Network::new(1, hidden, activation, output);
                let data = points(output, 41, &mut rng);
                let theta: Vec<f64> = (0..network.parameter_count())
                    .map(|_| rng.normal())
                    .collect();
                // Every point (odd and even n, one point), and mini-batches
                // of indices in any order, one repeated.
                let batches: Vec<Vec<usize>> = vec![
                    (0..41).collect(),
                    (0..40).collect(),
                    vec![7],
                    vec![0, 1],
                    vec![30, 2, 17, 2, 40],
                    vec![39, 5, 12, 26],
                ];
                for batch in batches {
                    let got = network.evaluate(&theta, &data.xs, &data.ys, batch.iter().copied());
                    let want = plain::plain_mean(&network, &theta, &data.xs, &data.ys, &batch);
                    let what = format!("{activation:?} {output:?} {hidden:?} batch {batch:?}");
                    checked += want.assert_matches(got.loss, &got.gradient, &what);
                }
            }
        }
    }
    assert!(checked > 5000, "only {checked} components checked");
}

#[test]
fn the_batch_kernel_is_the_sum_of_the_traces() {
    // The page's backpropagation table (trace) and the training sums go
    // through the same code: the mean of the traces is the batch's gradient.
    let mut rng = Rng::new(5, 55);
    for output in [
        Output::Single(PointLoss::SigmoidCrossEntropy),
        Output::Softmax(3),
    ] {
        let network = Network::new(1, &[4, 3], Activation::Tanh, output);
        let data = points(output, 9, &mut rng);
        let theta: Vec<f64> = (0..network.parameter_count())
            .map(|_| rng.normal())
            .collect();
        let batch = [4, 0, 8, 3, 3];
        let got = network.evaluate(&theta, &data.xs, &data.ys, batch.iter().copied());
        let mut loss = 0.0;
        let mut gradient = vec![0.0; theta.len()];
        for &i in &batch {
            let trace = network.trace(&theta, &[data.xs[i]], data.ys[i]);
            loss += trace.loss;
            let layers = network.theta_of(
                &trace
                    .layers
                    .iter()
                    .map(|l| LayerParameters {
                        weights: l.dloss_dw.clone(),
                        biases: l.dloss_db.clone(),
                    })
                    .collect::<Vec<_>>(),
            );
            for (sum, g) in gradient.iter_mut().zip(layers.unwrap()) {
                *sum += g;
            }
        }
        let n = batch.len() as f64;
        assert!(
            (got.loss - loss / n).abs() <= 1e-15 * loss / n,
            "{output:?}"
        );
        for (g, sum) in got.gradient.iter().zip(&gradient) {
            assert!(
                (g - sum / n).abs() <= 1e-15 * (sum / n).abs().max(1e-300) + 1e-300,
                "{output:?}: {g} vs {}",
                sum / n
            );
        }
    }
}
