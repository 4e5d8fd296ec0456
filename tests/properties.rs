//! Property tests: no config makes the core panic; every refusal is a clear
//! message; every accepted lab stays finite however long it runs. (The CSV
//! and link readers are the page's JavaScript: tests/js/ has their
//! properties.)
#![cfg(not(target_arch = "wasm32"))]

use gradient_descent_lab::io::config::{Config, FIELDS};
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use proptest::prelude::*;

/// Numbers that stress a config: NaN, infinities, zeros, huge and tiny values,
/// whole numbers, and everything between.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1e308),
        Just(5e-324),
        (-5i64..60).prop_map(|n| n as f64),
        -1e7f64..1e7,
        any::<f64>(),
    ]
}

/// Strings that are sometimes the names the config knows.
fn text() -> impl Strategy<Value = String> {
    let names = [
        "regression",
        "classification",
        "mse",
        "cross-entropy",
        "line",
        "outliers",
        "houses",
        "wave",
        "steps",
        "groups",
        "separable",
        "mislabelled",
        "middle",
        "gd",
        "momentum",
        "nesterov",
        "rmsprop",
        "adam",
    ];
    prop_oneof![
        proptest::sample::select(names.to_vec()).prop_map(String::from),
        ".{0,12}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    let mut keys: Vec<&str> = FIELDS.to_vec();
    keys.extend([
        "x",
        "y",
        "w",
        "b",
        "name",
        "n",
        "noise",
        "optimizer",
        "learningRate",
    ]);
    prop_oneof![
        8 => proptest::sample::select(keys).prop_map(String::from),
        1 => "[a-zA-Z]{1,8}",
    ]
}

/// Arbitrary JSON values, with keys and strings that are often meaningful.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8).prop_map(Value::Object),
        ]
    })
}

/// One config field with a value that is usually allowed and sometimes not.
fn field() -> impl Strategy<Value = (String, Value)> {
    let num = |v: f64| Value::Number(v);
    let maybe = |good: BoxedStrategy<Value>| {
        prop_oneof![6 => good, 1 => number().prop_map(Value::Number), 1 => json()].boxed()
    };
    let names = |list: &'static [&'static str]| {
        proptest::sample::select(list.to_vec())
            .prop_map(|s| Value::String(s.into()))
            .boxed()
    };
    let point = (
        prop_oneof![-1e6f64..1e6, -3.0f64..3.0],
        prop_oneof![Just(0.0), Just(1.0), -1e6f64..1e6],
    )
        .prop_map(move |(x, y)| Value::object([("x", num(x)), ("y", num(y))]));
    let run = (
        names(&["gd", "momentum", "nesterov", "rmsprop", "adam"]),
        -6.0f64..6.0,
        0usize..6,
    )
        .prop_map(move |(o, e, b)| {
            Value::object([
                ("optimizer", o),
                ("learningRate", num(10f64.powf(e))),
                ("batchSize", num(b as f64)),
            ])
        });
    prop_oneof![
        maybe(names(&["regression", "classification"])).prop_map(|v| ("problem".to_string(), v)),
        maybe(names(&["mse", "cross-entropy"])).prop_map(|v| ("loss".to_string(), v)),
        maybe(
            (
                names(&[
                    "line",
                    "outliers",
                    "houses",
                    "wave",
                    "steps",
                    "groups",
                    "separable",
                    "mislabelled",
                    "middle"
                ]),
                1usize..400,
                0.0f64..3.0
            )
                .prop_map(move |(name, n, noise)| Value::object([
                    ("name", name),
                    ("n", num(n as f64)),
                    ("noise", num(noise))
                ]))
                .boxed()
        )
        .prop_map(|v| ("dataset".to_string(), v)),
        maybe(
            prop::collection::vec(point, 0..40)
                .prop_map(Value::Array)
                .boxed()
        )
        .prop_map(|v| ("points".to_string(), v)),
        maybe((-6.0f64..6.0).prop_map(move |e| num(10f64.powf(e))).boxed())
            .prop_map(|v| ("learningRate".to_string(), v)),
        maybe(names(&["gd", "momentum", "nesterov", "rmsprop", "adam"]))
            .prop_map(|v| ("optimizer".to_string(), v)),
        maybe((0.0f64..1.0).prop_map(num).boxed()).prop_map(|v| ("momentum".to_string(), v)),
        maybe((0.0f64..1.0).prop_map(num).boxed()).prop_map(|v| ("beta1".to_string(), v)),
        maybe((0.0f64..1.0).prop_map(num).boxed()).prop_map(|v| ("beta2".to_string(), v)),
        maybe(
            (-12.0f64..0.0)
                .prop_map(move |e| num(10f64.powf(e)))
                .boxed()
        )
        .prop_map(|v| ("epsilon".to_string(), v)),
        maybe((0usize..12).prop_map(move |b| num(b as f64)).boxed())
            .prop_map(|v| ("batchSize".to_string(), v)),
        maybe((0u32..1000).prop_map(move |s| num(s as f64)).boxed())
            .prop_map(|v| ("seed".to_string(), v)),
        maybe(
            // Near the data, or anywhere a run can be (the starts go to ±1e15).
            (
                prop_oneof![-10.0f64..10.0, -1e15f64..1e15],
                prop_oneof![-10.0f64..10.0, -1e15f64..1e15]
            )
                .prop_map(move |(w, b)| Value::object([("w", num(w)), ("b", num(b))]))
                .boxed()
        )
        .prop_map(|v| ("start".to_string(), v)),
        maybe(
            prop::collection::vec(run, 0..4)
                .prop_map(Value::Array)
                .boxed()
        )
        .prop_map(|v| ("race".to_string(), v)),
        maybe(any::<bool>().prop_map(Value::Bool).boxed())
            .prop_map(|v| ("standardize".to_string(), v)),
    ]
}

