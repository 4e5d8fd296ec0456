//! The losses and their gradients: hand-worked values, central finite
//! differences, and the chain-rule factors of backpropagation.

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::data::rng::Rng;
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::maths::model::{LossKind, Model, sigmoid};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn mse_matches_a_hand_worked_example() {
    // Points (0, 1), (1, 3), (2, 2) and the line y = 1·x + 1:
    // predictions 1, 2, 3; errors 0, −1, 1; MSE = (0 + 1 + 1) / 3.
    let model = Model::new(Problem::Regression, LossKind::Mse);
    let (xs, ys) = ([0.0, 1.0, 2.0], [1.0, 3.0, 2.0]);
    let e = model.evaluate(&xs, &ys, 1.0, 1.0);
    assert_eq!(e.loss, 2.0 / 3.0);
    // ∂L/∂w = (2/N) Σ (ŷ − y)·x = (2/3)(0·0 − 1·1 + 1·2) = 2/3
    assert!(close(e.gradient[0], 2.0 / 3.0, 1e-15));
    // ∂L/∂b = (2/N) Σ (ŷ − y) = (2/3)(0 − 1 + 1) = 0
    assert!(close(e.gradient[1], 0.0, 1e-15));
}

#[test]
fn cross_entropy_matches_a_hand_worked_example() {
    // z = 0 gives ŷ = 0.5 and a loss of ln 2 whatever the label.
    let model = Model::new(Problem::Classification, LossKind::CrossEntropy);
    let e = model.evaluate(&[0.0, 0.0], &[0.0, 1.0], 1.0, 0.0);
    assert!(close(e.loss, 2f64.ln(), 1e-15));
    // z = ln 3 gives ŷ = 0.75: label 1 costs −ln 0.75, label 0 costs −ln 0.25.
    let e = model.evaluate(&[1.0, 1.0], &[1.0, 0.0], 3f64.ln(), 0.0);
    let expected = (-(0.75f64).ln() - (0.25f64).ln()) / 2.0;
    assert!(close(e.loss, expected, 1e-14), "{} vs {expected}", e.loss);
    // ∂L/∂w = (1/N) Σ (ŷ − y)·x = ((0.75 − 1) + (0.75 − 0)) / 2 = 0.25
    assert!(close(e.gradient[0], 0.25, 1e-14));
}

#[test]
fn cross_entropy_is_finite_and_exact_for_large_z() {
    let model = Model::new(Problem::Classification, LossKind::CrossEntropy);
    for &z in &[30.0, 100.0, 700.0, 1e3, 1e5, 1e300] {
        // A confidently right point costs about e^(−z); a wrong one costs about z.
        let (right, d_right) = model.loss_and_dz(z, 1.0);
        let (wrong, d_wrong) = model.loss_and_dz(z, 0.0);
        assert!(right.is_finite() && right >= 0.0);
        assert!(close(right, (-z).exp().ln_1p(), 1e-15), "z = {z}: {right}");
        assert!(
            close(wrong, z + (-z).exp().ln_1p(), 1e-15),
            "z = {z}: {wrong}"
        );
        assert!(d_right.abs() <= 1e-12 && close(d_wrong, 1.0, 1e-12));
        let (neg, d_neg) = model.loss_and_dz(-z, 1.0);
        assert!(close(neg, z + (-z).exp().ln_1p(), 1e-15) && close(d_neg, -1.0, 1e-12));
        let trace = model.trace(z, 0.0, 1.0, 0.0);
        for v in [
            trace.loss,
            trace.dloss_dyhat,
            trace.dyhat_dz,
            trace.dloss_dz,
        ] {
            assert!(v.is_finite(), "z = {z}: {trace:?}");
        }
    }
    // e^(−30) ≈ 9.36e−14 is kept to full relative precision, not lost to rounding.
    let (loss, _) = model.loss_and_dz(30.0, 1.0);
    assert!(close(loss, 9.357_622_968_840_175e-14, 1e-12), "{loss}");
}

#[test]
fn sigmoid_is_stable_at_both_ends() {
    assert_eq!(sigmoid(0.0), 0.5);
    assert!(sigmoid(-800.0) >= 0.0 && sigmoid(-800.0) < 1e-300);
    assert_eq!(sigmoid(800.0), 1.0);
    assert!(close(sigmoid(-40.0), (-40f64).exp(), 1e-12));
}

