//! Classification: the sigmoid and cross-entropy, gradient descent reaching the
//! maximum-likelihood optimum, and why cross-entropy beats MSE on the sigmoid.

use gradient_descent_lab::data::points::{Data, Point};
use gradient_descent_lab::data::rng::Rng;
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::lab::optimum;
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::maths::model::{LossKind, Model};
mod common;
use common::normal_equations;

fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::String(v.into())
}
fn points_value(points: &[(f64, f64)]) -> Value {
    Value::Array(
        points
            .iter()
            .map(|&(x, y)| Value::object([("x", num(x)), ("y", num(y))]))
            .collect(),
    )
}
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * (1.0 + a.abs().max(b.abs()))
}

/// Cross-entropy written the textbook way, `−[y ln σ(z) + (1 − y) ln(1 − σ(z))]`,
/// fine wherever σ(z) does not round to 0 or 1.
fn textbook_cross_entropy(z: f64, y: f64) -> f64 {
    let p = 1.0 / (1.0 + (-z).exp());
    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
}

#[test]
fn cross_entropy_equals_the_textbook_formula_where_that_is_exact() {
    let model = Model::new(Problem::Classification, LossKind::CrossEntropy);
    let mut rng = Rng::new(1, 1);
    for _ in 0..2000 {
        let z = rng.range(-15.0, 15.0);
        let y = (rng.below(2)) as f64;
        let (loss, _) = model.loss_and_dz(z, y);
        assert!(
            close(loss, textbook_cross_entropy(z, y), 1e-8),
            "z = {z}, y = {y}"
        );
    }
}

/// The gradient against central finite differences, with |z| from 0 to 1e3
/// (where the textbook formula would give infinity or NaN).
#[test]
fn gradients_match_finite_differences_up_to_large_z() {
    let mut rng = Rng::new(2, 2);
    for loss in [LossKind::CrossEntropy, LossKind::Mse] {
        let model = Model::new(Problem::Classification, loss);
        for trial in 0..400 {
            let n = 1 + rng.below(20);
            let xs: Vec<f64> = (0..n).map(|_| rng.range(-2.0, 2.0)).collect();
            let ys: Vec<f64> = (0..n).map(|_| rng.below(2) as f64).collect();
            // Parameters up to 500, so |z| = |w·x + b| reaches 1e3.
            let scale = [1.0, 10.0, 100.0, 500.0][trial % 4];
            let (w, b) = (rng.range(-scale, scale), rng.range(-scale, scale));
            let e = model.evaluate(&xs, &ys, w, b);
            assert!(e.loss.is_finite() && e.gradient[0].is_finite() && e.gradient[1].is_finite());
            let h = 1e-6 * (1.0 + w.abs().max(b.abs()));
            let fd_w =
                (model.loss(&xs, &ys, w + h, b) - model.loss(&xs, &ys, w - h, b)) / (2.0 * h);
            let fd_b =
                (model.loss(&xs, &ys, w, b + h) - model.loss(&xs, &ys, w, b - h)) / (2.0 * h);
            // Far out on the flat ends the loss is piecewise almost linear; the
            // tolerance follows the size of h relative to the kinks.
            let tolerance = 1e-5;
            assert!(
                close(e.gradient[0], fd_w, tolerance) && close(e.gradient[1], fd_b, tolerance),
                "{loss:?} at ({w}, {b}): ({}, {}) vs ({fd_w}, {fd_b})",
                e.gradient[0],
                e.gradient[1]
            );
        }
    }
}

/// Maximum likelihood by Newton's method, written here independently of the
/// crate: iterate `θ ← θ − H⁻¹ g` on the mean cross-entropy.
fn newton_logistic(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let (mut w, mut b) = (0.0f64, 0.0f64);
    for _ in 0..100 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (&x, &y) in xs.iter().zip(ys) {
            let p = 1.0 / (1.0 + (-(w * x + b)).exp());
            g0 += (p - y) * x;
            g1 += p - y;
            h00 += p * (1.0 - p) * x * x;
            h01 += p * (1.0 - p) * x;
            h11 += p * (1.0 - p);
        }
        let det = h00 * h11 - h01 * h01;
        w -= (h11 * g0 - h01 * g1) / det;
        b -= (h00 * g1 - h01 * g0) / det;
    }
    (w, b)
}

