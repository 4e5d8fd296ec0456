//! The generated data sets: each one's name, the problem it is for, and
//! its points, the same for the same seed on every platform.

use super::points::Point;
use super::rng::{Rng, STREAM_DATA};
use crate::maths::model::Problem;

/// Declares the data sets from one list: each entry's variant (with its
/// docs), its name in configs and links, its problem and the menu's words
/// for it. Adding a data set is one entry here and its arm in
/// [`DatasetSpec::generate`] (the compiler asks for it).
macro_rules! datasets {
    ($($(#[$doc:meta])* $variant:ident => $name:literal, $problem:ident, $label:literal;)+) => {
        /// The generated data sets, each made for one problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum DatasetName {
            $($(#[$doc])* $variant,)+
        }

        impl DatasetName {
            pub const ALL: [DatasetName; [$($name),+].len()] = [$(DatasetName::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $(DatasetName::$variant => $name,)+
                }
            }

            pub fn problem(self) -> Problem {
                match self {
                    $(DatasetName::$variant => Problem::$problem,)+
                }
            }

            /// The page's words for it, in the data-set menu.
            pub fn label(self) -> &'static str {
                match self {
                    $(DatasetName::$variant => $label,)+
                }
            }
        }
    };
}

datasets! {
    /// Regression: `y = 2·x + 0.5 + noise·ε`, x uniform in [0, 2].
    Line => "line", Regression, "A noisy line";
    /// Regression: the line with a few points pulled far off it.
    Outliers => "outliers", Regression, "A line with outliers";
    /// Regression at a real-world scale: house sizes (50 to 250 m²) and
    /// prices (about 3,000 per m² plus 50,000, noise in tens of thousands).
    /// Plain gradient descent crawls on it unless x is standardised.
    Houses => "houses", Regression, "House sizes and prices (large x)";
    /// Regression: one and a half waves, `y = 2·sin(π·x/2) + noise·ε`, x
    /// uniform in [−3, 3]. A line cannot fit it.
    Wave => "wave", Regression, "A wave (a line cannot fit it)";
    /// Regression: three steps, `y = 2·⌊x⌋ + noise·ε` (levels 0, 2 and 4),
    /// x uniform in [0, 3].
    Steps => "steps", Regression, "Three steps";
    /// Classification: two overlapping groups (label 0 around x = −0.7, label 1 around x = 0.7).
    Groups => "groups", Classification, "Two overlapping groups";
    /// Classification: two groups with a gap between them.
    Separable => "separable", Classification, "Two separable groups";
    /// Classification: separable groups with a few labels flipped.
    Mislabelled => "mislabelled", Classification, "Groups with a few wrong labels";
    /// Classification: points in turn uniform in [−3, −1) (label 0),
    /// [−1, 1) (label 1) and [1, 3) (label 0), each x then moved by
    /// `noise/2·ε`. No threshold on x splits the labels.
    Middle => "middle", Classification, "A group between two others";
}

impl DatasetName {
    pub fn from_name(name: &str) -> Option<DatasetName> {
        DatasetName::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The names of the data sets made for `problem`.
    pub fn names_for(problem: Problem) -> Vec<&'static str> {
        DatasetName::ALL
            .into_iter()
            .filter(|d| d.problem() == problem)
            .map(DatasetName::name)
            .collect()
    }

    /// The data set a problem starts with.
    pub fn default_for(problem: Problem) -> DatasetName {
        match problem {
            Problem::Regression => DatasetName::Line,
            Problem::Classification => DatasetName::Groups,
        }
    }
}

/// A generated data set: its name, number of points and noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DatasetSpec {
    pub name: DatasetName,
    pub n: usize,
    /// The spread of the noise: the standard deviation of `ε` on the line, or
    /// of each group around its centre.
    pub noise: f64,
}

impl DatasetSpec {
    pub const MAX_POINTS: usize = 1_000_000;
    pub const MAX_NOISE: f64 = 100.0;

    pub fn default_for(problem: Problem) -> DatasetSpec {
        DatasetSpec {
            name: DatasetName::default_for(problem),
            n: 30,
            noise: match problem {
                Problem::Regression => 0.3,
                Problem::Classification => 1.0,
            },
        }
    }

    /// The points, the same for the same seed on every platform.
    pub fn generate(&self, seed: u64) -> Vec<Point> {
        let mut rng = Rng::new(seed, STREAM_DATA);
        let (n, noise) = (self.n, self.noise);
        match self.name {
            DatasetName::Line => curve(&mut rng, n, (0.0, 2.0), line, noise),
            DatasetName::Outliers => {
                let mut points = curve(&mut rng, n, (0.0, 2.0), line, noise);
                // About one point in twelve (at least one) is pushed 3 to 5 units off.
                let outliers = n.div_ceil(12);
                for i in 0..outliers {
                    let index = rng.below(n);
                    let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
                    points[index].y += sign * rng.range(3.0, 5.0);
                }
                points
            }
            DatasetName::Houses => curve(&mut rng, n, (50.0, 250.0), price, 40_000.0 * noise),
            DatasetName::Groups => groups(&mut rng, n, 0.7, noise),
            DatasetName::Separable => {
                // Each group stays on its own side of a gap around x = 0.
                (0..n)
                    .map(|i| {
                        let label = (i % 2) as f64;
                        let side = if label == 1.0 { 1.0 } else { -1.0 };
                        let offset = 0.3 + (1.0 + noise) * rng.uniform() * 1.5;
                        Point {
                            x: side * offset,
                            y: label,
                        }
                    })
                    .collect()
            }
            DatasetName::Mislabelled => {
                let mut points = groups(&mut rng, n, 1.5, noise.min(0.5));
                // One label in ten (at least one) is flipped.
                for i in (0..n).step_by(10) {
                    points[i].y = 1.0 - points[i].y;
                }
                points
            }
            DatasetName::Wave => curve(&mut rng, n, (-3.0, 3.0), wave, noise),
            DatasetName::Steps => curve(&mut rng, n, (0.0, 3.0), steps, noise),
            DatasetName::Middle => {
                // x uniform in [−1, 1) and moved by noise/2·ε (`curve` leaves
                // it in y), then a third each to the left, the middle (label
                // 1) and the right, in turn.
                let mut points = curve(&mut rng, n, (-1.0, 1.0), |x| x, noise / 2.0);
                for (i, p) in points.iter_mut().enumerate() {
                    let side = (i % 3) as f64 - 1.0;
                    *p = Point {
                        x: p.y + 2.0 * side,
                        y: f64::from(side == 0.0),
                    };
                }
                points
            }
        }
    }
}

fn line(x: f64) -> f64 {
    2.0 * x + 0.5
}

fn price(size: f64) -> f64 {
    3000.0 * size + 50_000.0
}

fn wave(x: f64) -> f64 {
    2.0 * sin_half_pi(x)
}

fn steps(x: f64) -> f64 {
    2.0 * x.floor()
}

/// `sin(π·x/2)` for x in [−3, 3] from exact arithmetic only, so that it is
/// the same bits on every platform (`f64::sin` is not): x folded into [−1, 1]
/// (`2 − x` above 1, `−2 − x` below −1, both exact), then the Taylor series,
/// accurate to about 1e-16.
fn sin_half_pi(x: f64) -> f64 {
    let u = (2.0 * x.clamp(-1.0, 1.0) - x) * std::f64::consts::FRAC_PI_2;
    let (mut term, mut sum) = (u, u);
    for k in 1..11 {
        term *= -u * u / (2 * k * (2 * k + 1)) as f64;
        sum += term;
    }
    sum
}

/// `n` points with x uniform in `[low, high)` and `y = curve(x) + noise·ε`.
fn curve(
    rng: &mut Rng,
    n: usize,
    (low, high): (f64, f64),
    curve: fn(f64) -> f64,
    noise: f64,
) -> Vec<Point> {
    (0..n)
        .map(|_| {
            let x = rng.range(low, high);
            Point {
                x,
                y: curve(x) + noise * rng.normal(),
            }
        })
        .collect()
}

/// Alternating labels 0 and 1, centred at `∓centre`, spread `spread`.
fn groups(rng: &mut Rng, n: usize, centre: f64, spread: f64) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let label = (i % 2) as f64;
            let mean = if label == 1.0 { centre } else { -centre };
            Point {
                x: mean + spread * rng.normal(),
                y: label,
            }
        })
        .collect()
}
