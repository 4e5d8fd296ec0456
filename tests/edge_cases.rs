//! Numerical edge cases: one point, equal x, duplicates, x and y up to a
//! million (and standardising x), a hundred thousand points, and learning
//! rates from 1e-6 to 1e6 with every optimizer and batch size.

use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::lab::landscape::{Grid, View};

fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::String(v.into())
}
fn points(list: &[(f64, f64)]) -> Value {
    Value::Array(
        list.iter()
            .map(|&(x, y)| Value::object([("x", num(x)), ("y", num(y))]))
            .collect(),
    )
}
fn lab(fields: Vec<(&str, Value)>) -> Lab {
    Lab::from_value(&Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    ))
    .unwrap()
}

/// Every number of the state is finite, and the landscape around the run too.
fn assert_sound(lab: &Lab) {
    let st = lab.state();
    for v in [
        st.w,
        st.b,
        st.loss,
        st.grad_w,
        st.grad_b,
        st.update.w.next,
        st.update.b.next,
        st.start.loss,
    ] {
        assert!(v.is_finite(), "{st:?}");
    }
    if let Some(best) = st.optimum {
        assert!(best.w.is_finite() && best.b.is_finite() && best.loss.is_finite());
    }
    let view = View {
        w: (st.w - 1.0, st.w + 1.0),
        b: (st.b - 1.0, st.b + 1.0),
    };
    let grid = Grid::compute(&lab.trainer().model, lab.data(), view, 8, 6);
    assert!(grid.losses.iter().all(|l| l.is_finite()));
}

#[test]
fn one_point() {
    let mut regression = lab(vec![
        ("points", points(&[(2.0, 3.0)])),
        ("learningRate", num(0.1)),
    ]);
    regression.step(2000);
    assert_sound(&regression);
    assert!(regression.loss() < 1e-12, "a line through the one point");
    let mut classification = lab(vec![
        ("problem", s("classification")),
        ("points", points(&[(2.0, 1.0)])),
    ]);
    assert!(classification.state().separable && classification.state().optimum.is_none());
    classification.step(2000);
    assert_sound(&classification);
    assert_eq!(classification.state().accuracy, Some(1.0));
}

#[test]
fn all_x_equal() {
    // Every line through (1, mean y) fits equally well: w and b are not separately determined.
    let mut lab = lab(vec![
        ("points", points(&[(1.0, 0.0), (1.0, 2.0), (1.0, 4.0)])),
        ("learningRate", num(0.2)),
    ]);
    let best = lab.state().optimum.unwrap();
    assert_eq!((best.w, best.b), (0.0, 2.0));
    lab.step(5000);
    assert_sound(&lab);
    let st = lab.state();
    assert!(
        (st.w + st.b - 2.0).abs() < 1e-9,
        "the line passes through the mean"
    );
    assert!((st.loss - best.loss).abs() < 1e-9);
    assert!(lab.stable_learning_rate().is_some());
}

#[test]
fn duplicate_points() {
    let mut lab = lab(vec![(
        "points",
        points(&[(1.0, 1.0), (1.0, 1.0), (1.0, 1.0), (2.0, 3.0), (2.0, 3.0)]),
    )]);
    lab.step(3000);
    assert_sound(&lab);
    assert!(lab.loss() < 1e-10);
    let mut batches = lab_with_batch();
    batches.step(3000);
    assert_sound(&batches);
}

fn lab_with_batch() -> Lab {
    lab(vec![
        ("points", points(&[(1.0, 1.0); 8])),
        ("batchSize", num(3.0)),
    ])
}

