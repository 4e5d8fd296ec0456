//! θ of any length: the optimizers and the trainer know nothing of `w` and
//! `b`. A model with three parameters (a parabola) trains through the same
//! trainer, each optimizer against its published rule written out here.

use gradient_descent_lab::data::points::Data;
use gradient_descent_lab::maths::theta::Evaluation;
use gradient_descent_lab::training::optimizer::{Hyperparameters, OptimizerKind};
use gradient_descent_lab::training::trainable::Trainable;
use gradient_descent_lab::training::trainer::{Settings, Trainer};

#[path = "common/optimizers.rs"]
mod optimizers;
use optimizers::textbook_step;

/// ŷ = a·x² + b·x + c with the mean squared error, θ = [a, b, c] (or the
/// same θ as a `Vec`, a length known only at run time).
#[derive(Clone, Debug)]
struct Parabola;

/// The loss and gradient of the parabola, on the points at `indices`.
fn parabola(data: &Data, indices: &[usize], theta: &[f64]) -> (f64, [f64; 3]) {
    let (mut loss, mut gradient) = (0.0, [0.0; 3]);
    for &i in indices {
        let (x, y) = (data.xs[i], data.ys[i]);
        let error = theta[0] * x * x + theta[1] * x + theta[2] - y;
        loss += error * error;
        for (g, dz) in gradient.iter_mut().zip([x * x, x, 1.0]) {
            *g += 2.0 * error * dz;
        }
    }
    let n = indices.len() as f64;
    (loss / n, gradient.map(|g| g / n))
}

impl Trainable for Parabola {
    type Theta = [f64; 3];
    fn loss_and_gradient(&self, data: &Data, theta: &[f64; 3]) -> Evaluation<[f64; 3]> {
        let (loss, gradient) = parabola(data, &(0..data.len()).collect::<Vec<_>>(), theta);
        Evaluation { loss, gradient }
    }
    fn loss_and_gradient_at(
        &self,
        data: &Data,
        indices: &[u32],
        theta: &[f64; 3],
    ) -> Evaluation<[f64; 3]> {
        let indices: Vec<usize> = indices.iter().map(|&i| i as usize).collect();
        let (loss, gradient) = parabola(data, &indices, theta);
        Evaluation { loss, gradient }
    }
}

/// The parabola again, with θ a `Vec<f64>`.
#[derive(Clone, Debug)]
struct ParabolaVec;

impl Trainable for ParabolaVec {
    type Theta = Vec<f64>;
    fn loss_and_gradient(&self, data: &Data, theta: &Vec<f64>) -> Evaluation<Vec<f64>> {
        let (loss, gradient) = parabola(data, &(0..data.len()).collect::<Vec<_>>(), theta);
        Evaluation {
            loss,
            gradient: gradient.to_vec(),
        }
    }
    fn loss_and_gradient_at(
        &self,
        data: &Data,
        indices: &[u32],
        theta: &Vec<f64>,
    ) -> Evaluation<Vec<f64>> {
        let indices: Vec<usize> = indices.iter().map(|&i| i as usize).collect();
        let (loss, gradient) = parabola(data, &indices, theta);
        Evaluation {
            loss,
            gradient: gradient.to_vec(),
        }
    }
}

fn data() -> Data {
    let xs: Vec<f64> = (0..9).map(|i| -1.0 + 0.25 * i as f64).collect();
    let ys = xs
        .iter()
        .map(|x| 0.5 * x * x - x + 0.25 + 0.1 * (7.0 * x).sin())
        .collect();
    Data { xs, ys }
}

const START: [f64; 3] = [1.0, -0.5, 2.0];

/// Each optimizer's rule, one parameter at a time, as `torch.optim` writes
/// it (tests/common/optimizers.rs): returns θ after `steps` steps on every point.
fn textbook(kind: OptimizerKind, learning_rate: f64, steps: usize) -> Vec<[f64; 3]> {
    let h = Hyperparameters::default();
    let data = data();
    let all: Vec<usize> = (0..data.len()).collect();
    let (mut theta, mut m, mut v) = (START, [0.0; 3], [0.0; 3]);
    let mut path = Vec::new();
    for t in 1..=steps {
        let (_, g) = parabola(&data, &all, &theta);
        for i in 0..3 {
            theta[i] -= textbook_step(
                kind,
                &h,
                learning_rate,
                t as i32,
                g[i],
                &mut m[i],
                &mut v[i],
            );
        }
        path.push(theta);
    }
    path
}

fn settings(kind: OptimizerKind, learning_rate: f64) -> Settings {
    Settings {
        learning_rate,
        optimizer: kind,
        ..Settings::default()
    }
}

#[test]
fn every_optimizer_trains_a_three_parameter_model_by_its_published_rule() {
    let data = data();
    for kind in OptimizerKind::ALL {
        let expected = textbook(kind, 0.05, 60);
        let mut run = Trainer::new(Parabola, settings(kind, 0.05), &data, START, 7);
        let mut as_vec = Trainer::new(ParabolaVec, settings(kind, 0.05), &data, START.to_vec(), 7);
        for (step, want) in expected.iter().enumerate() {
            assert!(run.step(&data) && as_vec.step(&data));
            for (got, name) in [(run.theta().as_slice(), "array"), (as_vec.theta(), "Vec")] {
                for i in 0..3 {
                    assert!(
                        (got[i] - want[i]).abs() <= 1e-12 * want[i].abs().max(1.0),
                        "{kind:?} ({name}) step {}: {got:?} vs {want:?}",
                        step + 1
                    );
                }
            }
        }
        // The history holds θ after each step, the loss there.
        let last = run.history().last().unwrap();
        assert_eq!((last.step, last.theta), (60, *run.theta()));
        let all: Vec<usize> = (0..data.len()).collect();
        assert_eq!(last.loss, parabola(&data, &all, &last.theta).0);
    }
}

#[test]
fn plain_gradient_descent_on_three_parameters_lowers_the_loss_to_the_least_squares_fit() {
    let data = data();
    let mut run = Trainer::new(Parabola, settings(OptimizerKind::Gd, 0.3), &data, START, 1);
    let start = run.loss();
    run.run(&data, 5000);
    assert!(run.loss() < start);
    // At the least-squares fit the gradient vanishes and the run has converged.
    assert!(
        run.converged(),
        "gradient {:?}",
        run.full_gradient().gradient
    );
}
