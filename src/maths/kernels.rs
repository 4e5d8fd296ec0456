//! The hot loop: the loss and its gradient summed over many points, the
//! work of every step. With wasm SIMD (`simd128`) two points go through each
//! instruction: the squared error in two independent chains, the sigmoid's
//! losses with `e^(−|z|)` and `ln(1 + e)` computed in the lanes (the same
//! arithmetic, src/maths/loss.rs, as one point at a time). Elsewhere, four
//! scalar accumulators let the compiler keep several additions in flight.

use super::loss::{PointLoss, SquaredError};
use super::theta::Evaluation;

/// The neuron's sums for one point at a time, into `Σ loss`, `Σ ∂L/∂w`, `Σ ∂L/∂b`.
impl Evaluation {
    #[inline]
    pub(crate) fn add_point(&mut self, point_loss: PointLoss, w: f64, b: f64, x: f64, y: f64) {
        let (loss, dloss_dz) = point_loss.loss_and_dz(w * x + b, y);
        self.loss += loss;
        self.gradient[0] += dloss_dz * x; // ∂z/∂w = x
        self.gradient[1] += dloss_dz; // ∂z/∂b = 1
    }

    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn plus(self, other: Evaluation) -> Evaluation {
        Evaluation {
            loss: self.loss + other.loss,
            gradient: [
                self.gradient[0] + other.gradient[0],
                self.gradient[1] + other.gradient[1],
            ],
        }
    }
}

/// Σ of the loss, of `∂L/∂z·x` and of `∂L/∂z` over the points (not yet the mean).
#[inline(always)]
pub fn sums(point_loss: PointLoss, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    if point_loss == PointLoss::SquaredError {
        return squared_error_sums(xs, ys, w, b);
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return sigmoid_sums(point_loss, xs, ys, w, b);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    scalar_sums(point_loss, xs, ys, w, b)
}

/// The same sums one point at a time, in four chains.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn scalar_sums(point_loss: PointLoss, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    // One loop for each loss, so that each is compiled for its own loss
    // (the compiler then runs two chains at a time in SIMD registers).
    match point_loss {
        PointLoss::SquaredError => chains(PointLoss::SquaredError, xs, ys, w, b),
        PointLoss::SigmoidCrossEntropy => chains(PointLoss::SigmoidCrossEntropy, xs, ys, w, b),
        PointLoss::SigmoidSquaredError => chains(PointLoss::SigmoidSquaredError, xs, ys, w, b),
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn chains(point_loss: PointLoss, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    let mut lanes = [Evaluation::default(); 4];
    let split = xs.len() / 4 * 4;
    // Evaluation::add_point, with the loss inlined for its one loss.
    let add = |sum: &mut Evaluation, x: f64, y: f64| {
        let (loss, dloss_dz) = point_loss.loss_and_dz_lanes(w * x + b, y);
        sum.loss += loss;
        sum.gradient[0] += dloss_dz * x;
        sum.gradient[1] += dloss_dz;
    };
    for (xc, yc) in xs[..split].chunks_exact(4).zip(ys[..split].chunks_exact(4)) {
        for lane in 0..4 {
            add(&mut lanes[lane], xc[lane], yc[lane]);
        }
    }
    let mut sum = Evaluation::default();
    for (&x, &y) in xs[split..].iter().zip(&ys[split..]) {
        add(&mut sum, x, y);
    }
    lanes.into_iter().fold(sum, Evaluation::plus)
}

/// Σ e², Σ 2e·x, Σ 2e with e = w·x + b − y: the squared error's loss and gradient.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn squared_error_sums(xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    use super::elementary::X2;
    use core::arch::wasm32::*;
    let n = xs.len().min(ys.len());
    let (wv, bv) = (f64x2_splat(w), f64x2_splat(b));
    // Two chains of (Σe², Σe·x, Σe), each over two points at a time, kept in
    // plain locals (not an array) so that they stay in registers at opt-level z.
    let (mut loss0, mut ex0, mut e0) = (f64x2_splat(0.0), f64x2_splat(0.0), f64x2_splat(0.0));
    let (mut loss1, mut ex1, mut e1) = (loss0, ex0, e0);
    let split = n / 4 * 4;
    let (px, py) = (xs.as_ptr(), ys.as_ptr());
    let mut i = 0;
    while i < split {
        // SAFETY: i + 4 <= split <= n; v128_load reads 16 bytes, unaligned is fine.
        let (x0, y0, x1, y1) = unsafe {
            (
                v128_load(px.add(i) as *const v128),
                v128_load(py.add(i) as *const v128),
                v128_load(px.add(i + 2) as *const v128),
                v128_load(py.add(i + 2) as *const v128),
            )
        };
        let d0 = SquaredError::error(X2(f64x2_add(f64x2_mul(wv, x0), bv)), X2(y0)).0;
        let d1 = SquaredError::error(X2(f64x2_add(f64x2_mul(wv, x1), bv)), X2(y1)).0;
        loss0 = f64x2_add(loss0, SquaredError::loss(X2(d0)).0);
        loss1 = f64x2_add(loss1, SquaredError::loss(X2(d1)).0);
        ex0 = f64x2_add(ex0, f64x2_mul(d0, x0));
        ex1 = f64x2_add(ex1, f64x2_mul(d1, x1));
        e0 = f64x2_add(e0, d0);
        e1 = f64x2_add(e1, d1);
        i += 4;
    }
    let total = |a: v128, b: v128| {
        let v = f64x2_add(a, b);
        f64x2_extract_lane::<0>(v) + f64x2_extract_lane::<1>(v)
    };
    let sums = [total(loss0, loss1), total(ex0, ex1), total(e0, e1)];
    squared_error_finish(sums, &xs[split..n], &ys[split..n], w, b)
}

/// Σ e², Σ 2e·x, Σ 2e with e = w·x + b − y, in four scalar chains.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn squared_error_sums(xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    let mut acc = [[0.0f64; 3]; 4];
    let split = xs.len() / 4 * 4;
    for (xc, yc) in xs[..split].chunks_exact(4).zip(ys[..split].chunks_exact(4)) {
        for lane in 0..4 {
            let e = SquaredError::error(w * xc[lane] + b, yc[lane]);
            acc[lane][0] += SquaredError::loss(e);
            acc[lane][1] += e * xc[lane];
            acc[lane][2] += e;
        }
    }
    let mut sums = [0.0; 3];
    for lane in acc {
        for (sum, part) in sums.iter_mut().zip(lane) {
            *sum += part;
        }
    }
    squared_error_finish(sums, &xs[split..], &ys[split..], w, b)
}

