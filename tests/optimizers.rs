//! The optimizers against their published update rules (PyTorch's
//! `torch.optim`), the preview of the next step, races, and the largest
//! stable learning rate.

use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;

fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::String(v.into())
}

const XS: [f64; 5] = [0.0, 0.5, 1.0, 1.5, 2.0];
const YS: [f64; 5] = [0.7, 1.2, 2.9, 3.1, 4.6];

fn lab(optimizer: &str, learning_rate: f64, extra: Vec<(&str, Value)>) -> Lab {
    let points = XS
        .iter()
        .zip(YS)
        .map(|(&x, y)| Value::object([("x", num(x)), ("y", num(y))]))
        .collect();
    let mut fields = vec![
        ("points".to_string(), Value::Array(points)),
        ("optimizer".to_string(), s(optimizer)),
        ("learningRate".to_string(), num(learning_rate)),
        (
            "start".to_string(),
            Value::object([("w", num(-1.0)), ("b", num(2.0))]),
        ),
    ];
    fields.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
    Lab::from_value(&Value::Object(fields)).unwrap()
}

/// ∇ of MSE = (1/N) Σ (w·x + b − y)², written out here.
fn gradient(w: f64, b: f64) -> [f64; 2] {
    let n = XS.len() as f64;
    let (mut gw, mut gb) = (0.0, 0.0);
    for (x, y) in XS.iter().zip(YS) {
        let r = w * x + b - y;
        gw += 2.0 * r * x;
        gb += 2.0 * r;
    }
    [gw / n, gb / n]
}

/// Runs `steps` updates of a rule `(θ, g, t) -> θ'` from (−1, 2).
fn reference(
    steps: usize,
    mut rule: impl FnMut([f64; 2], [f64; 2], usize) -> [f64; 2],
) -> Vec<[f64; 2]> {
    let mut theta = [-1.0, 2.0];
    (1..=steps)
        .map(|t| {
            theta = rule(theta, gradient(theta[0], theta[1]), t);
            theta
        })
        .collect()
}

fn lab_path(lab: &mut Lab, steps: usize) -> Vec<[f64; 2]> {
    (0..steps)
        .map(|_| {
            lab.step(1);
            let st = lab.state();
            [st.w, st.b]
        })
        .collect()
}

fn assert_same(a: &[[f64; 2]], b: &[[f64; 2]], name: &str) {
    for (step, (p, q)) in a.iter().zip(b).enumerate() {
        for i in 0..2 {
            assert!(
                (p[i] - q[i]).abs() <= 1e-12,
                "{name} step {}: {p:?} vs {q:?}",
                step + 1
            );
        }
    }
}

#[test]
fn plain_gradient_descent_follows_its_rule() {
    let lr = 0.1;
    let expected = reference(8, |th, g, _| [th[0] - lr * g[0], th[1] - lr * g[1]]);
    assert_same(&lab_path(&mut lab("gd", lr, vec![]), 8), &expected, "gd");
}

#[test]
fn momentum_and_nesterov_follow_torch_sgd() {
    // torch.optim.SGD(momentum=μ, dampening=0): buf = g at t = 1, then
    // buf = μ·buf + g; nesterov uses g + μ·buf; θ ← θ − lr·(that).
    let (lr, mu) = (0.05, 0.9);
    for nesterov in [false, true] {
        let mut buf = [0.0; 2];
        let expected = reference(8, |th, g, t| {
            let mut out = th;
            for i in 0..2 {
                buf[i] = if t == 1 { g[i] } else { mu * buf[i] + g[i] };
                let d = if nesterov { g[i] + mu * buf[i] } else { buf[i] };
                out[i] = th[i] - lr * d;
            }
            out
        });
        let name = if nesterov { "nesterov" } else { "momentum" };
        assert_same(&lab_path(&mut lab(name, lr, vec![]), 8), &expected, name);
    }
    // Another μ through the config.
    let mu = 0.5;
    let mut buf = [0.0; 2];
    let expected = reference(5, |th, g, t| {
        let mut out = th;
        for i in 0..2 {
            buf[i] = if t == 1 { g[i] } else { mu * buf[i] + g[i] };
            out[i] = th[i] - lr * buf[i];
        }
        out
    });
    assert_same(
        &lab_path(&mut lab("momentum", lr, vec![("momentum", num(mu))]), 5),
        &expected,
        "μ = 0.5",
    );
}

#[test]
fn rmsprop_follows_torch() {
    // square_avg = α·square_avg + (1 − α)·g²; θ ← θ − lr·g / (√square_avg + ε)
    let (lr, alpha, eps) = (0.01, 0.99, 1e-8);
    let mut sq = [0.0; 2];
    let expected = reference(8, |th, g, _| {
        let mut out = th;
        for i in 0..2 {
            sq[i] = alpha * sq[i] + (1.0 - alpha) * g[i] * g[i];
            out[i] = th[i] - lr * g[i] / (sq[i].sqrt() + eps);
        }
        out
    });
    assert_same(
        &lab_path(&mut lab("rmsprop", lr, vec![]), 8),
        &expected,
        "rmsprop",
    );
}

