//! The trainer: reaching the optimum, determinism, divergence, bounded history.

use gradient_descent_lab::io::config::Config;
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::maths::model::Problem;
mod common;
use common::normal_equations;

fn lab(json: &[(&str, Value)]) -> Lab {
    let value = Value::Object(
        json.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    );
    Lab::from_value(&value).expect("a valid config")
}

fn num(v: f64) -> Value {
    Value::Number(v)
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

#[test]
fn gradient_descent_reaches_the_least_squares_optimum() {
    let mut lab = lab(&[
        (
            "dataset",
            Value::object([("name", s("line")), ("n", num(20.0)), ("noise", num(0.4))]),
        ),
        ("learningRate", num(0.3)),
        ("seed", num(5.0)),
    ]);
    let (w_star, b_star) = normal_equations(&lab.data().xs, &lab.data().ys);
    let optimum = lab.optimum().unwrap();
    assert!((optimum.w - w_star).abs() < 1e-12 && (optimum.b - b_star).abs() < 1e-12);
    let start = lab.state();
    assert!(
        start.loss > 2.0 * optimum.loss,
        "the start should be visibly off the line"
    );
    lab.step(5000);
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
    assert!(state.converged && !state.diverged);
    assert_eq!(state.step, 5000);
}

#[test]
fn one_step_is_the_update_rule_of_gradient_descent() {
    let mut lab = lab(&[
        ("learningRate", num(0.05)),
        ("start", Value::object([("w", num(-1.0)), ("b", num(2.0))])),
    ]);
    let before = lab.state();
    assert_eq!((before.w, before.b, before.step), (-1.0, 2.0, 0));
    let xs = lab.data().xs.clone();
    let ys = lab.data().ys.clone();
    let n = xs.len() as f64;
    // The gradient of MSE at the start, computed here from the definition.
    let grad_w: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| 2.0 * (before.w * x + before.b - y) * x)
        .sum::<f64>()
        / n;
    let grad_b: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| 2.0 * (before.w * x + before.b - y))
        .sum::<f64>()
        / n;
    assert!((before.grad_w - grad_w).abs() < 1e-12 && (before.grad_b - grad_b).abs() < 1e-12);
    let loss = lab.step(1);
    let after = lab.state();
    assert_eq!(after.w, before.w - 0.05 * before.grad_w);
    assert_eq!(after.b, before.b - 0.05 * before.grad_b);
    let expected: f64 = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (after.w * x + after.b - y).powi(2))
        .sum::<f64>()
        / n;
    assert!((loss - expected).abs() < 1e-12);
    assert_eq!(after.loss, loss);
    assert_eq!(after.previous.unwrap().w, before.w);
    assert_eq!(after.previous.unwrap().loss, before.loss);
}

#[test]
fn the_same_seed_gives_the_same_data_and_run() {
    for problem in ["regression", "classification"] {
        for batch in [0.0, 1.0, 5.0] {
            let config = [
                ("problem", s(problem)),
                ("seed", num(9.0)),
                ("batchSize", num(batch)),
            ];
            let (mut a, mut b) = (lab(&config), lab(&config));
            assert_eq!(a.data(), b.data());
            a.step(300);
            b.step(300);
            assert_eq!(a.state(), b.state());
            let other = lab(&[("problem", s(problem)), ("seed", num(10.0))]);
            assert_ne!(a.data(), other.data(), "another seed, other data");
        }
    }
}

