//! Every kind of bad config is refused with a message that names the field
//! and what it allows; good configs and their defaults.

use gradient_descent_lab::data::datasets::DatasetName;
use gradient_descent_lab::io::config::{Config, DataSource};
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::maths::model::LossKind;
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::training::optimizer::OptimizerKind;

fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::String(v.into())
}
fn point(x: Value, y: Value) -> Value {
    Value::object([("x", x), ("y", y)])
}

/// Reads `fields` as a config and returns the error message.
fn refused(fields: Vec<(&str, Value)>) -> (String, String) {
    let value = Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );
    let error = Config::from_value(&value).expect_err("should be refused");
    (error.field, error.message)
}

/// The config's fields, the field the error names, words its message holds.
type Case = (
    Vec<(&'static str, Value)>,
    &'static str,
    &'static [&'static str],
);

#[test]
fn bad_configs_are_refused_with_the_field_and_what_is_allowed() {
    let cases: Vec<Case> = vec![
        (
            vec![("learningRate", num(f64::NAN))],
            "learningRate",
            &["learningRate", "greater than 0", "NaN"],
        ),
        (
            vec![("learningRate", num(f64::INFINITY))],
            "learningRate",
            &["learningRate", "Infinity"],
        ),
        (
            vec![("learningRate", num(-0.1))],
            "learningRate",
            &["learningRate", "greater than 0", "-0.1"],
        ),
        (
            vec![("learningRate", num(0.0))],
            "learningRate",
            &["greater than 0"],
        ),
        (
            vec![("learningRate", num(1e7))],
            "learningRate",
            &["at most 1e6", "1e7"],
        ),
        (
            vec![("learningRate", s("fast"))],
            "learningRate",
            &["learningRate", "\"fast\""],
        ),
        (
            vec![("problem", s("clustering"))],
            "problem",
            &["\"regression\"", "\"classification\"", "\"clustering\""],
        ),
        (
            vec![("problem", num(1.0))],
            "problem",
            &["problem must be one of"],
        ),
        (
            vec![("optimizer", s("sgd"))],
            "optimizer",
            &[
                "\"gd\"",
                "\"momentum\"",
                "\"nesterov\"",
                "\"rmsprop\"",
                "\"adam\"",
                "\"sgd\"",
            ],
        ),
        (
            vec![("loss", s("hinge"))],
            "loss",
            &["\"mse\"", "\"cross-entropy\""],
        ),
        (
            vec![("loss", s("cross-entropy"))],
            "loss",
            &["classification"],
        ),
        (
            vec![("points", Value::Array(vec![]))],
            "points",
            &["at least one point", "empty"],
        ),
        (
            vec![("points", num(3.0))],
            "points",
            &["an array of points"],
        ),
        (
            vec![("points", Value::Array(vec![point(num(1.0), num(f64::NAN))]))],
            "points[0].y",
            &["points[0].y", "finite", "NaN"],
        ),
        (
            vec![(
                "points",
                Value::Array(vec![
                    point(num(1.0), num(2.0)),
                    point(num(f64::NEG_INFINITY), num(2.0)),
                ]),
            )],
            "points[1].x",
            &["points[1].x", "-Infinity"],
        ),
        (
            vec![(
                "points",
                Value::Array(vec![Value::object([("x", num(1.0))])]),
            )],
            "points[0].y",
            &["points[0].y", "null"],
        ),
        (
            vec![(
                "points",
                Value::Array(vec![Value::object([
                    ("x", num(1.0)),
                    ("y", num(1.0)),
                    ("z", num(1.0)),
                ])]),
            )],
            "points[0].z",
            &["\"z\"", "x, y"],
        ),
        (
            vec![("points", Value::Array(vec![point(num(1e10), num(1.0))]))],
            "points[0].x",
            &["1e9"],
        ),
        (
            vec![
                ("problem", s("classification")),
                ("points", Value::Array(vec![point(num(1.0), num(0.5))])),
            ],
            "points[0].y",
            &["label 0 or 1"],
        ),
        (
            vec![("dataset", Value::object([("name", s("spiral"))]))],
            "dataset.name",
            &["\"line\"", "\"outliers\"", "\"spiral\""],
        ),
        (
            vec![("dataset", Value::object([("name", s("groups"))]))],
            "dataset.name",
            &["classification data set", "line, outliers"],
        ),
        (
            vec![("dataset", Value::object([("n", num(0.0))]))],
            "dataset.n",
            &["from 1 to 1000000"],
        ),
        (
            vec![("dataset", Value::object([("n", num(2.5))]))],
            "dataset.n",
            &["whole number"],
        ),
        (
            vec![("dataset", Value::object([("noise", num(-1.0))]))],
            "dataset.noise",
            &["from 0 to 100"],
        ),
        (
            vec![("dataset", Value::object([("size", num(10.0))]))],
            "dataset.size",
            &["\"size\"", "name, n, noise"],
        ),
        (
            vec![("dataset", s("line"))],
            "dataset",
            &["an object with fields name, n, noise"],
        ),
        (
            vec![
                ("dataset", Value::object([])),
                ("points", Value::Array(vec![point(num(0.0), num(0.0))])),
            ],
            "points",
            &["either points or dataset"],
        ),
        (
            vec![("batchSize", num(-1.0))],
            "batchSize",
            &["whole number from 0"],
        ),
        (vec![("batchSize", num(1.5))], "batchSize", &["1.5"]),
        (vec![("seed", num(-3.0))], "seed", &["whole number", "-3"]),
        (vec![("seed", num(0.5))], "seed", &["seed"]),
        (
            vec![("start", Value::object([("w", num(1.0))]))],
            "start.b",
            &["start.b", "null"],
        ),
        (
            vec![(
                "start",
                Value::object([("w", num(f64::NAN)), ("b", num(0.0))]),
            )],
            "start.w",
            &["start.w", "NaN"],
        ),
        (
            vec![("start", Value::Array(vec![]))],
            "start",
            &["an object with fields w, b"],
        ),
        (
            vec![("momentum", num(1.0))],
            "momentum",
            &["from 0 up to (not including) 1"],
        ),
        (vec![("beta2", num(-0.1))], "beta2", &["beta2"]),
        (vec![("epsilon", num(0.0))], "epsilon", &["greater than 0"]),
        (
            vec![("learning_rate", num(0.1))],
            "learning_rate",
            &["Unknown config field \"learning_rate\"", "learningRate"],
        ),
    ];
    for (fields, field, parts) in cases {
        let (got_field, message) = refused(fields);
        assert_eq!(got_field, field, "{message}");
        for part in parts {
            assert!(
                message.contains(part),
                "«{message}» should contain «{part}»"
            );
        }
    }
}