/// torch.optim.Adam: m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²;
/// m̂ = m/(1 − β₁ᵗ); v̂ = v/(1 − β₂ᵗ); θ ← θ − lr·m̂ / (√v̂ + ε).
fn adam_reference(steps: usize, lr: f64, b1: f64, b2: f64) -> Vec<[f64; 2]> {
    let eps = 1e-8;
    let (mut m, mut v) = ([0.0; 2], [0.0; 2]);
    reference(steps, |th, g, t| {
        let mut out = th;
        for i in 0..2 {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let m_hat = m[i] / (1.0 - b1.powi(t as i32));
            let v_hat = v[i] / (1.0 - b2.powi(t as i32));
            out[i] = th[i] - lr * m_hat / (v_hat.sqrt() + eps);
        }
        out
    })
}

#[test]
fn adam_follows_torch() {
    let expected = adam_reference(8, 0.1, 0.9, 0.999);
    assert_same(
        &lab_path(&mut lab("adam", 0.1, vec![]), 8),
        &expected,
        "adam",
    );
    // Other constants through the config.
    let expected = adam_reference(4, 0.1, 0.8, 0.99);
    let extra = vec![("beta1", num(0.8)), ("beta2", num(0.99))];
    assert_same(
        &lab_path(&mut lab("adam", 0.1, extra), 4),
        &expected,
        "adam β",
    );
}

/// The preview in the state is exactly the step that follows, for every
/// optimizer and batch size.
#[test]
fn the_update_preview_is_the_next_step() {
    for optimizer in ["gd", "momentum", "nesterov", "rmsprop", "adam"] {
        for batch in [0.0, 1.0, 2.0] {
            let mut lab = lab(optimizer, 0.05, vec![("batchSize", num(batch))]);
            for _ in 0..12 {
                let before = lab.state();
                lab.step(1);
                let after = lab.state();
                assert_eq!(before.update.w.next, after.w, "{optimizer} {batch}");
                assert_eq!(before.update.b.next, after.b, "{optimizer} {batch}");
                assert_eq!(before.update.t, after.step);
                assert_eq!(before.update.w.gradient, before.grad_w);
            }
        }
    }
    // Adam's bias corrections at t = 1 are 1 − β.
    let st = lab("adam", 0.1, vec![]).state();
    assert!((st.update.correction1 - 0.1).abs() < 1e-15);
    assert!((st.update.correction2 - 0.001).abs() < 1e-15);
}

#[test]
fn a_race_steps_every_run_together_from_the_same_start() {
    let race = Value::Array(vec![
        Value::object([("optimizer", s("momentum"))]),
        Value::object([("optimizer", s("adam")), ("learningRate", num(0.2))]),
        Value::object([("learningRate", num(0.01))]),
    ]);
    let mut lab = lab("gd", 0.05, vec![("race", race)]);
    let st = lab.state();
    assert_eq!(st.runs.len(), 4);
    assert!(st.runs.iter().all(|r| (r.w, r.b) == (-1.0, 2.0)));
    assert_eq!(
        st.runs
            .iter()
            .map(|r| (r.optimizer, r.learning_rate))
            .collect::<Vec<_>>(),
        [
            ("gd", 0.05),
            ("momentum", 0.05),
            ("adam", 0.2),
            ("gd", 0.01)
        ]
    );
    lab.step(10);
    let st = lab.state();
    assert!(st.runs.iter().all(|r| r.step == 10));
    assert_eq!(
        (st.runs[0].w, st.runs[0].loss),
        (st.w, st.loss),
        "run 0 is the lab's own"
    );
    // Each run is the run it would be alone.
    let mut alone = self::lab("adam", 0.2, vec![]);
    alone.step(10);
    assert_eq!(alone.state().w, st.runs[2].w);
    // Reset restarts every run at one new start.
    lab.reset(Some((0.5, 0.5)));
    assert!(
        lab.state()
            .runs
            .iter()
            .all(|r| (r.w, r.b, r.step) == (0.5, 0.5, 0))
    );
    // The race survives a round trip through the config.
    let again = Lab::new(lab.config());
    assert_eq!(again.state().runs.len(), 4);
}

#[test]
fn a_race_refuses_bad_runs() {
    let cases = [
        (
            Value::Array(vec![Value::Null; 4]),
            "race must be an array of up to 3 runs",
        ),
        (num(2.0), "race must be"),
        (
            Value::Array(vec![Value::object([("optimizer", s("lion"))])]),
            "race[0].optimizer must be one of",
        ),
        (
            Value::Array(vec![
                Value::object([]),
                Value::object([("learningRate", num(-1.0))]),
            ]),
            "race[1].learningRate",
        ),
        (
            Value::Array(vec![Value::object([("seed", num(1.0))])]),
            "Unknown field \"seed\" in race[0]",
        ),
    ];
    for (race, message) in cases {
        let error = Lab::from_value(&Value::object([("race", race)])).unwrap_err();
        assert!(
            error.message.contains(message),
            "«{}» should contain «{message}»",
            error.message
        );
    }
}

#[test]
fn the_stable_learning_rate_separates_settling_from_diverging() {
    for seed in [1.0, 2.0, 3.0] {
        let base = Lab::from_value(&Value::object([("seed", num(seed))])).unwrap();
        let limit = base.state().stable_learning_rate.unwrap();
        for (factor, diverges) in [(0.95, false), (1.05, true)] {
            let mut lab = Lab::from_value(&Value::object([
                ("seed", num(seed)),
                ("learningRate", num(limit * factor)),
            ]))
            .unwrap();
            lab.step(3000);
            assert_eq!(
                lab.state().diverged,
                diverges,
                "seed {seed}, {factor} × {limit}"
            );
        }
    }
}