#[test]
fn mini_batches_follow_the_seed() {
    // The same points and start; only the seed of the shuffle differs.
    let points = lab(&[("seed", num(3.0))]).data().clone();
    let points = Value::Array(
        points
            .points()
            .map(|p| Value::object([("x", num(p.x)), ("y", num(p.y))]))
            .collect(),
    );
    let run = |seed: f64| {
        let mut lab = lab(&[
            ("points", points.clone()),
            ("batchSize", num(4.0)),
            ("seed", num(seed)),
            ("start", Value::object([("w", num(0.0)), ("b", num(0.0))])),
        ]);
        (0..40)
            .map(|_| {
                lab.step(1);
                (lab.state().w, lab.state().b)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(1.0), run(1.0));
    assert_ne!(run(1.0), run(2.0));
}

#[test]
fn an_epoch_is_one_pass_over_every_point() {
    let mut lab = lab(&[
        ("batchSize", num(7.0)),
        ("dataset", Value::object([("n", num(30.0))])),
    ]);
    assert_eq!(lab.state().batch_points, 7);
    lab.step(4); // 28 points
    assert_eq!(lab.state().epoch, 0);
    assert_eq!(
        lab.state().batch_points,
        2,
        "the last batch holds the 2 points left"
    );
    lab.step(1);
    assert_eq!(lab.state().epoch, 1);
    assert_eq!(lab.state().batch_points, 7);
}

/// Every learning rate from 1e-4 to 1e6 with every optimizer and batch size:
/// no NaN or infinity ever, divergence reported, and a diverged lab stays put.
#[test]
fn divergence_is_detected_and_nothing_is_ever_non_finite() {
    let mut diverged_gd = vec![];
    for problem in ["regression", "classification"] {
        for optimizer in ["gd", "momentum", "nesterov", "rmsprop", "adam"] {
            for batch in [0.0, 1.0, 8.0] {
                for exponent in -4..=6 {
                    let rate = 10f64.powi(exponent);
                    let mut lab = lab(&[
                        ("problem", s(problem)),
                        ("optimizer", s(optimizer)),
                        ("batchSize", num(batch)),
                        ("learningRate", num(rate)),
                    ]);
                    for _ in 0..20 {
                        lab.step(50);
                        let st = lab.state();
                        for v in [st.w, st.b, st.loss, st.grad_w, st.grad_b] {
                            assert!(
                                v.is_finite(),
                                "{problem} {optimizer} {batch} {rate}: {st:?}"
                            );
                        }
                    }
                    let st = lab.state();
                    if st.diverged {
                        let at = st.diverged_at.unwrap();
                        assert_eq!(at, st.step + 1, "diverged at the step it refused");
                        lab.step(10);
                        assert_eq!(lab.state(), st, "a diverged lab stops moving");
                    }
                    if optimizer == "gd" && batch == 0.0 && problem == "regression" {
                        diverged_gd.push((rate, st.diverged));
                    }
                }
            }
        }
    }
    // Plain gradient descent on the default line: fine up to 0.1, diverges from 1 on.
    for (rate, diverged) in diverged_gd {
        assert_eq!(diverged, rate >= 1.0, "learning rate {rate}");
    }
}

#[test]
fn a_million_steps_keep_the_history_bounded() {
    let mut lab = lab(&[("batchSize", num(1.0)), ("learningRate", num(0.01))]);
    lab.step(1_000_000);
    let history = lab.trainer().history();
    assert!(history.len() <= 4096, "{} records", history.len());
    let records = history.records();
    assert_eq!(records[0].step, 0, "the start is kept");
    assert_eq!(
        records.last().unwrap().step,
        1_000_000,
        "the latest step is kept"
    );
    assert!(records.windows(2).all(|w| w[0].step < w[1].step));
    // The recent steps are kept whole; the older part is thinned.
    let tail = &records[records.len() - 1000..];
    assert!(tail.windows(2).all(|w| w[1].step == w[0].step + 1));
}

#[test]
fn a_new_learning_rate_applies_without_a_restart() {
    let mut lab = lab(&[]);
    lab.step(10);
    let before = lab.state();
    lab.set(&Value::object([("learningRate", num(0.02))]))
        .unwrap();
    let after = lab.state();
    assert_eq!(
        (after.step, after.w, after.b),
        (before.step, before.w, before.b)
    );
    lab.step(1);
    let stepped = lab.state();
    assert_eq!(stepped.w, before.w - 0.02 * before.grad_w);
    assert_eq!(stepped.step, 11);
}

#[test]
fn new_data_or_seed_starts_a_new_run_and_a_new_problem_its_defaults() {
    let mut lab = lab(&[]);
    lab.step(10);
    lab.set(&Value::object([("seed", num(7.0))])).unwrap();
    assert_eq!(lab.state().step, 0);
    lab.set(&Value::object([("problem", s("classification"))]))
        .unwrap();
    let st = lab.state();
    assert_eq!(
        (st.problem, st.loss_function),
        ("classification", "cross-entropy")
    );
    assert!(lab.data().ys.iter().all(|&y| y == 0.0 || y == 1.0));
    assert_eq!(
        st.learning_rate,
        Config::default_learning_rate(Problem::Classification)
    );
    assert_eq!(st.seed, 7);
}

#[test]
fn a_bad_change_changes_nothing() {
    let mut lab = lab(&[]);
    lab.step(5);
    let before = lab.state();
    let config = lab.config();
    for patch in [
        Value::object([("learningRate", num(f64::NAN))]),
        Value::object([("dataset", Value::object([("name", s("groups"))]))]),
        Value::object([("bogus", num(1.0))]),
        num(3.0),
    ] {
        assert!(lab.set(&patch).is_err());
        assert_eq!(lab.state(), before);
        assert_eq!(lab.config(), config);
    }
}

#[test]
fn reset_starts_again_at_a_new_random_start_or_a_given_one() {
    let mut lab = lab(&[]);
    lab.step(20);
    let first = lab.state().start;
    lab.reset(None);
    let st = lab.state();
    assert_eq!(st.step, 0);
    assert_ne!((st.w, st.b), (first.w, first.b), "a new random start");
    assert!(st.w.abs() <= 3.0 && st.b.abs() <= 3.0);
    lab.reset(Some((0.5, -0.5)));
    assert_eq!((lab.state().w, lab.state().b), (0.5, -0.5));
    // The config names the actual start, so it rebuilds this very run.
    let again = Lab::new(lab.config());
    assert_eq!(again.state(), lab.state());
}

#[test]
fn adding_and_removing_points_keeps_the_line_and_restarts_the_run() {
    let mut lab = lab(&[]);
    lab.step(15);
    let (w, b, n) = (lab.state().w, lab.state().b, lab.state().n);
    lab.add_point(gradient_descent_lab::data::points::Point { x: 1.0, y: 9.0 })
        .unwrap();
    let st = lab.state();
    assert_eq!((st.n, st.step, st.w, st.b), (n + 1, 0, w, b));
    assert_eq!(lab.data().point(n).y, 9.0);
    let removed = lab.remove_point(n).unwrap();
    assert_eq!(removed.y, 9.0);
    assert_eq!(lab.state().n, n);
    assert!(
        lab.add_point(gradient_descent_lab::data::points::Point {
            x: f64::NAN,
            y: 0.0
        })
        .is_err()
    );
    assert!(lab.remove_point(n).is_err());
    let mut single = Lab::from_value(&Value::object([(
        "points",
        Value::Array(vec![Value::object([("x", num(1.0)), ("y", num(2.0))])]),
    )]))
    .unwrap();
    let error = single.remove_point(0).unwrap_err();
    assert!(error.message.contains("at least one point"), "{error}");
}

#[test]
fn every_random_start_is_away_from_the_optimum() {
    for seed in 0..200 {
        let lab = lab(&[("seed", num(seed as f64))]);
        let st = lab.state();
        let best = st.optimum.unwrap();
        assert!((st.w - best.w).hypot(st.b - best.b) >= 1.5, "seed {seed}");
        assert!(st.loss > best.loss);
    }
}
