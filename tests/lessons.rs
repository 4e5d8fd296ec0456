//! The learning-rate lessons show what their names say, on every built-in
//! data set and several seeds. Each lesson's rate is run again here, in a
//! lab of its own, and measured with the measures: the share of the
//! way from the start's loss down to the optimum's, the steps until within
//! 1 % of it, and the crossings of the valley's floor along its steepest
//! direction (from a Hessian found here by finite differences).

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::io::config::{Config, DataSource};
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::lab::lessons::{Lesson, Lessons, RATE_BOX};
use gradient_descent_lab::maths::model::LossKind;
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::training::trainer::Settings;

const SEEDS: [u64; 7] = [1, 2, 3, 5, 8, 13, 42];

/// Every built-in data set with its default size and noise, raw and (for
/// regression) with x standardised, under each loss its problem allows.
fn setups() -> Vec<(String, Config)> {
    let mut setups = vec![];
    for name in DatasetName::ALL {
        let problem = name.problem();
        let losses = match problem {
            Problem::Regression => vec![LossKind::Mse],
            Problem::Classification => vec![LossKind::CrossEntropy, LossKind::Mse],
        };
        let standardize = match problem {
            Problem::Regression => vec![false, true],
            Problem::Classification => vec![false],
        };
        for loss in losses {
            for &standardize in &standardize {
                for seed in SEEDS {
                    let mut config = Config::default_for(problem);
                    config.data = DataSource::Generated(DatasetSpec {
                        name,
                        ..DatasetSpec::default_for(problem)
                    });
                    (config.loss, config.seed, config.standardize) = (loss, seed, standardize);
                    let label = format!(
                        "{} {} std={standardize} seed={seed}",
                        name.name(),
                        loss.name()
                    );
                    setups.push((label, config));
                }
            }
        }
    }
    setups
}

/// What a run at `rate` from the lab's start did, measured step by step.
struct Measured {
    /// Share of the way from the start's loss to the optimum's after 100 steps.
    share_after_100: f64,
    /// First step within 1 % of the way.
    steps_to_near: Option<u64>,
    /// Within 1 % of the way after `settle` steps.
    settled: bool,
    crossings_in_30: u32,
    diverged: bool,
}

fn measure(config: &Config, lab: &Lab, rate: f64) -> Measured {
    let start = lab.trainer().start();
    let mut run = Lab::new(Config {
        settings: Settings {
            learning_rate: rate,
            ..Settings::default()
        },
        start: Some((start.w(), start.b())),
        race: vec![],
        ..config.clone()
    });
    let best = lab.optimum().map_or(0.0, |o| o.loss);
    let way = start.loss - best;
    let direction = lab
        .optimum()
        .map(|o| (o, steepest_direction(lab, (o.w, o.b))));
    let across = |run: &Lab| {
        direction
            .map(|(o, (vw, vb))| (run.trainer().w() - o.w) * vw + (run.trainer().b() - o.b) * vb)
    };
    let mut measured = Measured {
        share_after_100: 0.0,
        steps_to_near: None,
        settled: false,
        crossings_in_30: 0,
        diverged: false,
    };
    let mut side = across(&run);
    for step in 0..=5000u64 {
        let gap = (run.loss() - best) / way;
        if measured.steps_to_near.is_none() && gap <= 0.01 {
            measured.steps_to_near = Some(step);
        }
        if step == 100 {
            measured.share_after_100 = 1.0 - gap;
        }
        if (1..=30).contains(&step) {
            let now = across(&run);
            if let (Some(a), Some(b)) = (side, now) {
                measured.crossings_in_30 += u32::from(a * b < 0.0);
            }
            side = now;
        }
        if let Some(t) = measured.steps_to_near
            && step >= (2 * t).max(100)
        {
            measured.settled = gap <= 0.01;
            break;
        }
        run.step(1);
        if run.trainer().diverged() {
            measured.diverged = true;
            break;
        }
    }
    measured
}

/// The unit eigenvector of the largest eigenvalue of the loss's Hessian at
/// `(w, b)`, with the Hessian from central differences of the loss.
fn steepest_direction(lab: &Lab, (w, b): (f64, f64)) -> (f64, f64) {
    let model = lab.trainer().model;
    let data = lab.data();
    let loss = |w: f64, b: f64| model.loss(&data.xs, &data.ys, w, b);
    let (hw, hb) = (1e-4 * w.abs().max(1e-2), 1e-4 * b.abs().max(1e-2));
    let hww = (loss(w + hw, b) - 2.0 * loss(w, b) + loss(w - hw, b)) / (hw * hw);
    let hbb = (loss(w, b + hb) - 2.0 * loss(w, b) + loss(w, b - hb)) / (hb * hb);
    let hwb = (loss(w + hw, b + hb) - loss(w + hw, b - hb) - loss(w - hw, b + hb)
        + loss(w - hw, b - hb))
        / (4.0 * hw * hb);
    // Power iteration on the 2×2 Hessian shifted to be positive.
    let shift = hww.abs() + hbb.abs() + 2.0 * hwb.abs();
    let (mut vw, mut vb) = (1.0, 0.3);
    for _ in 0..500 {
        let (nw, nb) = ((hww + shift) * vw + hwb * vb, hwb * vw + (hbb + shift) * vb);
        let length = nw.hypot(nb);
        (vw, vb) = (nw / length, nb / length);
    }
    (vw, vb)
}

