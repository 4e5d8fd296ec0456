//! The data sets a line cannot fit (the wave, the steps and the group in
//! the middle): each lies on its curve as written out here, comes from its
//! seed, takes any size and noise, and really is beyond a line or a single
//! threshold.

mod common;

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::data::points::Point;

const SEEDS: [u64; 5] = [0, 1, 7, 42, 2024];

fn points(name: &str, n: usize, noise: f64, seed: u64) -> Vec<Point> {
    let name = DatasetName::from_name(name).unwrap();
    DatasetSpec { name, n, noise }.generate(seed)
}

/// The mean squared distance from the points to their least-squares line.
fn line_residual(points: &[Point]) -> f64 {
    let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.y).collect();
    let (w, b) = common::normal_equations(&xs, &ys);
    let squares = points.iter().map(|p| (w * p.x + b - p.y).powi(2));
    squares.sum::<f64>() / points.len() as f64
}

#[test]
fn the_new_data_sets_are_named_for_their_problems() {
    for (name, problem) in [
        ("wave", "regression"),
        ("steps", "regression"),
        ("middle", "classification"),
    ] {
        let d = DatasetName::from_name(name).unwrap();
        assert_eq!(d.problem().name(), problem, "{name}");
        assert!(DatasetName::names_for(d.problem()).contains(&name));
    }
}

#[test]
fn the_wave_without_noise_lies_on_two_times_the_sine_of_half_pi_x() {
    for seed in SEEDS {
        let wave = points("wave", 500, 0.0, seed);
        assert_eq!(wave.len(), 500);
        for p in &wave {
            assert!((-3.0..3.0).contains(&p.x), "{p:?}");
            let on_curve = 2.0 * (std::f64::consts::PI * p.x / 2.0).sin();
            assert!((p.y - on_curve).abs() < 1e-12, "{p:?} vs {on_curve}");
        }
        // One and a half waves: both ends of x are reached, and both crests.
        let lowest = wave.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
        let highest = wave.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
        assert!(lowest < -2.9 && highest > 2.9);
        assert!(wave.iter().any(|p| p.y > 1.99) && wave.iter().any(|p| p.y < -1.99));
    }
}

#[test]
fn the_steps_without_noise_are_three_levels_rising_with_x() {
    for seed in SEEDS {
        let mut steps = points("steps", 300, 0.0, seed);
        for p in &steps {
            assert!((0.0..3.0).contains(&p.x), "{p:?}");
            let level = if p.x < 1.0 {
                0.0
            } else if p.x < 2.0 {
                2.0
            } else {
                4.0
            };
            assert_eq!(p.y, level, "{p:?}");
        }
        steps.sort_by(|a, b| a.x.total_cmp(&b.x));
        assert!(steps.windows(2).all(|w| w[0].y <= w[1].y), "rising with x");
        for level in [0.0, 2.0, 4.0] {
            assert!(steps.iter().any(|p| p.y == level), "level {level}");
        }
    }
}

#[test]
fn without_noise_every_label_1_of_the_middle_lies_strictly_between_the_label_0_groups() {
    for seed in SEEDS {
        let middle = points("middle", 300, 0.0, seed);
        assert!(middle.iter().all(|p| p.y == 0.0 || p.y == 1.0));
        assert!(middle.iter().all(|p| (-3.0..3.0).contains(&p.x)));
        let xs = |keep: &dyn Fn(&Point) -> bool| -> Vec<f64> {
            middle.iter().filter(|p| keep(p)).map(|p| p.x).collect()
        };
        let ones = xs(&|p| p.y == 1.0);
        let left = xs(&|p| p.y == 0.0 && p.x < 0.0);
        let right = xs(&|p| p.y == 0.0 && p.x > 0.0);
        assert!(!ones.is_empty() && !left.is_empty() && !right.is_empty());
        let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(max(&left) < min(&ones) && max(&ones) < min(&right));
        // Every third point, from the second, is label 1, in [−1, 1); the
        // others fall in [−3, −1] and [1, 3).
        for (i, p) in middle.iter().enumerate() {
            assert_eq!(p.y, f64::from(i % 3 == 1), "point {i}");
        }
        assert!(ones.iter().all(|x| (-1.0..1.0).contains(x)));
        assert_eq!((ones.len(), left.len(), right.len()), (100, 100, 100));
        assert!(left.iter().chain(&right).all(|x| x.abs() >= 1.0));
    }
}

