//! The boundary, in headless Chromium: the JS API through wasm-bindgen's real
//! glue, errors as JS `Error`s, drawing onto canvases, and the same data as
//! natively for the same seed. Run by `./build.sh test`.
#![cfg(target_arch = "wasm32")]

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::data::rng::Rng;
use gradient_descent_lab::maths::elementary::{
    X2, exp_neg, exp_neg_lanes, ln_small, ln_small_lanes, log1p_unit, log1p_unit_lanes, tanh,
    tanh_lanes,
};
use gradient_descent_lab::maths::kernels;
use gradient_descent_lab::maths::loss::PointLoss;
use gradient_descent_lab::maths::network::{Activation, Network, Output};
use gradient_descent_lab::web::init;
use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

#[path = "common/network.rs"]
mod plain;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function call(target, method, args) { return target[method](...args); }
export function parse(json) { return JSON.parse(json); }
")]
extern "C" {
    /// `target[method](...args)` through the wasm-bindgen class glue, as a page calls it.
    #[wasm_bindgen(catch)]
    fn call(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue>;
    fn parse(json: &str) -> JsValue;
}

fn lab(json: &str) -> JsValue {
    match init(parse(json)) {
        Ok(lab) => lab.into(),
        Err(error) => panic!("init failed: {:?}", JsValue::from(error).as_string()),
    }
}

fn method(lab: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    call(lab, name, &args.iter().collect::<Array>())
}

fn get(object: &JsValue, field: &str) -> JsValue {
    Reflect::get(object, &field.into()).unwrap()
}

fn number(object: &JsValue, field: &str) -> f64 {
    get(object, field)
        .as_f64()
        .unwrap_or_else(|| panic!("{field} is not a number"))
}

fn error_message(error: &JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error, got {error:?}"
    );
    assert!(
        !error.is_instance_of::<js_sys::WebAssembly::RuntimeError>(),
        "not a RuntimeError (a trap)"
    );
    error.unchecked_ref::<js_sys::Error>().message().into()
}