/// x and y near a million: plain gradient descent at the default rate
/// diverges (and says so); standardising x makes the same rate converge.
#[test]
fn x_and_y_up_to_a_million() {
    let data: Vec<(f64, f64)> = (0..40)
        .map(|i| {
            let x = 2e5 + 2e4 * i as f64;
            (x, 0.9 * x + 1e5 + if i % 2 == 0 { 3e3 } else { -3e3 })
        })
        .collect();
    let mut raw = lab(vec![("points", points(&data))]);
    raw.step(100);
    assert_sound(&raw);
    assert!(raw.state().diverged);
    assert!(
        raw.state().stable_learning_rate.unwrap() < 1e-10,
        "far too steep along w"
    );

    let mut standardised = lab(vec![
        ("points", points(&data)),
        ("standardize", Value::Bool(true)),
    ]);
    standardised.step(500);
    assert_sound(&standardised);
    let st = standardised.state();
    assert!(!st.diverged && st.converged);
    // Back in the original units, the line is the least-squares line.
    let moments = st.standardized.unwrap();
    let (w, b) = (
        st.w / moments.spread,
        st.b - st.w * moments.mean / moments.spread,
    );
    let best = raw.state().optimum.unwrap();
    assert!(
        (w - best.w).abs() < 1e-6 * best.w.abs(),
        "{w} vs {}",
        best.w
    );
    assert!(
        (b - best.b).abs() < 1e-6 * best.b.abs(),
        "{b} vs {}",
        best.b
    );
    // The data as given is kept for export.
    assert_eq!(standardised.raw_points()[3].x, data[3].0);
}

/// The lesson of the house prices: at its largest stable rate plain gradient
/// descent still crawls along b; with x standardised it is done in a few steps.
#[test]
fn house_prices_need_standardised_x() {
    let houses = Value::object([("name", s("houses")), ("n", num(50.0)), ("noise", num(1.0))]);
    let raw = lab(vec![("dataset", houses.clone())]);
    let rate = 0.9 * raw.stable_learning_rate().unwrap();
    let mut crawling = lab(vec![
        ("dataset", houses.clone()),
        ("learningRate", num(rate)),
    ]);
    crawling.step(1000);
    assert_sound(&crawling);
    let best = crawling.state().optimum.unwrap();
    let b = crawling.state().b;
    assert!(
        (b - best.b).abs() > 0.5 * best.b.abs(),
        "the bias has barely moved: {b} vs {}",
        best.b
    );

    let mut fast = lab(vec![
        ("dataset", houses),
        ("standardize", Value::Bool(true)),
        ("learningRate", num(0.5)),
    ]);
    fast.step(200);
    assert_sound(&fast);
    assert!(fast.state().converged);
    assert!(
        (fast.loss() - best.loss).abs() < 1e-9 * best.loss,
        "the same best line"
    );
}

#[test]
fn a_hundred_thousand_points() {
    for (problem, name) in [("regression", "line"), ("classification", "groups")] {
        let mut lab = lab(vec![
            ("problem", s(problem)),
            (
                "dataset",
                Value::object([("name", s(name)), ("n", num(100_000.0))]),
            ),
        ]);
        lab.step(50);
        assert_sound(&lab);
        assert_eq!(lab.state().n, 100_000);
        assert!(lab.loss() < lab.state().start.loss);
        let mut batches = lab.clone();
        batches
            .set(&Value::object([("batchSize", num(64.0))]))
            .unwrap();
        batches.step(2000);
        assert_sound(&batches);
        assert!(batches.state().epoch >= 1);
    }
}

/// Learning rates from 1e-6 to 1e6 with every optimizer and batch size, on
/// small and large-scale data: never a NaN or an infinity.
#[test]
fn every_learning_rate_optimizer_and_batch_size_stays_finite() {
    for data in ["line", "houses", "wave", "groups", "middle"] {
        let problem = if data == "groups" || data == "middle" {
            "classification"
        } else {
            "regression"
        };
        for optimizer in ["gd", "momentum", "nesterov", "rmsprop", "adam"] {
            for batch in [0.0, 1.0, 7.0] {
                for exponent in -6..=6 {
                    let mut lab = lab(vec![
                        ("problem", s(problem)),
                        (
                            "dataset",
                            Value::object([("name", s(data)), ("n", num(25.0))]),
                        ),
                        ("optimizer", s(optimizer)),
                        ("batchSize", num(batch)),
                        ("learningRate", num(10f64.powi(exponent))),
                    ]);
                    lab.step(400);
                    assert_sound(&lab);
                }
            }
        }
    }
}
