//! Property tests: no config, CSV text or link makes the core panic; every
//! refusal is a clear message; every accepted lab stays finite however long
//! it runs.
#![cfg(not(target_arch = "wasm32"))]

use gradient_descent_lab::config::{Config, FIELDS};
use gradient_descent_lab::csv::read_csv;
use gradient_descent_lab::data::Problem;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::link::read_query;
use gradient_descent_lab::value::Value;
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
        "groups",
        "separable",
        "mislabelled",
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
                    "groups",
                    "separable",
                    "mislabelled"
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
            (-10.0f64..10.0, -10.0f64..10.0)
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
    if let gradient_descent_lab::config::DataSource::Generated(spec) = &mut config.data {
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

    /// Any text as CSV: every non-empty line is a point, an error with its
    /// number, the header, or past the limit; the points are finite.
    #[test]
    fn any_text_reads_as_csv_without_loss(text in prop_oneof![
        ".{0,400}",
        prop::collection::vec("(-?[0-9]{0,4}(\\.[0-9]{0,3})?|[a-z]{1,3}|inf|NaN|\"1\")[,;\t](-?[0-9]{0,3}|[01]|x)([,;]?[0-9]?)", 0..40)
            .prop_map(|lines| lines.join("\n")),
    ], classification in proptest::bool::ANY) {
        let problem = if classification { Problem::Classification } else { Problem::Regression };
        let import = read_csv(&text, problem);
        let lines = text.split('\n').filter(|l| !l.trim_end_matches('\r').trim().is_empty()).count();
        let header = usize::from(import.header.is_some());
        prop_assert_eq!(import.points.len() + import.errors.len() + header + import.skipped, lines);
        let total = text.split('\n').count();
        let mut last = 0;
        for (line, reason) in &import.errors {
            prop_assert!(*line > last && *line <= total, "line {} of {}", line, total);
            prop_assert!(!reason.is_empty());
            last = *line;
        }
        for &(x, y) in &import.points {
            prop_assert!(x.is_finite() && y.is_finite());
            if classification {
                prop_assert!(y == 0.0 || y == 1.0);
            }
        }
        // And the good points always make a working lab.
        if !import.points.is_empty() {
            let points = import.points.iter().map(|&(x, y)| Value::object([("x", Value::Number(x)), ("y", Value::Number(y))]));
            let mut lab = Lab::from_value(&Value::object([
                ("problem", Value::String(problem.name().into())),
                ("points", Value::Array(points.collect())),
            ])).unwrap();
            lab.step(200);
            assert_finite(&lab)?;
        }
    }

    /// Any string as a link: a working lab, with a notice for what was not used.
    #[test]
    fn any_link_opens_a_working_lab(query in prop_oneof![
        ".{0,200}",
        prop::collection::vec(
            ("(problem|loss|data|n|noise|points|lr|opt|momentum|beta1|eps|batch|seed|start|race|step|speed|zoom|point|embed|panels|controls|std|[a-z]{1,5})",
             "([-0-9.,;:e]{0,10}|[a-z,]{0,12}|%[0-9A-Fa-f]{0,2}|NaN|inf)"),
            0..10,
        ).prop_map(|pairs| pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")),
    ]) {
        let link = read_query(&query);
        let mut config = Config::from_value(&link.config).expect("a link always reads to a valid config");
        tame(&mut config);
        let mut lab = Lab::new(config);
        lab.step(link.steps.min(500));
        assert_finite(&lab)?;
        for notice in &link.notices {
            prop_assert!(!notice.is_empty());
        }
    }
}
