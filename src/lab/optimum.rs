//! The best `(w, b)`, found directly, so the page can show how far the run
//! still is from it.

use crate::data::points::Data;
use crate::maths::model::Model;
use crate::maths::model::Problem;

/// The least-squares line: the `(w, b)` that minimise the mean squared error
/// of `ŷ = w·x + b`, in closed form `w = cov(x, y) / var(x)`, `b = ȳ − w·x̄`
/// (centred sums, for accuracy). When every x is equal any line through the
/// mean fits equally well; this returns the flat one, `w = 0`.
pub fn least_squares(data: &Data) -> Option<(f64, f64)> {
    let n = data.len() as f64;
    if data.is_empty() {
        return None;
    }
    let mean_x = data.xs.iter().sum::<f64>() / n;
    let mean_y = data.ys.iter().sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (&x, &y) in data.xs.iter().zip(&data.ys) {
        sxx += (x - mean_x) * (x - mean_x);
        sxy += (x - mean_x) * (y - mean_y);
    }
    let w = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let b = mean_y - w * mean_x;
    (w.is_finite() && b.is_finite()).then_some((w, b))
}

/// True when a threshold on x splits the labels perfectly (or only one label
/// is present): then no finite `(w, b)` is best, because a steeper sigmoid
/// always fits a little better.
pub fn separable(data: &Data) -> bool {
    let range = |label: f64| {
        data.points()
            .filter(|p| p.y == label)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.x), hi.max(p.x))
            })
    };
    let (zero, one) = (range(0.0), range(1.0));
    let one_class = zero.0 > zero.1 || one.0 > one.1;
    one_class || zero.1 < one.0 || one.1 < zero.0
}

/// The classification optimum: the maximum-likelihood `(w, b)` for
/// cross-entropy, or the least-MSE one for MSE on the sigmoid; `None` when the
/// data are separable (the optimum is at infinity).
pub fn classification(model: &Model, data: &Data) -> Option<(f64, f64)> {
    if model.problem != Problem::Classification || data.is_empty() || separable(data) {
        return None;
    }
    // Cross-entropy is convex: Newton from (0, 0) finds its minimum. MSE on
    // the sigmoid is not; starting from the cross-entropy optimum, the
    // nearby minimum is the one a learner sees.
    let cross_entropy = Model::new(
        Problem::Classification,
        crate::maths::model::LossKind::CrossEntropy,
    );
    let start = newton(&cross_entropy, data, (0.0, 0.0))?;
    if model.loss == crate::maths::model::LossKind::CrossEntropy {
        Some(start)
    } else {
        newton(model, data, start)
    }
}

/// Newton's method on the mean loss, with a step-halving line search, and a
/// plain gradient step where the Hessian is not positive definite.
fn newton(model: &Model, data: &Data, start: (f64, f64)) -> Option<(f64, f64)> {
    let (mut w, mut b) = start;
    let mut loss = model.loss(&data.xs, &data.ys, w, b);
    for _ in 0..200 {
        // Gradient g and Hessian H of the mean loss over (w, b).
        let (mut gw, mut gb, mut hww, mut hwb, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (&x, &y) in data.xs.iter().zip(&data.ys) {
            let z = w * x + b;
            let (_, d1) = model.loss_and_dz(z, y);
            let d2 = model.d2loss_dz2(z, y);
            gw += d1 * x;
            gb += d1;
            hww += d2 * x * x;
            hwb += d2 * x;
            hbb += d2;
        }
        let n = data.len() as f64;
        let (gw, gb, hww, hwb, hbb) = (gw / n, gb / n, hww / n, hwb / n, hbb / n);
        if gw.hypot(gb) < 1e-13 {
            break;
        }
        let det = hww * hbb - hwb * hwb;
        let (mut dw, mut db) = if hww > 0.0 && det > 1e-14 * hww * hbb.max(1e-300) {
            // Solve H·d = g for the Newton direction d.
            ((hbb * gw - hwb * gb) / det, (hww * gb - hwb * gw) / det)
        } else {
            (gw, gb)
        };
        let mut improved = false;
        for _ in 0..60 {
            let candidate = model.loss(&data.xs, &data.ys, w - dw, b - db);
            if candidate <= loss {
                (w, b, loss) = (w - dw, b - db, candidate);
                improved = true;
                break;
            }
            (dw, db) = (dw / 2.0, db / 2.0);
        }
        if !improved {
            break;
        }
    }
    (w.is_finite() && b.is_finite()).then_some((w, b))
}

/// The optimum of any model: least squares for regression, Newton's method
/// for classification.
pub fn optimum(model: &Model, data: &Data) -> Option<(f64, f64)> {
    match model.problem {
        Problem::Regression => least_squares(data),
        Problem::Classification => classification(model, data),
    }
}

/// The Hessian of the mean loss at `(w, b)`, as `[∂²L/∂w², ∂²L/∂w∂b, ∂²L/∂b²]`.
pub fn hessian(model: &Model, data: &Data, (w, b): (f64, f64)) -> [f64; 3] {
    let (mut hww, mut hwb, mut hbb) = (0.0, 0.0, 0.0);
    for (&x, &y) in data.xs.iter().zip(&data.ys) {
        let d2 = model.d2loss_dz2(w * x + b, y);
        hww += d2 * x * x;
        hwb += d2 * x;
        hbb += d2;
    }
    let n = data.len() as f64;
    [hww / n, hwb / n, hbb / n]
}

/// `2 / λ_max`, with `λ_max` the largest eigenvalue of the Hessian `h` (from
/// [`hessian`]): plain gradient descent with a larger learning rate overshoots
/// along that direction by more each step. `None` when the Hessian has no
/// positive curvature.
pub fn stable_learning_rate([hww, hwb, hbb]: [f64; 3]) -> Option<f64> {
    // The eigenvalues of [[hww, hwb], [hwb, hbb]] are m ± √(m² − det).
    let mean = (hww + hbb) / 2.0;
    let det = hww * hbb - hwb * hwb;
    let largest = mean + (mean * mean - det).max(0.0).sqrt();
    (largest > 0.0 && largest.is_finite()).then(|| 2.0 / largest)
}

/// The eigenvalues of the Hessian `h` (from [`hessian`]), largest first, and
/// the unit eigenvector of the largest: the steepest direction of the
/// valley, along which plain gradient descent zig-zags first.
pub fn eigen([hww, hwb, hbb]: [f64; 3]) -> (f64, f64, (f64, f64)) {
    let mean = (hww + hbb) / 2.0;
    let det = hww * hbb - hwb * hwb;
    let root = (mean * mean - det).max(0.0).sqrt();
    let (largest, smallest) = (mean + root, mean - root);
    // (H − λ)·v = 0: v = (hwb, λ − hww), or along the larger diagonal when
    // the Hessian is diagonal.
    let (vw, vb) = if hwb != 0.0 {
        (hwb, largest - hww)
    } else if hww >= hbb {
        (1.0, 0.0)
    } else {
        (0.0, 1.0)
    };
    let length = vw.hypot(vb);
    (largest, smallest, (vw / length, vb / length))
}