/// Configs: mostly made of known fields with likely values, sometimes any JSON at all.
fn config() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => prop::collection::vec(field(), 0..9).prop_map(Value::Object),
        1 => json(),
    ]
}

/// Keeps generated labs small enough to step quickly.
fn tame(config: &mut Config) {
    if let gradient_descent_lab::io::config::DataSource::Generated(spec) = &mut config.data {
        spec.n = spec.n.min(2000);
    }
}

fn assert_finite(lab: &Lab) -> Result<(), TestCaseError> {
    let st = lab.state();
    for v in [
        st.w,
        st.b,
        st.loss,
        st.grad_w,
        st.grad_b,
        st.update.w.next,
        st.update.b.next,
    ] {
        prop_assert!(v.is_finite(), "{st:?}");
    }
    for run in &st.runs {
        prop_assert!(run.w.is_finite() && run.b.is_finite() && run.loss.is_finite());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, .. ProptestConfig::default() })]

    /// Any JSON as a config: refused with a message naming a field, or a lab
    /// that stays finite over many steps.
    #[test]
    fn any_config_is_refused_clearly_or_runs_finitely(value in config()) {
        match Config::from_value(&value) {
            Err(error) => {
                prop_assert!(!error.message.is_empty());
                prop_assert!(error.message.ends_with('.'), "{}", error.message);
                let top = error.field.split(['.', '[']).next().unwrap();
                prop_assert!(error.message.contains(top), "{} should name {}", error.message, error.field);
            }
            Ok(mut config) => {
                tame(&mut config);
                let mut lab = Lab::new(config);
                assert_finite(&lab)?;
                lab.step(300);
                assert_finite(&lab)?;
                // A change of settings on the way, good or bad, leaves it finite.
                let _ = lab.set(&Value::object([("learningRate", Value::Number(1e6))]));
                lab.step(300);
                assert_finite(&lab)?;
            }
        }
    }

    /// Any setting of any field on a working lab: a clear refusal that
    /// changes nothing, or a change after which it stays finite.
    #[test]
    fn any_change_to_a_lab_is_safe(change in prop_oneof![field(), (key(), json())], problem in proptest::bool::ANY) {
        let problem = if problem { "classification" } else { "regression" };
        let mut lab = Lab::from_value(&Value::object([("problem", Value::String(problem.into()))])).unwrap();
        lab.step(5);
        let before = lab.state();
        let mut patch = Value::Object(vec![change]);
        // A whole new data set of up to a million points is too slow to step here.
        if let Value::Object(fields) = &mut patch
            && let Some((_, Value::Object(spec))) = fields.iter_mut().find(|(k, _)| k == "dataset")
        {
            spec.retain(|(k, _)| k != "n");
        }
        match lab.set(&patch) {
            Err(_) => prop_assert_eq!(lab.state(), before),
            Ok(()) => {
                lab.step(200);
                assert_finite(&lab)?;
            }
        }
    }
}