#[test]
fn gradient_descent_reaches_the_maximum_likelihood_optimum() {
    for seed in [1.0, 2.0, 3.0] {
        let mut lab = Lab::from_value(&Value::object([
            ("problem", s("classification")),
            (
                "dataset",
                Value::object([("name", s("groups")), ("n", num(40.0)), ("noise", num(1.0))]),
            ),
            ("learningRate", num(2.0)),
            ("seed", num(seed)),
        ]))
        .unwrap();
        let state = lab.state();
        assert!(!state.separable, "overlapping groups");
        let (w_star, b_star) = newton_logistic(&lab.data().xs, &lab.data().ys);
        let optimum = state.optimum.unwrap();
        assert!(close(optimum.w, w_star, 1e-9) && close(optimum.b, b_star, 1e-9));
        lab.step(20_000);
        let state = lab.state();
        assert!(
            (state.w - w_star).abs() < 1e-6,
            "w = {} vs {w_star}",
            state.w
        );
        assert!(
            (state.b - b_star).abs() < 1e-6,
            "b = {} vs {b_star}",
            state.b
        );
        assert!(state.converged);
    }
}

#[test]
fn a_confidently_wrong_point_pulls_hard_under_cross_entropy_and_barely_under_mse() {
    // Label 0, but z = 8: the model says 99.97% class 1.
    let (z, y) = (8.0, 0.0);
    let (ce_loss, ce_pull) =
        Model::new(Problem::Classification, LossKind::CrossEntropy).loss_and_dz(z, y);
    let (mse_loss, mse_pull) = Model::new(Problem::Classification, LossKind::Mse).loss_and_dz(z, y);
    let p = 1.0 / (1.0 + (-z).exp());
    assert!(close(ce_pull, p, 1e-12), "CE: ∂L/∂z = ŷ − y");
    assert!(
        close(mse_pull, 2.0 * p * p * (1.0 - p), 1e-9),
        "MSE: 2(ŷ − y)·ŷ(1 − ŷ)"
    );
    assert!(ce_pull > 1000.0 * mse_pull, "{ce_pull} vs {mse_pull}");
    assert!(
        ce_loss > 8.0 && mse_loss < 1.0,
        "CE grows with the mistake; MSE stays below 1"
    );
    // A right point, by contrast, pulls little under both.
    let (_, ce_right) =
        Model::new(Problem::Classification, LossKind::CrossEntropy).loss_and_dz(-8.0, 0.0);
    assert!(ce_right < 1e-3);

    // The lab shows the same comparison for a chosen point.
    let lab = Lab::from_value(&Value::object([
        ("problem", s("classification")),
        ("points", points_value(&[(1.0, 0.0), (-1.0, 1.0)])),
        ("start", Value::object([("w", num(8.0)), ("b", num(0.0))])),
    ]))
    .unwrap();
    let compare = lab.compare_losses(0).unwrap();
    assert!(close(compare.cross_entropy.dloss_dz, ce_pull, 1e-12));
    assert!(close(compare.mse.dloss_dz, mse_pull, 1e-12));
    assert_eq!(
        lab.trace(0).unwrap().dloss_dz,
        compare.cross_entropy.dloss_dz
    );
}

#[test]
fn separable_data_has_no_finite_optimum_and_the_loss_keeps_falling() {
    let mut lab = Lab::from_value(&Value::object([
        ("problem", s("classification")),
        ("dataset", Value::object([("name", s("separable"))])),
        ("learningRate", num(1.0)),
    ]))
    .unwrap();
    let state = lab.state();
    assert!(state.separable && state.optimum.is_none());
    let mut last = (state.loss, state.w.abs());
    for _ in 0..5 {
        lab.step(2000);
        let st = lab.state();
        assert!(
            !st.diverged,
            "growing weights on separable data are not divergence"
        );
        assert!(st.loss < last.0, "the loss keeps falling");
        assert!(st.w.abs() > last.1, "the weight keeps growing");
        assert_eq!(st.accuracy, Some(1.0));
        last = (st.loss, st.w.abs());
    }
    assert!(last.0 < 0.01);
}

#[test]
fn separability_is_recognised() {
    let data = |points: &[(f64, f64)]| {
        Data::from_points(
            &points
                .iter()
                .map(|&(x, y)| Point { x, y })
                .collect::<Vec<_>>(),
        )
    };
    assert!(optimum::separable(&data(&[(0.0, 0.0), (1.0, 1.0)])));
    assert!(
        optimum::separable(&data(&[(2.0, 0.0), (1.0, 1.0)])),
        "either way round"
    );
    assert!(
        optimum::separable(&data(&[(2.0, 1.0), (1.0, 1.0)])),
        "one class only"
    );
    assert!(!optimum::separable(&data(&[
        (0.0, 0.0),
        (1.0, 1.0),
        (2.0, 0.0)
    ])));
    assert!(
        !optimum::separable(&data(&[(1.0, 0.0), (1.0, 1.0)])),
        "a tie"
    );
}

