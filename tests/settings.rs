//! The settings table (src/io/settings.rs) is what the config checks: each
//! run setting takes the edges of its range and refuses just beyond them,
//! with the message the table words, in a config and in a race alike. The
//! ranges here are written out from the README, not read from the table.

use gradient_descent_lab::io::config::{Config, FIELDS, RUN_FIELDS};
use gradient_descent_lab::io::settings::{Kind, SETTINGS, Scope};
use gradient_descent_lab::io::value::Value;

fn config(field: &str, value: f64, in_race: bool) -> Value {
    let run = Value::object([(field, Value::Number(value))]);
    if in_race {
        Value::object([("race", Value::Array(vec![run]))])
    } else {
        run
    }
}

/// (field, values it takes, values it refuses), as the README's config table says.
const RANGES: [(&str, &[f64], &[f64]); 7] = [
    (
        "learningRate",
        &[1e-300, 0.5, 1e6],
        &[0.0, -1.0, 1e6 + 1.0, f64::INFINITY],
    ),
    ("momentum", &[0.0, 0.5, 0.999_999], &[1.0, -1e-9, 1.5]),
    ("alpha", &[0.0, 0.99], &[1.0, -0.1]),
    ("beta1", &[0.0, 0.9], &[1.0, -0.1]),
    ("beta2", &[0.0, 0.999], &[1.0, 2.0]),
    ("epsilon", &[1e-300, 1e-8, 1.0], &[0.0, 1.5, -1e-8]),
    ("batchSize", &[0.0, 1.0, 1e6], &[2.5, -1.0, 1e6 + 1.0]),
];

#[test]
fn each_run_setting_takes_its_range_and_refuses_beyond_it_with_the_tables_words() {
    for (field, takes, refuses) in RANGES {
        let setting = SETTINGS.iter().find(|s| s.field == field).expect(field);
        let Kind::Number(range) = setting.kind else {
            panic!("{field} is not a number")
        };
        for in_race in [false, true] {
            for &v in takes {
                assert!(
                    Config::from_value(&config(field, v, in_race)).is_ok(),
                    "{field} = {v}"
                );
            }
            for &v in refuses {
                let error = Config::from_value(&config(field, v, in_race)).unwrap_err();
                let path = if in_race {
                    format!("race[0].{field}")
                } else {
                    field.to_string()
                };
                assert_eq!(error.field, path);
                assert!(
                    error
                        .message
                        .starts_with(&format!("{path} must be {}; got ", range.allowed)),
                    "{}",
                    error.message
                );
            }
        }
    }
}

#[test]
fn the_field_lists_follow_from_the_table() {
    assert_eq!(
        FIELDS,
        [
            "problem",
            "loss",
            "points",
            "dataset",
            "learningRate",
            "optimizer",
            "momentum",
            "alpha",
            "beta1",
            "beta2",
            "epsilon",
            "batchSize",
            "seed",
            "start",
            "race",
            "standardize"
        ]
    );
    // A race's runs set the learning rate, the optimizer, its constants and the batch size.
    assert_eq!(RUN_FIELDS, FIELDS[4..12]);
    // The defaults of the optimizers' constants are the ones a config starts from.
    let defaults = Config::default_for(gradient_descent_lab::maths::model::Problem::Regression);
    let h = defaults.settings.hyper;
    let constants: Vec<(&str, f64)> = SETTINGS
        .iter()
        .filter(|s| s.scope == Scope::Constant)
        .map(|s| match s.kind {
            Kind::Number(range) => (s.field, range.default),
            _ => panic!("{} is not a number", s.field),
        })
        .collect();
    assert_eq!(
        constants,
        [
            ("momentum", h.momentum),
            ("alpha", h.alpha),
            ("beta1", h.beta1),
            ("beta2", h.beta2),
            ("epsilon", h.epsilon)
        ]
    );
    assert_eq!(
        (h.momentum, h.alpha, h.beta1, h.beta2, h.epsilon),
        (0.9, 0.99, 0.9, 0.999, 1e-8)
    );
}

#[test]
fn each_run_setting_is_kept_and_written_back() {
    for (field, takes, _) in RANGES {
        let value = takes[1];
        for in_race in [false, true] {
            let read = Config::from_value(&config(field, value, in_race)).unwrap();
            let written = read.to_value();
            let run = if in_race {
                match written.get("race") {
                    Some(Value::Array(runs)) => runs[0].clone(),
                    other => panic!("{other:?}"),
                }
            } else {
                written
            };
            assert_eq!(run.get(field), Some(&Value::Number(value)), "{field}");
        }
    }
}
