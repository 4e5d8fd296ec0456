//! Where step 1's start came from (the seed, a Reset, given, a data edit),
//! as `state().startFrom` says it, and a race that ends keeps its steps.

use gradient_descent_lab::data::points::Point;
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::{Lab, StartOrigin};

fn patch(fields: &[(&str, Value)]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn num(v: f64) -> Value {
    Value::Number(v)
}

fn start(lab: &Lab) -> (f64, f64) {
    let s = lab.trainer().start();
    (s.w(), s.b())
}

#[test]
fn the_start_says_whether_the_seed_a_reset_a_click_or_an_edit_chose_it() {
    let mut lab = Lab::from_value(&Value::Null).unwrap();
    assert_eq!(lab.start_origin(), StartOrigin::Seed(42));

    lab.reset(None);
    assert_eq!(lab.start_origin(), StartOrigin::Reset { seed: 42, draw: 1 });
    lab.reset(None);
    assert_eq!(lab.start_origin(), StartOrigin::Reset { seed: 42, draw: 2 });
    // The same draws again from a new lab of the same seed.
    let mut again = Lab::from_value(&Value::Null).unwrap();
    again.reset(None);
    again.reset(None);
    assert_eq!(start(&again), start(&lab));

    // Starting again where the run started keeps what it came from.
    lab.step(5);
    lab.reset(Some(start(&lab)));
    assert_eq!(lab.start_origin(), StartOrigin::Reset { seed: 42, draw: 2 });
    // A start given elsewhere (a click on the landscape) is given.
    lab.reset(Some((1.5, -0.5)));
    assert_eq!(lab.start_origin(), StartOrigin::Given);

    // A new rate or new data keep the start and what it came from.
    lab.set(&patch(&[("learningRate", num(0.2))])).unwrap();
    lab.set(&patch(&[("seed", num(7.0))])).unwrap();
    assert_eq!(
        (start(&lab), lab.start_origin()),
        ((1.5, -0.5), StartOrigin::Given)
    );

    // New data with no start: drawn from the new seed.
    lab.set(&patch(&[("seed", num(9.0)), ("start", Value::Null)]))
        .unwrap();
    assert_eq!(lab.start_origin(), StartOrigin::Seed(9));
    // A new problem draws its own start.
    lab.set(&patch(&[(
        "problem",
        Value::String("classification".into()),
    )]))
    .unwrap();
    assert_eq!(lab.start_origin(), StartOrigin::Seed(9));

    // An edit of the points starts from where the line was.
    lab.step(3);
    let here = (lab.trainer().w(), lab.trainer().b());
    lab.add_point(Point { x: 0.5, y: 1.0 }).unwrap();
    assert_eq!(
        (start(&lab), lab.start_origin()),
        (here, StartOrigin::DataEdit)
    );

    // A config's own start is given.
    let given = Lab::from_value(&patch(&[(
        "start",
        patch(&[("w", num(1.0)), ("b", num(2.0))]),
    )]))
    .unwrap();
    assert_eq!(given.start_origin(), StartOrigin::Given);
}

#[test]
fn ending_a_race_keeps_the_steps_taken_and_the_run_goes_on_as_before() {
    let race = Value::Array(vec![
        patch(&[("optimizer", Value::String("adam".into()))]),
        patch(&[("learningRate", num(0.01))]),
    ]);
    let mut racing = Lab::from_value(&patch(&[("race", race)])).unwrap();
    racing.step(12);
    let before = racing.state();
    racing.set(&patch(&[("race", Value::Null)])).unwrap();
    let after = racing.state();
    assert_eq!((after.step, after.w, after.b), (12, before.w, before.b));
    assert_eq!(racing.runs().len(), 1);
    assert!(racing.config().race.is_empty());

    // The lab's own run is the one a lab without a race would have made.
    let mut alone = Lab::from_value(&Value::Null).unwrap();
    alone.step(12);
    racing.step(8);
    alone.step(8);
    assert_eq!(racing.state(), alone.state());

    // Starting a race starts every run from the same start at step 0.
    let two = Value::Array(vec![patch(&[("learningRate", num(0.3))])]);
    racing.set(&patch(&[("race", two)])).unwrap();
    assert_eq!(racing.state().step, 0);
    assert_eq!(racing.runs().len(), 2);
}

#[test]
fn a_start_may_be_anywhere_a_run_can_be_so_an_edit_far_out_can_be_started_again() {
    // Prices in the hundreds of millions: the line's bias goes there in one step.
    let points = Value::Array(vec![
        patch(&[("x", num(0.0)), ("y", num(5e8))]),
        patch(&[("x", num(1.0)), ("y", num(5e8 + 2.0))]),
    ]);
    let zero = patch(&[("w", num(0.0)), ("b", num(0.0))]);
    let mut lab = Lab::from_value(&patch(&[
        ("points", points),
        ("learningRate", num(0.5)),
        ("start", zero),
    ]))
    .unwrap();
    lab.step(3);
    let here = (lab.trainer().w(), lab.trainer().b());
    assert!(!lab.state().diverged && here.1 > 1e8, "{here:?}");

    // An edit starts from the line; that start rebuilds the run (a link, a
    // saved run: the config), and the lessons and races start there again.
    lab.add_point(Point {
        x: 2.0,
        y: 5e8 + 4.0,
    })
    .unwrap();
    assert_eq!(start(&lab), here);
    let again = Lab::from_value(&lab.config_value()).expect("its own config is a config");
    assert_eq!(start(&again), here);
    lab.step(2);
    lab.reset(Some(here));
    assert_eq!((lab.state().step, start(&lab)), (0, here));

    // As far as a run goes before it counts as diverged, and no farther.
    let at = |w: f64| {
        Lab::from_value(&patch(&[(
            "start",
            patch(&[("w", num(w)), ("b", num(0.0))]),
        )]))
    };
    assert!(at(1e15).is_ok() && at(-1e15).is_ok());
    let Err(refused) = at(1.5e15) else {
        panic!("a start beyond ±1e15 is refused")
    };
    assert_eq!(refused.field, "start.w");
    assert!(
        refused.message.contains("from -1e15 to 1e15"),
        "{}",
        refused.message
    );
}
