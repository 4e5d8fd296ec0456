//! Independent computations the tests compare the crate with.

/// The least-squares line `(w, b)` from the normal equations with the raw
/// sums, solved by Cramer's rule (the crate uses centred sums).
pub fn normal_equations(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let (sx, sy) = (xs.iter().sum::<f64>(), ys.iter().sum::<f64>());
    let sxx: f64 = xs.iter().map(|x| x * x).sum();
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| x * y).sum();
    let det = n * sxx - sx * sx;
    ((n * sxy - sx * sy) / det, (sxx * sy - sx * sxy) / det)
}