#[test]
fn accuracy_counts_the_points_on_the_right_side_of_the_threshold() {
    // Threshold at x = 0 (w = 1, b = 0): the first three are right, the last wrong.
    let lab = Lab::from_value(&Value::object([
        ("problem", s("classification")),
        (
            "points",
            points_value(&[(-1.0, 0.0), (2.0, 1.0), (0.5, 1.0), (3.0, 0.0)]),
        ),
        ("start", Value::object([("w", num(1.0)), ("b", num(0.0))])),
    ]))
    .unwrap();
    assert_eq!(lab.state().accuracy, Some(0.75));
    let regression = Lab::from_value(&Value::Null).unwrap();
    assert_eq!(regression.state().accuracy, None);
}

#[test]
fn mse_on_the_sigmoid_has_its_own_optimum_with_a_vanishing_gradient() {
    let mut lab = Lab::from_value(&Value::object([
        ("problem", s("classification")),
        ("loss", s("mse")),
        (
            "dataset",
            Value::object([("name", s("mislabelled")), ("n", num(40.0))]),
        ),
        ("learningRate", num(2.0)),
    ]))
    .unwrap();
    let best = lab
        .state()
        .optimum
        .expect("mislabelled groups are not separable");
    // The gradient vanishes there: central differences of the mean squared
    // error of σ(z) written out here, with the standard library's exp.
    let (xs, ys) = (&lab.data().xs, &lab.data().ys);
    let textbook = |w: f64, b: f64| {
        let sum: f64 = xs
            .iter()
            .zip(ys)
            .map(|(&x, &y)| (1.0 / (1.0 + (-(w * x + b)).exp()) - y).powi(2))
            .sum();
        sum / xs.len() as f64
    };
    let h = 1e-6;
    let d_w = (textbook(best.w + h, best.b) - textbook(best.w - h, best.b)) / (2.0 * h);
    let d_b = (textbook(best.w, best.b + h) - textbook(best.w, best.b - h)) / (2.0 * h);
    assert!(d_w.hypot(d_b) < 1e-8, "gradient ({d_w}, {d_b})");
    assert!(close(textbook(best.w, best.b), best.loss, 1e-12));
    lab.step(20_000);
    assert!(
        lab.state().loss >= best.loss - 1e-12,
        "nothing beats the optimum"
    );
}

#[test]
fn the_regression_optimum_is_the_closed_form_least_squares_line() {
    let regression = Model::new(Problem::Regression, LossKind::Mse);
    for seed in 0..5 {
        let line = Lab::from_value(&Value::object([("seed", num(seed as f64))])).unwrap();
        let (xs, ys) = (&line.data().xs, &line.data().ys);
        let (w_star, b_star) = normal_equations(xs, ys);
        let (w, b) = optimum::optimum(&regression, line.data()).unwrap();
        assert!(
            close(w, w_star, 1e-12) && close(b, b_star, 1e-12),
            "({w}, {b}) vs ({w_star}, {b_star})"
        );
    }
}

#[test]
fn problem_loss_and_data_sets_go_together() {
    let lab = Lab::from_value(&Value::object([("problem", s("classification"))])).unwrap();
    let st = lab.state();
    assert_eq!(
        (st.problem, st.loss_function),
        ("classification", "cross-entropy")
    );
    assert_eq!(st.n, 30);
    for name in ["groups", "separable", "mislabelled", "middle"] {
        let lab = Lab::from_value(&Value::object([
            ("problem", s("classification")),
            ("dataset", Value::object([("name", s(name))])),
        ]))
        .unwrap();
        assert!(
            lab.data().ys.iter().all(|&y| y == 0.0 || y == 1.0),
            "{name}"
        );
    }
    let separable = Lab::from_value(&Value::object([
        ("problem", s("classification")),
        ("dataset", Value::object([("name", s("separable"))])),
    ]))
    .unwrap();
    assert!(separable.state().separable);
}

#[test]
fn the_default_groups_overlap() {
    let separable = (0..200)
        .filter(|&seed| {
            let lab = Lab::from_value(&Value::object([
                ("problem", s("classification")),
                ("seed", num(seed as f64)),
            ]))
            .unwrap();
            lab.state().separable
        })
        .collect::<Vec<_>>();
    assert!(!separable.contains(&42), "the default seed overlaps");
    assert!(
        separable.len() <= 4,
        "seeds with separable default data: {separable:?}"
    );
}