fn all_lessons(lessons: &Lessons) -> [(&'static str, Lesson); 4] {
    [
        ("small", lessons.small),
        ("good", lessons.good),
        ("large", lessons.large),
        ("huge", lessons.huge),
    ]
}

#[test]
fn every_lesson_that_holds_shows_what_its_name_says() {
    for (label, config) in setups() {
        let lab = Lab::new(config.clone());
        let lessons = Lessons::of(&lab);
        let runs = all_lessons(&lessons)
            .map(|(name, l)| (name, l, measure(&config, &lab, l.learning_rate)));
        let good_steps = runs[1].2.steps_to_near;
        for (name, lesson, measured) in &runs {
            let rate = lesson.learning_rate;
            assert!(
                (RATE_BOX.0..=RATE_BOX.1).contains(&rate),
                "{label}: {name} at {rate} is outside the rate box"
            );
            // The facts the page writes are those of the run.
            assert_eq!(
                lesson.diverged_at.is_some(),
                measured.diverged,
                "{label}: {name} diverges"
            );
            if !lesson.holds {
                continue;
            }
            let what = format!("{label}: {name} at η = {rate}");
            match *name {
                "small" => assert!(
                    measured.share_after_100 < 0.5,
                    "{what} came {} of the way",
                    measured.share_after_100
                ),
                "good" => {
                    assert!(measured.settled, "{what} does not settle");
                    for (other, l, m) in &runs {
                        if *other != "good" && l.holds {
                            let later = m.steps_to_near.is_none_or(|s| s > good_steps.unwrap());
                            assert!(later, "{what}: {other} gets within 1 % no later");
                        }
                    }
                }
                "large" => {
                    assert!(measured.settled, "{what} does not converge");
                    assert!(
                        measured.crossings_in_30 >= 5,
                        "{what} crosses {} times",
                        measured.crossings_in_30
                    );
                }
                _ => assert!(measured.diverged, "{what} does not blow up"),
            }
            if matches!(*name, "good" | "large") {
                assert_eq!(
                    lesson.steps_to_near, measured.steps_to_near,
                    "{what}: steps to 1 %"
                );
            }
        }
    }
}

#[test]
fn the_lessons_hold_wherever_the_rate_box_allows_them() {
    let (mut large_holds, mut middle_mse_good) = (vec![], vec![]);
    for (label, config) in setups() {
        let lab = Lab::new(config.clone());
        let lessons = Lessons::of(&lab);
        let holds = all_lessons(&lessons).map(|(_, l)| l.holds);
        let name = match &config.data {
            DataSource::Generated(spec) => spec.name,
            DataSource::Points(_) => unreachable!(),
        };
        match (name, config.standardize, config.loss) {
            // Plain regression data, curved or not: all four.
            (
                DatasetName::Line | DatasetName::Outliers | DatasetName::Wave | DatasetName::Steps,
                _,
                _,
            )
            | (DatasetName::Houses, true, _) => {
                assert_eq!(holds, [true; 4], "{label}");
            }
            // House prices on raw x: every stable rate is below the box's
            // smallest, so only "Far too large" can be shown.
            (DatasetName::Houses, false, _) => {
                assert_eq!(holds, [false, false, false, true], "{label}");
                assert!(lab.stable_learning_rate().unwrap() < RATE_BOX.0, "{label}");
            }
            // The group in the middle under MSE: from a start that saturates
            // the sigmoid on points of the wrong label, the MSE's slope all
            // but vanishes (cross-entropy's does not), and on some seeds no
            // rate in the box gets near the floor: Good may not hold.
            (DatasetName::Middle, _, LossKind::Mse) => {
                assert!(!holds[3], "{label}: a classification run blew up");
                middle_mse_good.push(holds[1]);
            }
            // Classification: the slope of either loss is bounded, so no rate
            // blows up; Too small and Good always hold.
            _ => {
                assert!(holds[0] && holds[1], "{label}: {holds:?}");
                assert!(!holds[3], "{label}: a classification run blew up");
                assert!(lessons.huge.diverged_at.is_none(), "{label}");
            }
        }
        if config.loss == LossKind::CrossEntropy && name != DatasetName::Separable {
            large_holds.push(holds[2]);
        }
    }
    // Too large needs a rate past 1/curvature in the box: on overlapping
    // groups under cross-entropy, most seeds have one.
    let held = large_holds.iter().filter(|&&h| h).count();
    println!(
        "Too large holds in {held} of {} cross-entropy setups",
        large_holds.len()
    );
    assert!(2 * held > large_holds.len());
    // Good holds on the middle under MSE from most starts.
    let good = middle_mse_good.iter().filter(|&&h| h).count();
    println!(
        "Good holds in {good} of {} middle MSE setups",
        middle_mse_good.len()
    );
    assert!(2 * good > middle_mse_good.len());
}

#[test]
fn the_lessons_start_where_the_run_starts() {
    let mut lab = Lab::new(Config::default_for(Problem::Regression));
    let before = Lessons::of(&lab);
    lab.step(20);
    assert_eq!(Lessons::of(&lab), before, "steps taken change nothing");
    lab.reset(Some((-2.0, 2.5)));
    assert_ne!(Lessons::of(&lab), before, "a new start, new runs");
}

#[test]
fn every_lesson_has_a_rate_in_the_box_whatever_the_points() {
    use gradient_descent_lab::data::points::Point;
    for points in [
        vec![Point { x: 1.0, y: 2.0 }],
        vec![Point { x: 0.0, y: 0.0 }; 3],
        vec![Point { x: 1e9, y: -1e9 }, Point { x: -1e9, y: 1e9 }],
    ] {
        let config = Config {
            data: DataSource::Points(points),
            ..Config::default_for(Problem::Regression)
        };
        let lessons = Lessons::of(&Lab::new(config));
        for (name, lesson) in all_lessons(&lessons) {
            let rate = lesson.learning_rate;
            assert!((RATE_BOX.0..=RATE_BOX.1).contains(&rate), "{name}: {rate}");
        }
    }
}
