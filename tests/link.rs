//! Links: a setup written to a URL query reads back to the same setup, and a
//! mangled query never fails: each bad parameter is named and takes its default.

use gradient_descent_lab::config::Config;
use gradient_descent_lab::lab::{Lab, StartOrigin};
use gradient_descent_lab::link::{ViewSettings, read_query, write_query};
use gradient_descent_lab::value::Value;

fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn configs() -> Vec<Value> {
    vec![
        Value::Null,
        Value::object([
            ("seed", num(7.0)),
            ("learningRate", num(0.0316)),
            (
                "start",
                Value::object([("w", num(-1.25)), ("b", num(2.0 / 3.0))]),
            ),
        ]),
        Value::object([
            ("problem", s("classification")),
            ("loss", s("mse")),
            (
                "dataset",
                Value::object([
                    ("name", s("mislabelled")),
                    ("n", num(57.0)),
                    ("noise", num(0.35)),
                ]),
            ),
            ("optimizer", s("adam")),
            ("beta1", num(0.8)),
            ("epsilon", num(1e-6)),
            ("batchSize", num(4.0)),
        ]),
        Value::object([(
            "points",
            Value::Array(vec![
                Value::object([("x", num(0.1)), ("y", num(-3.5e-7))]),
                Value::object([("x", num(1e9)), ("y", num(2.0))]),
                Value::object([("x", num(-0.30000000000000004)), ("y", num(1.0 / 3.0))]),
            ]),
        )]),
        Value::object([
            ("optimizer", s("momentum")),
            ("momentum", num(0.5)),
            (
                "race",
                Value::Array(vec![
                    Value::object([("optimizer", s("nesterov")), ("learningRate", num(0.05))]),
                    Value::object([
                        ("optimizer", s("rmsprop")),
                        ("learningRate", num(0.01)),
                        ("batchSize", num(2.0)),
                    ]),
                ]),
            ),
        ]),
    ]
}

#[test]
fn every_setup_reads_back_from_its_link_exactly() {
    let view = ViewSettings {
        embed: true,
        panels: Some(vec!["fit".into(), "landscape".into()]),
        controls: Some(vec!["run".into(), "rate".into()]),
        speed: 150.0,
        log_scale: true,
        residuals: true,
        zoom: -2,
        point: 4,
        play: true,
    };
    for value in configs() {
        let mut lab = Lab::from_value(&value).unwrap();
        lab.step(37);
        let query = write_query(&lab.config(), 37, &view);
        let link = read_query(&format!("?{query}"));
        assert_eq!(link.notices, Vec::<String>::new(), "{query}");
        assert_eq!(
            Config::from_value(&link.config).unwrap(),
            lab.config(),
            "{query}"
        );
        assert_eq!((link.steps, &link.view), (37, &view));
        // Opening the link and taking its steps gives the very same state.
        // (Its start is now one the link gave, which step 1 says.)
        let mut again = Lab::from_value(&link.config).unwrap();
        again.step(link.steps);
        assert_eq!(again.start_origin(), StartOrigin::Given);
        assert_eq!(again.state(), lab.state(), "{query}");
        lab.step(5);
        again.step(5);
        assert_eq!(again.state(), lab.state(), "and the same next steps");
    }
}

#[test]
fn defaults_stay_out_of_the_link() {
    let lab = Lab::from_value(&Value::Null).unwrap();
    let query = write_query(&lab.config(), 0, &ViewSettings::default());
    for absent in [
        "momentum=",
        "alpha=",
        "eps=",
        "step=",
        "speed=",
        "embed=",
        "zoom=",
        "panels=",
    ] {
        assert!(!query.contains(absent), "{query}");
    }
    for present in [
        "problem=regression",
        "lr=0.1",
        "opt=gd",
        "seed=42",
        "start=",
        "data=line",
        "n=30",
    ] {
        assert!(query.contains(present), "{query}");
    }
}

/// Each bad parameter is named in a notice and takes its default; the rest of the link stands.
#[test]
fn a_mangled_link_keeps_what_it_can_and_names_the_rest() {
    let cases: [(&str, &str); 16] = [
        ("lr=abc", "lr"),
        ("lr=-1", "lr"),
        ("lr=NaN", "lr"),
        ("opt=sgd", "opt"),
        ("n=-5", "n"),
        ("n=2.5", "n"),
        ("start=1", "start"),
        ("start=1,x", "start"),
        ("points=1,2;x,3", "points"),
        ("foo=1", "foo"),
        ("%zz=1", "could not be read"),
        ("speed=99999", "speed"),
        ("panels=fit,chart", "panels"),
        ("data=groups", "data"),
        ("race=adam:fast", "race"),
        ("step=-3", "step"),
    ];
    for (bad, named) in cases {
        let query = format!("seed=9&{bad}&batch=2");
        let link = read_query(&query);
        assert_eq!(link.notices.len(), 1, "{query}: {:?}", link.notices);
        assert!(
            link.notices[0].contains(named),
            "{query}: {:?}",
            link.notices
        );
        let config = Config::from_value(&link.config).unwrap();
        assert_eq!(
            (config.seed, config.settings.batch_size),
            (9, 2),
            "the rest of {query} stands"
        );
    }
}

#[test]
fn nothing_in_a_link_breaks_the_reader() {
    for query in [
        "",
        "?",
        "&&&",
        "=",
        "==&=",
        "%",
        "%%",
        "%E2%82",
        "lr",
        "lr=",
        "start=,",
        "points=;;;",
        "points=1,2,3",
        "race=,,,",
        "race=a:b:c:d",
        "problem=classification&points=0,0.5",
        "problem=regression&loss=cross-entropy",
        "n=1e400",
        "seed=9007199254740993",
        "panels=",
        "controls=,,",
        "point=0",
        "zoom=9",
        "embed=maybe",
        "opt=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ] {
        let link = read_query(query);
        assert!(Config::from_value(&link.config).is_ok(), "{query}");
    }
    // The text of a bad value is kept as text in the notice (the page shows it as text).
    let link = read_query("opt=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
    assert!(
        link.notices[0].contains("<img src=x onerror=alert(1)>"),
        "{:?}",
        link.notices
    );
}

#[test]
fn points_win_over_a_generated_data_set() {
    let link = read_query("points=0,1;1,3&data=line&n=40");
    assert_eq!(link.notices.len(), 1);
    assert!(link.notices[0].starts_with("data, n, noise"));
    let lab = Lab::from_value(&link.config).unwrap();
    assert_eq!(lab.data().len(), 2);
}
