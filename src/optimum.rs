//! The best `(w, b)`, found directly, so the page can show how far the run
//! still is from it.

use crate::data::Data;

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