/// The gradient from backpropagation against central finite differences of
/// the loss, at many random `(w, b)` and data sets, for every model.
#[test]
fn gradients_match_central_finite_differences() {
    let mut rng = Rng::new(7, 99);
    let models = [
        (Problem::Regression, LossKind::Mse, DatasetName::Line),
        (Problem::Regression, LossKind::Mse, DatasetName::Outliers),
        (
            Problem::Classification,
            LossKind::CrossEntropy,
            DatasetName::Groups,
        ),
        (Problem::Classification, LossKind::Mse, DatasetName::Groups),
        (
            Problem::Classification,
            LossKind::CrossEntropy,
            DatasetName::Separable,
        ),
    ];
    for (problem, loss, name) in models {
        let model = Model::new(problem, loss);
        for trial in 0..200 {
            let spec = DatasetSpec {
                name,
                n: 1 + rng.below(60),
                noise: rng.range(0.0, 2.0),
            };
            let points = spec.generate(trial);
            let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
            let ys: Vec<f64> = points.iter().map(|p| p.y).collect();
            let (w, b) = (rng.range(-6.0, 6.0), rng.range(-6.0, 6.0));
            let e = model.evaluate(&xs, &ys, w, b);
            let h = 1e-6;
            let fd_w =
                (model.loss(&xs, &ys, w + h, b) - model.loss(&xs, &ys, w - h, b)) / (2.0 * h);
            let fd_b =
                (model.loss(&xs, &ys, w, b + h) - model.loss(&xs, &ys, w, b - h)) / (2.0 * h);
            assert!(
                close(e.gradient[0], fd_w, 1e-6) && close(e.gradient[1], fd_b, 1e-6),
                "{problem:?} {loss:?} at ({w}, {b}): ({}, {}) vs ({fd_w}, {fd_b})",
                e.gradient[0],
                e.gradient[1]
            );
        }
    }
}

/// Each point's chain-rule factors multiply to its gradient, and the mean of
/// the per-point gradients is the gradient of the mean loss.
#[test]
fn backpropagation_factors_multiply_to_the_gradient() {
    let mut rng = Rng::new(11, 5);
    for (problem, loss) in [
        (Problem::Regression, LossKind::Mse),
        (Problem::Classification, LossKind::CrossEntropy),
        (Problem::Classification, LossKind::Mse),
    ] {
        let model = Model::new(problem, loss);
        let spec = DatasetSpec::default_for(problem);
        let points = spec.generate(3);
        let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
        let ys: Vec<f64> = points.iter().map(|p| p.y).collect();
        for _ in 0..50 {
            let (w, b) = (rng.range(-3.0, 3.0), rng.range(-3.0, 3.0));
            let (mut sum_w, mut sum_b, mut sum_loss) = (0.0, 0.0, 0.0);
            for p in &points {
                let t = model.trace(w, b, p.x, p.y);
                assert_eq!(t.z, w * p.x + b);
                assert_eq!(t.dz_dw, p.x);
                assert_eq!(t.dz_db, 1.0);
                assert!(
                    close(t.dloss_dyhat * t.dyhat_dz, t.dloss_dz, 1e-12),
                    "{t:?}"
                );
                assert_eq!(t.dloss_dw, t.dloss_dz * t.dz_dw);
                assert_eq!(t.dloss_db, t.dloss_dz * t.dz_db);
                assert!(close(t.y_hat, model.predict(w, b, p.x), 1e-15));
                sum_w += t.dloss_dw;
                sum_b += t.dloss_db;
                sum_loss += t.loss;
            }
            let n = points.len() as f64;
            let e = model.evaluate(&xs, &ys, w, b);
            assert!(close(sum_loss / n, e.loss, 1e-12));
            assert!(close(sum_w / n, e.gradient[0], 1e-12));
            assert!(close(sum_b / n, e.gradient[1], 1e-12));
        }
    }
}

#[test]
fn the_mini_batch_gradient_is_the_gradient_of_those_points() {
    let model = Model::new(Problem::Regression, LossKind::Mse);
    let (xs, ys) = ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 2.0, 5.0]);
    let batch = model.evaluate_batch(&xs, &ys, &[1, 3], 0.5, 0.25);
    let direct = model.evaluate(&[1.0, 3.0], &[3.0, 5.0], 0.5, 0.25);
    assert_eq!(batch, direct);
}