#[test]
fn a_config_that_is_not_an_object_is_refused() {
    for value in [
        num(1.0),
        s("regression"),
        Value::Array(vec![]),
        Value::Bool(true),
    ] {
        let error = Config::from_value(&value).unwrap_err();
        assert!(
            error.message.starts_with("config must be an object"),
            "{error}"
        );
    }
}

#[test]
fn missing_fields_take_their_defaults() {
    let config = Config::from_value(&Value::Null).unwrap();
    assert_eq!(config, Config::from_value(&Value::Object(vec![])).unwrap());
    assert_eq!(config.problem, Problem::Regression);
    assert_eq!(config.loss, LossKind::Mse);
    assert_eq!(config.settings.optimizer, OptimizerKind::Gd);
    assert_eq!(config.settings.batch_size, 0);
    assert_eq!(config.settings.learning_rate, 0.1);
    assert_eq!(config.seed, 42);
    assert_eq!(config.start, None);
    let DataSource::Generated(spec) = config.data else {
        panic!()
    };
    assert_eq!((spec.name, spec.n), (DatasetName::Line, 30));
    let classification =
        Config::from_value(&Value::object([("problem", s("classification"))])).unwrap();
    assert_eq!(classification.loss, LossKind::CrossEntropy);
    // `null` counts as missing.
    let nulls = Config::from_value(&Value::object([
        ("seed", Value::Null),
        ("start", Value::Null),
    ]))
    .unwrap();
    assert_eq!(nulls, config);
}

#[test]
fn a_config_reads_back_from_its_own_value() {
    let value = Value::object([
        ("problem", s("classification")),
        ("loss", s("mse")),
        (
            "dataset",
            Value::object([
                ("name", s("separable")),
                ("n", num(12.0)),
                ("noise", num(0.5)),
            ]),
        ),
        ("learningRate", num(0.25)),
        ("optimizer", s("adam")),
        ("beta1", num(0.8)),
        ("batchSize", num(3.0)),
        ("seed", num(77.0)),
        ("start", Value::object([("w", num(1.5)), ("b", num(-2.0))])),
        ("standardize", Value::Bool(true)),
    ]);
    let config = Config::from_value(&value).unwrap();
    assert_eq!(Config::from_value(&config.to_value()).unwrap(), config);
    let points = Value::object([(
        "points",
        Value::Array(vec![point(num(1.0), num(2.0)), point(num(-1.0), num(0.5))]),
    )]);
    let config = Config::from_value(&points).unwrap();
    assert_eq!(Config::from_value(&config.to_value()).unwrap(), config);
    // A lab's config rebuilds the same lab.
    let lab = Lab::from_value(&value).unwrap();
    assert_eq!(Lab::new(lab.config()).state(), lab.state());
    // Standardised x too, through the config's value (what `lab.config()` gives JS).
    let houses = Value::object([
        ("dataset", Value::object([("name", s("houses"))])),
        ("standardize", Value::Bool(true)),
    ]);
    let mut lab = Lab::from_value(&houses).unwrap();
    let mut again = Lab::from_value(&lab.config_value()).unwrap();
    lab.step(7);
    again.step(7);
    assert!(again.state().standardized.is_some());
    assert_eq!(
        (again.state().w, again.state().loss),
        (lab.state().w, lab.state().loss)
    );
}