/// Adds the points left over after the chains to `[Σe², Σe·x, Σe]`, and
/// turns the sums into the loss and gradient sums (`∂(e²)/∂z = 2e`, so
/// `Σ ∂L/∂z·x = 2·Σe·x`: doubled once, here).
#[inline(always)]
fn squared_error_finish(sums: [f64; 3], xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    let [mut loss, mut ex, mut e_sum] = sums;
    for (&x, &y) in xs.iter().zip(ys) {
        let e = SquaredError::error(w * x + b, y);
        loss += SquaredError::loss(e);
        ex += e * x;
        e_sum += e;
    }
    Evaluation {
        loss,
        gradient: [SquaredError::dloss(ex), SquaredError::dloss(e_sum)],
    }
}

/// The sums for the sigmoid, two points per pass: `e^(−|z|)`, the softplus
/// terms of the cross-entropy (or the squared error of `σ(z)`), and `∂L/∂z`.
/// (Four points per pass, two registers in flight, ran 20 % slower: the
/// polynomials then need more registers than the machine has.)
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn sigmoid_sums(point_loss: PointLoss, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    use super::elementary::{Lanes, X2};
    use core::arch::wasm32::*;
    let n = xs.len().min(ys.len());
    let (wv, bv) = (X2::splat(w), X2::splat(b));
    let zero = f64x2_splat(0.0);
    let (mut loss_sum, mut gx_sum, mut g_sum) = (zero, zero, zero);
    // Only the sigmoid's two losses come here: the loop carries no third.
    let point_loss = match point_loss {
        PointLoss::SigmoidCrossEntropy => PointLoss::SigmoidCrossEntropy,
        _ => PointLoss::SigmoidSquaredError,
    };
    let split = n / 2 * 2;
    let (px, py) = (xs.as_ptr(), ys.as_ptr());
    let mut i = 0;
    while i < split {
        // SAFETY: i + 2 <= split <= n; v128_load reads 16 bytes, unaligned is fine.
        let (x, y) = unsafe {
            (
                v128_load(px.add(i) as *const v128),
                v128_load(py.add(i) as *const v128),
            )
        };
        let (loss, dz) = point_loss.loss_and_dz_lanes(wv.mul(X2(x)).add(bv), X2(y));
        let (loss, dz) = (loss.0, dz.0);
        loss_sum = f64x2_add(loss_sum, loss);
        gx_sum = f64x2_add(gx_sum, f64x2_mul(dz, x));
        g_sum = f64x2_add(g_sum, dz);
        i += 2;
    }
    let total = |v: v128| f64x2_extract_lane::<0>(v) + f64x2_extract_lane::<1>(v);
    let mut sum = Evaluation {
        loss: total(loss_sum),
        gradient: [total(gx_sum), total(g_sum)],
    };
    for (&x, &y) in xs[split..n].iter().zip(&ys[split..n]) {
        sum.add_point(point_loss, w, b, x, y);
    }
    sum
}
