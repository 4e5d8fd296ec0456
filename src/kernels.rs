//! The hot loop: the loss and its gradient summed over many points, the
//! work of every step. With wasm SIMD (`simd128`), the squared error runs two
//! points per instruction in two independent chains; elsewhere, four scalar
//! accumulators let the compiler keep several additions in flight.

use crate::data::Problem;
use crate::model::{Evaluation, LossKind, Model};

/// Σ of the loss, of `∂L/∂z·x` and of `∂L/∂z` over the points (not yet the mean).
pub fn sums(model: &Model, xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    if model.problem == Problem::Regression && model.loss == LossKind::Mse {
        return squared_error_sums(xs, ys, w, b);
    }
    let mut lanes = [Evaluation::default(); 4];
    let split = xs.len() / 4 * 4;
    for (xc, yc) in xs[..split].chunks_exact(4).zip(ys[..split].chunks_exact(4)) {
        for lane in 0..4 {
            lanes[lane].add_point(model, w, b, xc[lane], yc[lane]);
        }
    }
    let mut sum = Evaluation::default();
    for (&x, &y) in xs[split..].iter().zip(&ys[split..]) {
        sum.add_point(model, w, b, x, y);
    }
    lanes.into_iter().fold(sum, Evaluation::plus)
}

/// Σ e², Σ 2e·x, Σ 2e with e = w·x + b − y: the squared error's loss and gradient.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn squared_error_sums(xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    use core::arch::wasm32::*;
    let (wv, bv) = (f64x2_splat(w), f64x2_splat(b));
    let zero = f64x2_splat(0.0);
    // Two chains of (Σe², Σe·x, Σe), each over two points at a time.
    let mut acc = [[zero; 3]; 2];
    let split = xs.len() / 4 * 4;
    let load = |v: &[f64], i: usize| {
        // SAFETY: i + 2 <= split <= v.len(); v128_load reads 16 bytes, unaligned is fine.
        unsafe { v128_load(v.as_ptr().add(i) as *const v128) }
    };
    let mut i = 0;
    while i < split {
        for (chain, acc) in acc.iter_mut().enumerate() {
            let x = load(xs, i + 2 * chain);
            let e = f64x2_sub(f64x2_add(f64x2_mul(wv, x), bv), load(ys, i + 2 * chain));
            acc[0] = f64x2_add(acc[0], f64x2_mul(e, e));
            acc[1] = f64x2_add(acc[1], f64x2_mul(e, x));
            acc[2] = f64x2_add(acc[2], e);
        }
        i += 4;
    }
    let lanes = |k: usize| {
        let v = f64x2_add(acc[0][k], acc[1][k]);
        f64x2_extract_lane::<0>(v) + f64x2_extract_lane::<1>(v)
    };
    let (mut loss, mut ex, mut e_sum) = (lanes(0), lanes(1), lanes(2));
    for (&x, &y) in xs[split..].iter().zip(&ys[split..]) {
        let e = w * x + b - y;
        loss += e * e;
        ex += e * x;
        e_sum += e;
    }
    // ∂(e²)/∂z = 2e
    Evaluation {
        loss,
        grad_w: 2.0 * ex,
        grad_b: 2.0 * e_sum,
    }
}

/// Σ e², Σ 2e·x, Σ 2e with e = w·x + b − y, in four scalar chains.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub fn squared_error_sums(xs: &[f64], ys: &[f64], w: f64, b: f64) -> Evaluation {
    let mut acc = [[0.0f64; 3]; 4];
    let split = xs.len() / 4 * 4;
    for (xc, yc) in xs[..split].chunks_exact(4).zip(ys[..split].chunks_exact(4)) {
        for lane in 0..4 {
            let e = w * xc[lane] + b - yc[lane];
            acc[lane][0] += e * e;
            acc[lane][1] += e * xc[lane];
            acc[lane][2] += e;
        }
    }
    let (mut loss, mut ex, mut e_sum) = (0.0, 0.0, 0.0);
    for lane in acc {
        loss += lane[0];
        ex += lane[1];
        e_sum += lane[2];
    }
    for (&x, &y) in xs[split..].iter().zip(&ys[split..]) {
        let e = w * x + b - y;
        loss += e * e;
        ex += e * x;
        e_sum += e;
    }
    // ∂(e²)/∂z = 2e
    Evaluation {
        loss,
        grad_w: 2.0 * ex,
        grad_b: 2.0 * e_sum,
    }
}