#[test]
fn the_same_seed_gives_the_same_points_and_another_seed_other_points() {
    for name in ["wave", "steps", "middle"] {
        for noise in [0.0, 0.3, 1.0] {
            let a = points(name, 40, noise, 7);
            assert_eq!(a, points(name, 40, noise, 7), "{name} {noise}");
            assert_ne!(a, points(name, 40, noise, 8), "{name} {noise}");
        }
    }
}

#[test]
fn any_size_and_noise_up_to_the_largest_gives_finite_points() {
    for name in ["wave", "steps", "middle"] {
        for n in [0, 1, 2, 3, 1000] {
            for noise in [0.0, 0.05, 2.0, DatasetSpec::MAX_NOISE] {
                let points = points(name, n, noise, 42);
                assert_eq!(points.len(), n, "{name} n={n} noise={noise}");
                assert!(
                    points.iter().all(|p| p.x.is_finite() && p.y.is_finite()),
                    "{name} n={n} noise={noise}"
                );
                if name == "middle" {
                    assert!(points.iter().all(|p| p.y == 0.0 || p.y == 1.0));
                }
            }
        }
    }
    // Noise moves the points: at the largest, far off the curve.
    let noisy = points("wave", 200, DatasetSpec::MAX_NOISE, 42);
    assert!(noisy.iter().any(|p| p.y.abs() > 10.0));
}

#[test]
fn a_least_squares_line_leaves_the_wave_and_the_steps_far_from_fitted() {
    let noise: f64 = 0.2;
    for seed in SEEDS {
        // The measure works: on the noisy line, what is left is the noise.
        let line = line_residual(&points("line", 1000, noise, seed));
        assert!(line < 1.5 * noise.powi(2), "line: {line}");
        // On the wave and the steps, many times the noise is left.
        for name in ["wave", "steps"] {
            let left = line_residual(&points(name, 1000, noise, seed));
            assert!(left > 5.0 * noise.powi(2), "{name} seed {seed}: {left}");
        }
        // The wave's best line explains almost none of it (its variance is 2).
        let wave = line_residual(&points("wave", 1000, 0.0, seed));
        assert!(wave > 1.7, "seed {seed}: {wave}");
    }
}

/// The share of points the best single threshold on x classifies right
/// (label 1 above it, or label 1 below it): the most a one-input neuron,
/// `σ(w·x + b)`, can get.
fn best_threshold_accuracy(points: &[Point]) -> f64 {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
    let ones = sorted.iter().filter(|p| p.y == 1.0).count();
    // Threshold before point k: 1 above it is right for the 0s below and
    // the 1s above (ties in x do not occur in generated data).
    let mut best = 0;
    let (mut zeros_below, mut ones_below) = (0, 0);
    for k in 0..=sorted.len() {
        let above = zeros_below + (ones - ones_below);
        let below = sorted.len() - above;
        best = best.max(above).max(below);
        if k < sorted.len() {
            if sorted[k].y == 1.0 {
                ones_below += 1;
            } else {
                zeros_below += 1;
            }
        }
    }
    best as f64 / points.len() as f64
}

#[test]
fn no_threshold_on_x_classifies_more_than_three_quarters_of_the_middle() {
    for seed in SEEDS {
        for noise in [0.0, 0.5, 1.0, 2.0] {
            let middle = points("middle", 1000, noise, seed);
            let best = best_threshold_accuracy(&middle);
            assert!(best <= 0.75, "seed {seed} noise {noise}: {best}");
        }
        // The measure works: a threshold splits the separable groups.
        assert_eq!(
            best_threshold_accuracy(&points("separable", 300, 0.5, seed)),
            1.0
        );
        // And the middle is not noise: the band [−1, 1) classifies it all.
        let middle = points("middle", 300, 0.0, seed);
        assert!(
            middle
                .iter()
                .all(|p| p.y == f64::from((-1.0..1.0).contains(&p.x)))
        );
    }
}