#[wasm_bindgen_test]
fn init_step_loss_and_state_through_the_glue() {
    let lab = lab(r#"{"problem": "regression", "learningRate": 0.1, "seed": 42}"#);
    let state = method(&lab, "state", &[]).unwrap();
    for field in ["step", "w", "b", "loss", "gradW", "gradB"] {
        assert!(number(&state, field).is_finite(), "{field}");
    }
    assert_eq!(get(&state, "diverged"), JsValue::FALSE);
    assert_eq!(number(&state, "step"), 0.0);
    let (w, grad_w) = (number(&state, "w"), number(&state, "gradW"));

    let loss = method(&lab, "step", &[]).unwrap().as_f64().unwrap();
    let state = method(&lab, "state", &[]).unwrap();
    assert_eq!(number(&state, "step"), 1.0);
    assert_eq!(number(&state, "w"), w - 0.1 * grad_w);
    assert_eq!(number(&state, "loss"), loss);
    assert_eq!(method(&lab, "loss", &[]).unwrap().as_f64(), Some(loss));

    let after = method(&lab, "step", &[100.into()])
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(after < loss);
    assert_eq!(number(&method(&lab, "state", &[]).unwrap(), "step"), 101.0);
    assert!(get(&state, "optimum").is_object());
    assert!(get(&state, "previous").is_object());
}

#[wasm_bindgen_test]
fn a_bad_config_throws_an_error_and_the_module_keeps_working() {
    let before = lab("{}");
    for (json, words) in [
        (r#"{"learningRate": -1}"#, "learningRate"),
        (r#"{"optimizer": "sgd"}"#, "optimizer"),
        (r#"{"points": []}"#, "points"),
        (r#"{"lr": 0.1}"#, "lr"),
        (r#"{"dataset": {"name": "groups"}}"#, "dataset.name"),
    ] {
        let error: JsValue = init(parse(json)).err().expect("refused").into();
        let message = error_message(&error);
        assert!(message.contains(words), "{message}");
    }
    // NaN cannot be written in JSON: build it here.
    let config = parse("{}");
    Reflect::set(&config, &"learningRate".into(), &f64::NAN.into()).unwrap();
    let message = error_message(&init(config).err().unwrap().into());
    assert!(message.contains("NaN"), "{message}");

    // A bad call on a lab throws an Error and leaves the lab as it was.
    let state = method(&before, "state", &[]).unwrap();
    let message = error_message(&method(&before, "step", &[(-3.0).into()]).unwrap_err());
    assert!(message.contains("count"), "{message}");
    let message =
        error_message(&method(&before, "set", &[parse(r#"{"learningRate": "x"}"#)]).unwrap_err());
    assert!(message.contains("learningRate"), "{message}");
    assert_eq!(
        number(&method(&before, "state", &[]).unwrap(), "w"),
        number(&state, "w")
    );

    // Labs made before and after an error both work.
    assert!(
        method(&before, "step", &[5.into()])
            .unwrap()
            .as_f64()
            .unwrap()
            .is_finite()
    );
    let after = lab(r#"{"seed": 3}"#);
    assert!(
        method(&after, "step", &[5.into()])
            .unwrap()
            .as_f64()
            .unwrap()
            .is_finite()
    );
}

#[wasm_bindgen_test]
fn labs_on_one_page_are_independent() {
    let a = lab(r#"{"seed": 1}"#);
    let b = lab(r#"{"seed": 1}"#);
    method(&a, "step", &[50.into()]).unwrap();
    assert_eq!(number(&method(&b, "state", &[]).unwrap(), "step"), 0.0);
    method(&b, "step", &[50.into()]).unwrap();
    let (sa, sb) = (
        method(&a, "state", &[]).unwrap(),
        method(&b, "state", &[]).unwrap(),
    );
    assert_eq!(number(&sa, "w"), number(&sb, "w"));
}

/// The loss and gradient sums of one point loss, written out here with the
/// standard library's `exp` and `ln_1p` (the crate has its own polynomials):
/// cross-entropy as `y·ln(1 + e^(−z)) + (1 − y)·ln(1 + e^z)`.
fn textbook_sums(point_loss: PointLoss, xs: &[f64], ys: &[f64], w: f64, b: f64) -> [f64; 5] {
    // [Σ loss, Σ ∂L/∂z·x, Σ ∂L/∂z, Σ |∂L/∂z·x|, Σ |∂L/∂z|] (the last two for
    // the tolerance, as the gradient's terms cancel).
    let mut sums = [0.0; 5];
    for (&x, &y) in xs.iter().zip(ys) {
        let z = w * x + b;
        let (p, q) = (1.0 / (1.0 + (-z).exp()), 1.0 / (1.0 + z.exp()));
        let (loss, dz) = match point_loss {
            PointLoss::SquaredError => ((z - y) * (z - y), 2.0 * (z - y)),
            PointLoss::SigmoidCrossEntropy => {
                (y * (-z).exp().ln_1p() + (1.0 - y) * z.exp().ln_1p(), p - y)
            }
            PointLoss::SigmoidSquaredError => ((p - y) * (p - y), 2.0 * (p - y) * p * q),
        };
        for (sum, term) in sums
            .iter_mut()
            .zip([loss, dz * x, dz, (dz * x).abs(), dz.abs()])
        {
            *sum += term;
        }
    }
    sums
}

/// The shipped SIMD kernels (simd128, two points per instruction, an odd
/// point left over or not) give the sums written out the textbook way.
#[wasm_bindgen_test]
fn the_simd_kernels_give_the_textbook_sums() {
    let mut rng = Rng::new(21, 9);
    for n in [1usize, 2, 3, 4, 5, 7, 64, 101] {
        for _ in 0..20 {
            let xs: Vec<f64> = (0..n).map(|_| rng.range(-3.0, 3.0)).collect();
            let (w, b) = (rng.range(-8.0, 8.0), rng.range(-8.0, 8.0));
            for point_loss in [
                PointLoss::SquaredError,
                PointLoss::SigmoidCrossEntropy,
                PointLoss::SigmoidSquaredError,
            ] {
                let ys: Vec<f64> = match point_loss {
                    PointLoss::SquaredError => (0..n).map(|_| rng.range(-5.0, 5.0)).collect(),
                    _ => (0..n).map(|_| rng.below(2) as f64).collect(),
                };
                let got = kernels::sums(point_loss, &xs, &ys, w, b);
                let [loss, gw, gb, scale_w, scale_b] = textbook_sums(point_loss, &xs, &ys, w, b);
                let what = format!("{point_loss:?}, n = {n}, w = {w}, b = {b}");
                assert!(
                    (got.loss - loss).abs() <= 1e-13 * loss.abs().max(1e-300),
                    "loss {} vs {loss}: {what}",
                    got.loss
                );
                assert!(
                    (got.gradient[0] - gw).abs() <= 1e-13 * scale_w,
                    "∂L/∂w {} vs {gw}: {what}",
                    got.gradient[0]
                );
                assert!(
                    (got.gradient[1] - gb).abs() <= 1e-13 * scale_b,
                    "∂L/∂b {} vs {gb}: {what}",
                    got.gradient[1]
                );
            }
        }
    }
}

/// `e^(−a)` and `ln(1 + e)` in two SIMD lanes: the standard library's `exp`
/// and `ln_1p` to a few units in the last place, and the same bits as one
/// number at a time.
#[wasm_bindgen_test]
fn the_lane_functions_are_exp_and_ln_1p_bit_for_bit_as_scalars() {
    use core::arch::wasm32::{f64x2, f64x2_extract_lane};
    let lanes = |v: X2| [f64x2_extract_lane::<0>(v.0), f64x2_extract_lane::<1>(v.0)];
    let ulps = |got: f64, want: f64| ((got - want) / want).abs() / f64::EPSILON;
    let mut rng = Rng::new(8, 8);
    for _ in 0..20_000 {
        let a = [rng.range(0.0, 40.0), rng.range(0.0, 700.0)];
        let got = lanes(exp_neg_lanes(X2(f64x2(a[0], a[1]))));
        for i in 0..2 {
            assert_eq!(got[i].to_bits(), exp_neg(a[i]).to_bits(), "e^-{}", a[i]);
            assert!(
                ulps(got[i], (-a[i]).exp()) <= 4.0,
                "e^-{}: {}",
                a[i],
                got[i]
            );
        }
        let e = [rng.uniform(), (-rng.range(0.0, 700.0)).exp()];
        let got = lanes(log1p_unit_lanes(X2(f64x2(e[0], e[1]))));
        for i in 0..2 {
            assert_eq!(
                got[i].to_bits(),
                log1p_unit(e[i]).to_bits(),
                "ln(1 + {})",
                e[i]
            );
            let want = e[i].ln_1p();
            assert!(
                got[i] == want || ulps(got[i], want) <= 4.0,
                "ln(1 + {}): {}",
                e[i],
                got[i]
            );
        }
    }
}

#[wasm_bindgen_test]
fn the_lane_tanh_is_the_scalar_bit_for_bit_and_near_std() {
    use core::arch::wasm32::{f64x2, f64x2_extract_lane};
    let mut rng = Rng::new(9, 9);
    for _ in 0..20_000 {
        let z = [rng.range(-3.0, 3.0), rng.range(-40.0, 40.0)];
        let got = tanh_lanes(X2(f64x2(z[0], z[1])));
        let got = [
            f64x2_extract_lane::<0>(got.0),
            f64x2_extract_lane::<1>(got.0),
        ];
        for i in 0..2 {
            assert_eq!(got[i].to_bits(), tanh(z[i]).to_bits(), "tanh({})", z[i]);
            assert!((got[i] - z[i].tanh()).abs() < 5e-16, "tanh({})", z[i]);
        }
    }
}

/// Backpropagation in wasm against the five-point central difference of the
/// loss, as natively (tests/network.rs), on a network of each activation
/// and each output.
#[wasm_bindgen_test]
fn backpropagation_equals_finite_differences_in_wasm() {
    let mut rng = Rng::new(16, 4);
    for activation in Activation::ALL {
        for output in [
            Output::Single(PointLoss::SquaredError),
            Output::Single(PointLoss::SigmoidCrossEntropy),
            Output::Softmax(3),
            Output::Softmax(5),
        ] {
            let network = Network::new(1, &[4, 3], activation, output);
            let xs: Vec<f64> = (0..10).map(|_| 1.5 * rng.normal()).collect();
            let ys: Vec<f64> = (0..10)
                .map(|_| match output {
                    Output::Softmax(k) => rng.below(k) as f64,
                    Output::Single(PointLoss::SquaredError) => rng.normal(),
                    Output::Single(_) => rng.below(2) as f64,
                })
                .collect();
            let loss = |theta: &[f64]| network.evaluate(theta, &xs, &ys, 0..10).loss;
            // ReLU's kink: draw again while some hidden z is near 0.
            let theta = loop {
                let theta: Vec<f64> = (0..network.parameter_count())
                    .map(|_| rng.normal())
                    .collect();
                let kinked = xs.iter().zip(&ys).any(|(&x, &y)| {
                    let trace = network.trace(&theta, &[x], y);
                    trace.layers[..2]
                        .iter()
                        .flat_map(|l| &l.z)
                        .any(|z| z.abs() < 1e-2)
                });
                if activation != Activation::Relu || !kinked {
                    break theta;
                }
            };
            let gradient = network.evaluate(&theta, &xs, &ys, 0..10).gradient;
            for (i, &g) in gradient.iter().enumerate() {
                let h = 1e-3;
                let at = |d: f64| {
                    let mut t = theta.clone();
                    t[i] += d;
                    loss(&t)
                };
                let numeric = (8.0 * (at(h) - at(-h)) - (at(2.0 * h) - at(-2.0 * h))) / (12.0 * h);
                let scale = g.abs().max(numeric.abs()).max(1e-6);
                assert!(
                    (numeric - g).abs() <= 1e-6 * scale,
                    "{activation:?} {output:?} θ[{i}]: {g} vs {numeric}"
                );
            }
        }
    }
}

/// `ln s` for `1 ≤ s ≤ k` (the softmax's log-sum-exp) in two SIMD lanes:
/// the same bits as one number at a time, and std's `ln` to a few units in
/// the last place.
#[wasm_bindgen_test]
fn the_lane_ln_is_the_scalar_bit_for_bit_and_near_std() {
    use core::arch::wasm32::{f64x2, f64x2_extract_lane};
    let mut rng = Rng::new(10, 10);
    for largest in [2.0, 3.0, 5.0] {
        for _ in 0..10_000 {
            let s = [rng.range(1.0, largest), rng.range(1.0, 1.0 + 1e-6)];
            let got = ln_small_lanes(X2(f64x2(s[0], s[1])), largest);
            let got = [
                f64x2_extract_lane::<0>(got.0),
                f64x2_extract_lane::<1>(got.0),
            ];
            for i in 0..2 {
                assert_eq!(
                    got[i].to_bits(),
                    ln_small(s[i], largest).to_bits(),
                    "ln {}",
                    s[i]
                );
                let want = s[i].ln();
                let ulps = ((got[i] - want) / want).abs() / f64::EPSILON;
                assert!(
                    got[i] == want || ulps <= 4.0,
                    "ln {}: {} vs {want}",
                    s[i],
                    got[i]
                );
            }
        }
    }
}

const NETWORK_OUTPUTS: [Output; 6] = [
    Output::Single(PointLoss::SquaredError),
    Output::Single(PointLoss::SigmoidCrossEntropy),
    Output::Single(PointLoss::SigmoidSquaredError),
    Output::Softmax(2),
    Output::Softmax(3),
    Output::Softmax(5),
];

/// `n` points for `output`: x normal, y normal (regression) or a class.
fn network_points(output: Output, n: usize, rng: &mut Rng) -> (Vec<f64>, Vec<f64>) {
    let xs = (0..n).map(|_| 1.5 * rng.normal()).collect();
    let ys = (0..n)
        .map(|_| match output {
            Output::Softmax(k) => rng.below(k) as f64,
            Output::Single(PointLoss::SquaredError) => rng.normal(),
            Output::Single(_) => rng.below(2) as f64,
        })
        .collect();
    (xs, ys)
}

/// The network's batch kernel in wasm (two points per SIMD instruction, an
/// odd one alone) against the plain per-point computation with std's
/// functions (tests/common/network.rs), for every activation and output,
/// odd and even n, one point, and mini-batches of indices.
#[wasm_bindgen_test]
fn the_simd_network_kernel_gives_the_plain_per_point_sums() {
    let mut rng = Rng::new(30, 3);
    for activation in Activation::ALL {
        for output in NETWORK_OUTPUTS {
            for hidden in [&[8, 8][..], &[3], &[2, 3, 2]] {
                let network = Network::new(1, hidden, activation, output);
                let (xs, ys) = network_points(output, 37, &mut rng);
                let theta: Vec<f64> = (0..network.parameter_count())
                    .map(|_| rng.normal())
                    .collect();
                let batches: [&[usize]; 7] = [
                    &[5],
                    &[3, 9],
                    &[0, 1, 2],
                    &[36, 4, 4, 20, 11, 7],
                    &[8, 30, 1, 22, 14],
                    &(0..36).collect::<Vec<_>>(),
                    &(0..37).collect::<Vec<_>>(),
                ];
                for batch in batches {
                    let got = network.evaluate(&theta, &xs, &ys, batch.iter().copied());
                    let want = plain::plain_mean(&network, &theta, &xs, &ys, batch);
                    let what = format!("{activation:?} {output:?} {hidden:?} batch {batch:?}");
                    want.assert_matches(got.loss, &got.gradient, &what);
                }
            }
        }
    }
}

/// In the lanes, each point gets the very bits the scalar path (the page's
/// `trace`) gives it: with two or three points the batch's sums are the
/// traces' sums, added in the kernel's order, exactly.
#[wasm_bindgen_test]
fn the_simd_lanes_give_each_point_the_scalar_path_s_bits() {
    let mut rng = Rng::new(31, 3);
    for activation in Activation::ALL {
        for output in NETWORK_OUTPUTS {
            let network = Network::new(1, &[8, 8], activation, output);
            let (xs, ys) = network_points(output, 3, &mut rng);
            let theta: Vec<f64> = (0..network.parameter_count())
                .map(|_| rng.normal())
                .collect();
            let traced = |i: usize| {
                let trace = network.trace(&theta, &[xs[i]], ys[i]);
                let mut gradient: Vec<f64> = vec![];
                for layer in &trace.layers {
                    gradient.extend(layer.dloss_dw.iter().flatten());
                    gradient.extend(&layer.dloss_db);
                }
                (trace.loss, gradient)
            };
            let (p0, p1, p2) = (traced(0), traced(1), traced(2));
            // Two points: one in each lane, the lanes added at the end.
            let two = network.evaluate(&theta, &xs, &ys, 0..2);
            assert_eq!(
                two.loss,
                (0.0 + (p0.0 + p1.0)) * (1.0 / 2.0),
                "{activation:?} {output:?}"
            );
            for i in 0..theta.len() {
                let want = (0.0 + (p0.1[i] + p1.1[i])) * (1.0 / 2.0);
                assert_eq!(
                    two.gradient[i].to_bits(),
                    want.to_bits(),
                    "{activation:?} {output:?} θ[{i}]"
                );
            }
            // Three: the odd last point through the scalar path, then the lanes.
            let three = network.evaluate(&theta, &xs, &ys, 0..3);
            assert_eq!(
                three.loss,
                (p2.0 + (p0.0 + p1.0)) * (1.0 / 3.0),
                "{activation:?} {output:?}"
            );
            for i in 0..theta.len() {
                let want = (p2.1[i] + (p0.1[i] + p1.1[i])) * (1.0 / 3.0);
                assert_eq!(
                    three.gradient[i].to_bits(),
                    want.to_bits(),
                    "{activation:?} {output:?} θ[{i}]"
                );
            }
        }
    }
}

#[wasm_bindgen(inline_js = r#"
export function now() { return performance.now(); }
export function log(text) { console.log(text); }
// A plain JavaScript network over Float64Arrays (the way one is written by
// hand, TensorFlow Playground's nn.ts without its objects): `steps` steps of
// plain gradient descent on every point, each the forward and backward pass
// of every point (tanh hidden layers, a linear output, squared error), then
// θ ← θ − η·(mean gradient). θ is laid out as Network::layers says and is
// updated in place. `exp` true: tanh from Math.exp, as the crate's from its
// own e^(−a); false: Math.tanh.
export function jsNetworkSteps(sizes, theta, xs, ys, rate, steps, exp) {
  const layers = sizes.length - 1, n = xs.length;
  const weights = [], biases = [], first = [];
  let parameters = 0, neurons = 0;
  for (let l = 0; l <= layers; l++) {
    first.push(neurons);
    neurons += sizes[l];
    if (l < layers) {
      weights.push(parameters);
      biases.push(parameters + sizes[l] * sizes[l + 1]);
      parameters += (sizes[l] + 1) * sizes[l + 1];
    }
  }
  const a = new Float64Array(neurons), delta = new Float64Array(neurons);
  const gradient = new Float64Array(parameters);
  // (Two call sites, each of one function, so that both can be inlined.)
  const tanh = (z) => {
    if (!exp) return Math.tanh(z);
    const e = Math.exp(-2 * Math.abs(z)), t = (1 - e) / (1 + e);
    return z < 0 ? -t : t;
  };
  let loss = 0;
  for (let s = 0; s < steps; s++) {
    gradient.fill(0);
    loss = 0;
    for (let k = 0; k < n; k++) {
      a[0] = xs[k];
      for (let l = 0; l < layers; l++) {
        const inputs = sizes[l], outputs = sizes[l + 1], from = first[l], to = first[l + 1];
        for (let j = 0; j < outputs; j++) {
          let z = theta[biases[l] + j];
          const row = weights[l] + j * inputs;
          for (let i = 0; i < inputs; i++) z += theta[row + i] * a[from + i];
          a[to + j] = l === layers - 1 ? z : tanh(z);
        }
      }
      const out = first[layers], e = a[out] - ys[k];
      loss += e * e;
      delta[out] = 2 * e;
      for (let l = layers - 1; l >= 0; l--) {
        const inputs = sizes[l], outputs = sizes[l + 1], from = first[l], to = first[l + 1];
        for (let j = 0; j < outputs; j++) {
          const d = delta[to + j], row = weights[l] + j * inputs;
          for (let i = 0; i < inputs; i++) gradient[row + i] += d * a[from + i];
          gradient[biases[l] + j] += d;
        }
        if (l > 0) {
          for (let i = 0; i < inputs; i++) {
            let sum = 0;
            for (let j = 0; j < outputs; j++) sum += theta[weights[l] + j * inputs + i] * delta[to + j];
            delta[from + i] = sum * (1 - a[from + i] * a[from + i]);
          }
        }
      }
    }
    for (let p = 0; p < parameters; p++) theta[p] -= (rate * gradient[p]) / n;
  }
  return loss / n;
}
"#)]
extern "C" {
    fn now() -> f64;
    fn log(text: &str);
    #[wasm_bindgen(js_name = jsNetworkSteps)]
    fn js_network_steps(
        sizes: &[u32],
        theta: &mut [f64],
        xs: &[f64],
        ys: &[f64],
        rate: f64,
        steps: u32,
        exp: bool,
    ) -> f64;
}

/// Not a test (ignored; no timed asserts): the speed of one full-batch step
/// of a 1-8-8-1 tanh network on 1,000 points (forward, backward, update, new
/// loss) through the trainer in wasm, against the plain JavaScript network
/// above in the same page, samples interleaved, medians. Run it in the
/// release profile (opt-level z and LTO as shipped; no wasm-opt), with its
/// output shown:
/// `cargo test --release --target wasm32-unknown-unknown --test wasm -- --include-ignored --nocapture network_speed`
#[wasm_bindgen_test]
#[ignore]
fn network_speed_against_plain_javascript() {
    use gradient_descent_lab::data::points::Data;
    use gradient_descent_lab::training::trainer::{Settings, Trainer};
    let n = 1000;
    let xs: Vec<f64> = (0..n).map(|i| -3.0 + 6.0 * i as f64 / n as f64).collect();
    let ys: Vec<f64> = xs.iter().map(|x| x.sin()).collect();
    let data = Data {
        xs: xs.clone(),
        ys: ys.clone(),
    };
    let network = Network::new(
        1,
        &[8, 8],
        Activation::Tanh,
        Output::Single(PointLoss::SquaredError),
    );
    let sizes: Vec<u32> = network.sizes.iter().map(|&s| s as u32).collect();
    let mut rng = Rng::new(1, 1);
    let start = network.initial_theta(|| rng.uniform());
    let rate = 0.001;
    let settings = Settings {
        learning_rate: rate,
        ..Settings::default()
    };
    let mut trainer = Trainer::new(network, settings, &data, start.clone(), 1);
    // The same maths: after the same steps from the same start, the same θ.
    let mut theta = start.clone();
    js_network_steps(&sizes, &mut theta, &xs, &ys, rate, 5, false);
    for _ in 0..5 {
        trainer.step(&data);
    }
    for (ours, js) in trainer.theta().iter().zip(&theta) {
        assert!(
            (ours - js).abs() <= 1e-12 * js.abs().max(1.0),
            "{ours} vs {js}"
        );
    }
    let per_example = |ms: f64, steps: u32| ms * 1e6 / (steps as f64 * n as f64);
    let steps = 40;
    let (mut wasm, mut js, mut js_exp) = (vec![], vec![], vec![]);
    for _ in 0..15 {
        let t = now();
        for _ in 0..steps {
            trainer.step(&data);
        }
        wasm.push(per_example(now() - t, steps));
        let t = now();
        js_network_steps(&sizes, &mut theta, &xs, &ys, rate, steps, false);
        js.push(per_example(now() - t, steps));
        let t = now();
        js_network_steps(&sizes, &mut theta, &xs, &ys, rate, steps, true);
        js_exp.push(per_example(now() - t, steps));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (wasm, js, js_exp) = (median(&mut wasm), median(&mut js), median(&mut js_exp));
    log(&format!(
        "1-8-8-1 tanh, {n} points, one step: wasm {wasm:.1} ns/example, plain JS {js:.1} (Math.tanh), \
         {js_exp:.1} (tanh from Math.exp); wasm is {:.2}x and {:.2}x as fast",
        js / wasm,
        js_exp / wasm
    ));
    assert!(trainer.loss().is_finite());
}

/// The same fingerprints as the native test (tests/determinism.rs).
#[wasm_bindgen_test]
fn the_same_seed_gives_the_same_data_as_natively() {
    for (name, seed, expected) in [
        (DatasetName::Line, 42, 0xa375_93b0_22cd_abc2u64),
        (DatasetName::Groups, 7, 0xa9cd_fdc8_1a71_e090),
        (DatasetName::Wave, 42, 0x2e90_2e12_4b85_c2ee),
        (DatasetName::Steps, 42, 0x54e7_da08_32c7_0b5d),
        (DatasetName::Middle, 7, 0xe1b7_0693_555f_fd2b),
    ] {
        let spec = DatasetSpec {
            name,
            n: 50,
            noise: 0.3,
        };
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for p in spec.generate(seed) {
            for bits in [p.x.to_bits(), p.y.to_bits()] {
                hash = (hash ^ bits).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        assert_eq!(hash, expected, "{name:?}");
    }
}

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    canvas
        .set_attribute(
            "style",
            &format!("width: {width}px; height: {height}px; display: block"),
        )
        .unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// The pixels of a canvas, and how many are not plain white.
fn pixels(canvas: &HtmlCanvasElement) -> (Vec<u8>, usize) {
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = context
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data()
        .to_vec();
    let drawn = data
        .chunks_exact(4)
        .filter(|p| p[3] > 0 && (p[0] < 250 || p[1] < 250 || p[2] < 250))
        .count();
    (data, drawn)
}

#[wasm_bindgen_test]
fn drawing_puts_the_charts_on_the_canvases_and_a_step_changes_them() {
    let lab = lab(r#"{"seed": 42}"#);
    let (fit, loss) = (canvas(400, 260), canvas(400, 200));
    assert_eq!(pixels(&fit).1, 0, "a fresh canvas is blank");
    method(&lab, "drawFit", &[fit.clone().into()]).unwrap();
    method(&lab, "drawLoss", &[loss.clone().into()]).unwrap();
    let ratio = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(
        fit.width(),
        (400.0 * ratio).round() as u32,
        "backing store = CSS size × dpr"
    );
    let (fit_before, fit_drawn) = pixels(&fit);
    let (loss_before, loss_drawn) = pixels(&loss);
    let area = (fit.width() * fit.height()) as usize;
    // Axes, labels, 30 points and a line: a few percent of the canvas.
    assert!(
        fit_drawn > area / 50 && fit_drawn < area / 2,
        "{fit_drawn} of {area}"
    );
    assert!(loss_drawn > 500, "{loss_drawn}");

    method(&lab, "step", &[20.into()]).unwrap();
    method(&lab, "drawFit", &[fit.clone().into()]).unwrap();
    method(&lab, "drawLoss", &[loss.clone().into()]).unwrap();
    let changed = |a: &[u8], b: &[u8]| a.iter().zip(b).filter(|(x, y)| x != y).count();
    assert!(
        changed(&fit_before, &pixels(&fit).0) > 200,
        "the line moved"
    );
    assert!(
        changed(&loss_before, &pixels(&loss).0) > 200,
        "the loss curve grew"
    );

    // Residuals add drawn pixels.
    let (_, plain) = pixels(&fit);
    method(
        &lab,
        "drawFit",
        &[fit.clone().into(), parse(r#"{"residuals": true}"#)],
    )
    .unwrap();
    assert!(pixels(&fit).1 > plain, "residuals are drawn");
}

#[wasm_bindgen_test]
fn a_click_on_the_data_chart_maps_to_data_and_to_points() {
    let lab = lab(r#"{"points": [{"x": 0, "y": 0}, {"x": 1, "y": 2}, {"x": 2, "y": 1}]}"#);
    let fit = canvas(300, 300);
    assert!(
        method(&lab, "dataAt", &[10.into(), 10.into()])
            .unwrap()
            .is_null(),
        "nothing drawn yet"
    );
    method(&lab, "drawFit", &[fit.into()]).unwrap();
    // Search the canvas for the CSS pixel of point (1, 2) and check both maps agree.
    let mut found = None;
    for px in 0..300 {
        for py in 0..300 {
            let index = method(&lab, "pointAt", &[px.into(), py.into(), 0.7.into()]).unwrap();
            if index.as_f64() == Some(1.0) {
                found = Some((px, py));
            }
        }
    }
    let (px, py) = found.expect("point 1 is on the chart");
    let data = method(&lab, "dataAt", &[px.into(), py.into()]).unwrap();
    assert!((number(&data, "x") - 1.0).abs() < 0.02 && (number(&data, "y") - 2.0).abs() < 0.03);
    method(&lab, "addPoint", &[number(&data, "x").into(), 5.into()]).unwrap();
    assert_eq!(number(&method(&lab, "state", &[]).unwrap(), "n"), 4.0);
    method(&lab, "removePoint", &[3.into()]).unwrap();
    let points: Array = method(&lab, "points", &[]).unwrap().unchecked_into();
    assert_eq!(points.length(), 3);
    let message = error_message(&method(&lab, "removePoint", &[7.into()]).unwrap_err());
    assert!(message.contains("index"), "{message}");
}

#[wasm_bindgen_test]
fn trace_gives_every_factor_of_backpropagation() {
    let lab = lab(r#"{"points": [{"x": 2, "y": 1}], "start": {"w": 0.5, "b": 0.25}}"#);
    let trace = method(&lab, "trace", &[0.into()]).unwrap();
    // z = 0.5·2 + 0.25 = 1.25; ŷ = z; ∂L/∂ŷ = 2(ŷ − y) = 0.5; ∂L/∂w = 0.5·2 = 1.
    assert_eq!(number(&trace, "z"), 1.25);
    assert_eq!(number(&trace, "yHat"), 1.25);
    assert_eq!(number(&trace, "dLdYhat"), 0.5);
    assert_eq!(number(&trace, "dYhatDz"), 1.0);
    assert_eq!(number(&trace, "dzDw"), 2.0);
    assert_eq!(number(&trace, "dLdw"), 1.0);
    assert_eq!(number(&trace, "dLdb"), 0.5);
    let state = method(&lab, "state", &[]).unwrap();
    assert_eq!(
        number(&state, "gradW"),
        1.0,
        "one point: its gradient is the gradient"
    );
}

#[wasm_bindgen_test]
fn config_round_trips_through_js() {
    let lab = lab(r#"{"dataset": {"name": "outliers", "n": 12, "noise": 0.2}, "seed": 8}"#);
    method(&lab, "step", &[30.into()]).unwrap();
    let config = method(&lab, "config", &[]).unwrap();
    let again: JsValue = init(config).map_err(JsValue::from).unwrap().into();
    method(&again, "step", &[30.into()]).unwrap();
    let (a, b) = (
        method(&lab, "state", &[]).unwrap(),
        method(&again, "state", &[]).unwrap(),
    );
    assert_eq!(number(&a, "w"), number(&b, "w"));
    assert_eq!(number(&a, "loss"), number(&b, "loss"));
}

#[wasm_bindgen_test]
fn classification_through_the_glue() {
    let regression = lab("{}");
    let lab = lab(r#"{"problem": "classification", "seed": 4}"#);
    let before = method(&lab, "state", &[]).unwrap();
    assert_eq!(
        get(&before, "lossFunction").as_string().unwrap(),
        "cross-entropy"
    );
    let loss = method(&lab, "step", &[50.into()])
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(loss < number(&before, "loss"));
    let state = method(&lab, "state", &[]).unwrap();
    let accuracy = number(&state, "accuracy");
    assert!((0.5..=1.0).contains(&accuracy), "{accuracy}");
    assert_eq!(get(&state, "separable"), JsValue::FALSE);
    let trace = method(&lab, "trace", &[0.into()]).unwrap();
    let compare = get(&trace, "compare");
    let ce = get(&compare, "crossEntropy");
    let mse = get(&compare, "mse");
    let y_hat = number(&trace, "yHat");
    assert!((number(&ce, "dLdz") - (y_hat - number(&trace, "y"))).abs() < 1e-12);
    assert!(number(&mse, "dLdz").abs() <= number(&ce, "dLdz").abs());
    assert_eq!(number(&trace, "index"), 0.0);

    // MSE on the sigmoid, and a label that is not 0 or 1.
    method(&lab, "set", &[parse(r#"{"loss": "mse"}"#)]).unwrap();
    let state = method(&lab, "state", &[]).unwrap();
    assert_eq!(get(&state, "lossFunction").as_string().unwrap(), "mse");
    let message = error_message(&method(&lab, "addPoint", &[1.into(), 0.5.into()]).unwrap_err());
    assert!(message.contains("label 0 or 1"), "{message}");
    let message = error_message(
        &init(parse(
            r#"{"problem": "classification", "points": [{"x": 0, "y": 2}]}"#,
        ))
        .err()
        .unwrap()
        .into(),
    );
    assert!(message.contains("points[0].y"), "{message}");
    // Regression has no accuracy and no comparison.
    assert!(get(&method(&regression, "state", &[]).unwrap(), "accuracy").is_null());
    assert!(
        get(
            &method(&regression, "trace", &[0.into()]).unwrap(),
            "compare"
        )
        .is_null()
    );
}

#[wasm_bindgen_test]
fn the_landscape_is_drawn_once_per_view_and_maps_clicks_to_a_start() {
    let lab = lab(r#"{"seed": 5, "race": [{"optimizer": "adam"}]}"#);
    let canvas = canvas(360, 260);
    assert!(
        method(&lab, "paramsAt", &[100.into(), 100.into()])
            .unwrap()
            .is_null()
    );
    method(&lab, "drawLandscape", &[canvas.clone().into()]).unwrap();
    let (before, drawn) = pixels(&canvas);
    let area = (canvas.width() * canvas.height()) as usize;
    assert!(
        drawn > area / 2,
        "the heatmap fills the plot: {drawn} of {area}"
    );
    let computations = || {
        method(&lab, "landscapeComputations", &[])
            .unwrap()
            .as_f64()
            .unwrap()
    };
    assert_eq!(computations(), 1.0);
    method(&lab, "step", &[10.into()]).unwrap();
    method(&lab, "drawLandscape", &[canvas.clone().into()]).unwrap();
    assert_eq!(
        computations(),
        1.0,
        "a step moves the path, not the heatmap"
    );
    let changed = before
        .iter()
        .zip(pixels(&canvas).0)
        .filter(|(a, b)| **a != *b)
        .count();
    assert!(changed > 100, "the paths moved");
    method(
        &lab,
        "drawLandscape",
        &[canvas.clone().into(), parse(r#"{"zoomOut": 1}"#)],
    )
    .unwrap();
    assert_eq!(computations(), 2.0, "zooming out is a new view");
    let params = method(&lab, "paramsAt", &[150.into(), 120.into()]).unwrap();
    let (w, b) = (number(&params, "w"), number(&params, "b"));
    method(&lab, "reset", &[params]).unwrap();
    let state = method(&lab, "state", &[]).unwrap();
    assert_eq!((number(&state, "w"), number(&state, "b")), (w, b));
    // A `state().start` (with its loss) is a start too.
    let start = get(&state, "start");
    method(&lab, "reset", &[start]).unwrap();
    let batch = method(&lab, "batch", &[]).unwrap();
    assert!(batch.is_instance_of::<js_sys::Uint32Array>());
}

/// A panic traps in the lab that panicked; the other labs keep working.
#[wasm_bindgen_test]
fn a_panic_stops_one_lab_and_spares_the_others() {
    let doomed = lab(r#"{"seed": 1}"#);
    let other = lab(r#"{"seed": 2}"#);
    method(&other, "step", &[3.into()]).unwrap();
    let trap = method(&doomed, "debugPanic", &[]).unwrap_err();
    assert!(
        trap.is_instance_of::<js_sys::WebAssembly::RuntimeError>(),
        "{trap:?}"
    );
    let loss = method(&other, "step", &[10.into()])
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(loss.is_finite());
    assert_eq!(number(&method(&other, "state", &[]).unwrap(), "step"), 13.0);
    let fresh = lab(r#"{"seed": 3}"#);
    assert!(
        method(&fresh, "step", &[5.into()])
            .unwrap()
            .as_f64()
            .unwrap()
            .is_finite()
    );
}
