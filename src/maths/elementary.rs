//! `e^(−a)` and `ln(1 + e)` for the sigmoid and the cross-entropy, written
//! out (range reduction and a polynomial) once, for any [`Lanes`]: one number
//! (`f64`), or two at a time in a WebAssembly SIMD register (the training
//! loop, src/maths/kernels.rs). Both give the same bits; both are accurate to a few
//! units in the last place. Polynomials go by Estrin's scheme, which has a
//! third of the latency of Horner's rule, so the loop is not left waiting.

/// What the functions need of a number type: arithmetic, lane by lane.
pub trait Lanes: Copy {
    fn splat(v: f64) -> Self;
    fn add(self, other: Self) -> Self;
    fn sub(self, other: Self) -> Self;
    fn mul(self, other: Self) -> Self;
    fn div(self, other: Self) -> Self;
    /// The smaller; `other` if either is NaN (WebAssembly's `pmin`).
    fn min(self, other: Self) -> Self;
    /// The larger; `other` if either is NaN (WebAssembly's `pmax`).
    fn max(self, other: Self) -> Self;
    fn abs(self) -> Self;
    /// Round to the nearest whole number, ties to even.
    fn nearest(self) -> Self;
    /// `2^(−k)` for whole `k` from 0 to 1200, built from exponent bits in two
    /// halves (so that results below the normal range come out right).
    fn exp2_neg(k: Self) -> Self;
    /// `if_true` where `self > limit`, else `if_false`.
    fn select_above(self, limit: f64, if_true: Self, if_false: Self) -> Self;
    /// `if_true` where `self ≥ 0` (−0 too), else (negative or NaN) `if_false`.
    fn select_nonnegative(self, if_true: Self, if_false: Self) -> Self;
    /// [`exp_neg_lanes`]: inlined into the SIMD loop, one shared function
    /// for `f64` (its many callers would each carry the polynomial).
    fn exp_neg(self) -> Self;
    /// [`log1p_unit_lanes`], likewise.
    fn log1p_unit(self) -> Self;
    /// [`sigmoid_pair_lanes`] of `z = self`, likewise.
    fn sigmoid_pair(self, e: Self) -> (Self, Self);
    /// The sum of the lanes (one number: itself), where sums kept lane by
    /// lane end.
    fn total(self) -> f64;
}

impl Lanes for f64 {
    #[inline(always)]
    fn splat(v: f64) -> f64 {
        v
    }
    #[inline(always)]
    fn add(self, other: f64) -> f64 {
        self + other
    }
    #[inline(always)]
    fn sub(self, other: f64) -> f64 {
        self - other
    }
    #[inline(always)]
    fn mul(self, other: f64) -> f64 {
        self * other
    }
    #[inline(always)]
    fn div(self, other: f64) -> f64 {
        self / other
    }
    #[inline(always)]
    fn min(self, other: f64) -> f64 {
        if self < other { self } else { other }
    }
    #[inline(always)]
    fn max(self, other: f64) -> f64 {
        if self > other { self } else { other }
    }
    #[inline(always)]
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    #[inline(always)]
    fn nearest(self) -> f64 {
        self.round_ties_even()
    }
    #[inline(always)]
    fn exp2_neg(k: f64) -> f64 {
        let k = k as i64;
        let (k1, k2) = (k >> 1, k - (k >> 1));
        f64::from_bits(((1023 - k1) as u64) << 52) * f64::from_bits(((1023 - k2) as u64) << 52)
    }
    #[inline(always)]
    fn select_above(self, limit: f64, if_true: f64, if_false: f64) -> f64 {
        if self > limit { if_true } else { if_false }
    }
    #[inline(always)]
    fn select_nonnegative(self, if_true: f64, if_false: f64) -> f64 {
        if self >= 0.0 { if_true } else { if_false }
    }
    #[inline(always)]
    fn exp_neg(self) -> f64 {
        exp_neg(self)
    }
    #[inline(always)]
    fn log1p_unit(self) -> f64 {
        log1p_unit(self)
    }
    #[inline(always)]
    fn sigmoid_pair(self, e: f64) -> (f64, f64) {
        sigmoid_pair(self, e)
    }
    #[inline(always)]
    fn total(self) -> f64 {
        self
    }
}

/// Two `f64`s in a WebAssembly SIMD register.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[derive(Clone, Copy)]
pub struct X2(pub core::arch::wasm32::v128);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes for X2 {
    #[inline(always)]
    fn splat(v: f64) -> X2 {
        X2(core::arch::wasm32::f64x2_splat(v))
    }
    #[inline(always)]
    fn add(self, other: X2) -> X2 {
        X2(core::arch::wasm32::f64x2_add(self.0, other.0))
    }
    #[inline(always)]
    fn sub(self, other: X2) -> X2 {
        X2(core::arch::wasm32::f64x2_sub(self.0, other.0))
    }
    #[inline(always)]
    fn mul(self, other: X2) -> X2 {
        X2(core::arch::wasm32::f64x2_mul(self.0, other.0))
    }
    #[inline(always)]
    fn div(self, other: X2) -> X2 {
        X2(core::arch::wasm32::f64x2_div(self.0, other.0))
    }
    #[inline(always)]
    fn min(self, other: X2) -> X2 {
        // pmin is one instruction; min's NaN and −0 rules cost several.
        X2(core::arch::wasm32::f64x2_pmin(other.0, self.0))
    }
    #[inline(always)]
    fn max(self, other: X2) -> X2 {
        X2(core::arch::wasm32::f64x2_pmax(other.0, self.0))
    }
    #[inline(always)]
    fn abs(self) -> X2 {
        X2(core::arch::wasm32::f64x2_abs(self.0))
    }
    #[inline(always)]
    fn nearest(self) -> X2 {
        X2(core::arch::wasm32::f64x2_nearest(self.0))
    }
    #[inline(always)]
    fn exp2_neg(k: X2) -> X2 {
        use core::arch::wasm32::*;
        // k + 2^52 holds k in its low bits (k is whole, 0 ≤ k < 2^31): two
        // operations where a saturating conversion takes several.
        let magic = f64x2_splat(4503599627370496.0);
        let k = i64x2_sub(f64x2_add(k.0, magic), magic);
        let (k1, bias) = (u64x2_shr(k, 1), i64x2_splat(1023));
        let k2 = i64x2_sub(k, k1);
        let half1 = i64x2_shl(i64x2_sub(bias, k1), 52);
        let half2 = i64x2_shl(i64x2_sub(bias, k2), 52);
        X2(f64x2_mul(half1, half2))
    }
    #[inline(always)]
    fn select_above(self, limit: f64, if_true: X2, if_false: X2) -> X2 {
        use core::arch::wasm32::*;
        let mask = f64x2_gt(self.0, f64x2_splat(limit));
        X2(v128_bitselect(if_true.0, if_false.0, mask))
    }
    #[inline(always)]
    fn select_nonnegative(self, if_true: X2, if_false: X2) -> X2 {
        use core::arch::wasm32::*;
        let mask = f64x2_ge(self.0, f64x2_splat(0.0));
        X2(v128_bitselect(if_true.0, if_false.0, mask))
    }
    #[inline(always)]
    fn exp_neg(self) -> X2 {
        exp_neg_lanes(self)
    }
    #[inline(always)]
    fn log1p_unit(self) -> X2 {
        log1p_unit_lanes(self)
    }
    #[inline(always)]
    fn sigmoid_pair(self, e: X2) -> (X2, X2) {
        sigmoid_pair_lanes(self, e)
    }
    #[inline(always)]
    fn total(self) -> f64 {
        use core::arch::wasm32::f64x2_extract_lane;
        f64x2_extract_lane::<0>(self.0) + f64x2_extract_lane::<1>(self.0)
    }
}

/// log₂ e, and ln 2 split in two so that `k·LN2_HI` is exact for |k| < 2²⁰.
pub const LOG2_E: f64 = std::f64::consts::LOG2_E;
pub const LN_2: f64 = std::f64::consts::LN_2;
pub const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
pub const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// `e^(−a)` is 0 in doubles beyond this.
pub const EXP_LIMIT: f64 = 800.0;

/// `1/i!` for i = 0…13: the Taylor series of `eᵗ` for |t| ≤ ln2/2 (the first
/// term left out is below 10⁻¹⁷ of the result).
const EXP: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

/// `1/(2i + 1)` for i = 0…11: `2·atanh(s) = 2s·Σ s²ⁱ/(2i + 1)`, for
/// |s| ≤ 1/5 (the first term left out, s²⁴/25, is below 10⁻¹⁸ of the result).
const ATANH: [f64; 12] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
    1.0 / 23.0,
];

/// `Σ c[i]·xⁱ` for i = 0…N−1 (N = 12 or 14) by Estrin's scheme: pairs,
/// then pairs of pairs.
#[inline(always)]
fn estrin<T: Lanes, const N: usize>(x: T, c: &[f64; N]) -> T {
    let pair = |i: usize| T::splat(c[i]).add(T::splat(c[i + 1]).mul(x));
    let x2 = x.mul(x);
    let x4 = x2.mul(x2);
    let x8 = x4.mul(x4);
    let (a0, a1, a2, a3, a4, a5) = (pair(0), pair(2), pair(4), pair(6), pair(8), pair(10));
    let (b0, b1, b2) = (a0.add(a1.mul(x2)), a2.add(a3.mul(x2)), a4.add(a5.mul(x2)));
    let d0 = b0.add(b1.mul(x4));
    // Twelve coefficients end at b2; fourteen add one more pair.
    let d1 = if N == 14 {
        b2.add(pair(12).mul(x4))
    } else {
        b2
    };
    d0.add(d1.mul(x8))
}

/// `e^(−a)` for `a ≥ 0`: with `a = k·ln2 + r`, |r| ≤ ln2/2, it is `2^(−k)·e^(−r)`.
#[inline(always)]
pub fn exp_neg_lanes<T: Lanes>(a: T) -> T {
    let a = a.min(T::splat(EXP_LIMIT));
    let k = a.mul(T::splat(LOG2_E)).nearest();
    let r = a.sub(k.mul(T::splat(LN2_HI))).sub(k.mul(T::splat(LN2_LO)));
    let t = T::splat(0.0).sub(r);
    estrin(t, &EXP).mul(T::exp2_neg(k))
}

/// `ln(1 + e)` for `0 ≤ e ≤ 1`, as `2·atanh(f / (2 + f))`, with `f = e` up to
/// 1/2 and, above, `1 + e = 2·(1 + f)` with `f = (e − 1)/2` (exact), so that
/// |f/(2 + f)| stays below 1/5.
#[inline(always)]
pub fn log1p_unit_lanes<T: Lanes>(e: T) -> T {
    let half = T::splat(0.5);
    let f = e.select_above(0.5, e.sub(T::splat(1.0)).mul(half), e);
    let offset = e.select_above(0.5, T::splat(LN_2), T::splat(0.0));
    let s = f.div(T::splat(2.0).add(f));
    offset.add(s.add(s).mul(estrin(s.mul(s), &ATANH)))
}

/// `e^(−a)` for `a ≥ 0`.
#[inline]
pub fn exp_neg(a: f64) -> f64 {
    exp_neg_lanes(a)
}

/// `ln(1 + e)` for `0 ≤ e ≤ 1`.
#[inline]
pub fn log1p_unit(e: f64) -> f64 {
    log1p_unit_lanes(e)
}

/// `ln s` for `1 ≤ s ≤ largest`, a small bound (the sum of a softmax's k
/// powers, `1 ≤ Σ e^(z_j − max z) ≤ k`): `s = 2^j·(1 + f)` with `0 ≤ f ≤ 1`,
/// by exact halvings (one per power of two up to `largest`), then
/// `ln s = j·ln 2 + ln(1 + f)` by [`log1p_unit_lanes`]. `f = s/2^j − 1` is
/// exact, so the error is that of `ln(1 + f)` and of `j·ln 2`: a few units
/// in the last place.
#[inline(always)]
pub fn ln_small_lanes<T: Lanes>(s: T, largest: f64) -> T {
    let (mut s, mut j) = (s, T::splat(0.0));
    let mut reach = 2.0;
    while reach < largest {
        // Above 2: halve, and count it.
        j = s.select_above(2.0, j.add(T::splat(1.0)), j);
        s = s.select_above(2.0, s.mul(T::splat(0.5)), s);
        reach *= 2.0;
    }
    // log1p_unit_lanes itself, not the trait's shared `f64` function, so
    // that that one keeps a single caller (see NetworkLanes, network.rs).
    j.mul(T::splat(LN_2))
        .add(log1p_unit_lanes(s.sub(T::splat(1.0))))
}

/// `ln s` for `1 ≤ s ≤ largest` ([`ln_small_lanes`]).
#[inline]
pub fn ln_small(s: f64, largest: f64) -> f64 {
    ln_small_lanes(s, largest)
}

/// `(σ(z), 1 − σ(z))` from `e = e^(−|z|)`, both without cancellation: the
/// small one is computed directly, not as `1 − (nearly 1)`.
#[inline(always)]
pub fn sigmoid_pair_lanes<T: Lanes>(z: T, e: T) -> (T, T) {
    let one = T::splat(1.0);
    let big = one.div(one.add(e));
    let small = e.mul(big);
    (
        z.select_nonnegative(big, small),
        z.select_nonnegative(small, big),
    )
}

/// `(σ(z), 1 − σ(z))` from `e = e^(−|z|)`.
#[inline]
pub fn sigmoid_pair(z: f64, e: f64) -> (f64, f64) {
    sigmoid_pair_lanes(z, e)
}

/// `tanh z = sign(z)·(1 − e)/(1 + e)` with `e = e^(−2|z|)`, for any
/// [`Lanes`]: [`exp_neg_lanes`] carries it, so a network's hidden layers can
/// run in the lanes too. Its error is a few units of 1e-16, absolute (near 0,
/// where `1 − e` cancels, not relative); std's `tanh` costs some ten times more.
#[inline(always)]
pub fn tanh_lanes<T: Lanes>(z: T) -> T {
    let one = T::splat(1.0);
    let e = z.abs().add(z.abs()).exp_neg();
    let t = one.sub(e).div(one.add(e));
    z.select_nonnegative(t, T::splat(0.0).sub(t))
}

/// `tanh z` ([`tanh_lanes`]).
#[inline]
pub fn tanh(z: f64) -> f64 {
    tanh_lanes(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs() / f64::EPSILON
    }

    #[test]
    fn exp_neg_is_exp_to_a_few_ulps() {
        let mut rng = crate::data::rng::Rng::new(4, 4);
        for i in 0..200_000 {
            let a = match i % 3 {
                0 => rng.range(0.0, 2.0),
                1 => rng.range(0.0, 50.0),
                _ => rng.range(0.0, 745.0),
            };
            let want = (-a).exp();
            let got = exp_neg(a);
            if want >= f64::MIN_POSITIVE {
                assert!(ulps(got, want) <= 4.0, "e^-{a}: {got} vs {want}");
            } else {
                // Below the normal range, a few units of the smallest subnormal.
                assert!(
                    (got - want).abs() <= 5e-324 * 4.0,
                    "e^-{a}: {got} vs {want}"
                );
            }
        }
        assert_eq!(exp_neg(0.0), 1.0);
        assert_eq!(exp_neg(1e6), 0.0);
        assert_eq!(exp_neg(f64::INFINITY), 0.0);
    }

    #[test]
    fn log1p_unit_is_ln_1p_to_a_few_ulps() {
        let mut rng = crate::data::rng::Rng::new(5, 5);
        for i in 0..200_000 {
            let e = if i % 2 == 0 {
                rng.uniform()
            } else {
                (-rng.range(0.0, 700.0)).exp()
            };
            let want = e.ln_1p();
            let got = log1p_unit(e);
            assert!(
                want == got || ulps(got, want) <= 4.0,
                "ln(1 + {e}): {got} vs {want}"
            );
        }
        assert_eq!(log1p_unit(0.0), 0.0);
        assert!(ulps(log1p_unit(1.0), std::f64::consts::LN_2) <= 1.0);
        assert!(ulps(log1p_unit(0.5), 1.5f64.ln()) <= 2.0);
    }

    #[test]
    fn ln_small_is_ln_to_a_few_ulps() {
        let mut rng = crate::data::rng::Rng::new(6, 6);
        for largest in [1.0, 2.0, 3.0, 4.0, 5.0, 8.0] {
            for _ in 0..50_000 {
                let s = rng.range(1.0, largest);
                let (got, want) = (ln_small(s, largest), s.ln());
                assert!(
                    got == want || ulps(got, want) <= 4.0,
                    "ln {s} (largest {largest}): {got} vs {want}"
                );
            }
            // The ends and the powers of two, where the halvings switch.
            let mut s = 1.0;
            while s <= largest {
                for v in [s, s * (1.0 + f64::EPSILON), s * (1.0 - f64::EPSILON / 2.0)] {
                    if (1.0..=largest).contains(&v) {
                        let (got, want) = (ln_small(v, largest), v.ln());
                        assert!(
                            got == want || ulps(got, want) <= 4.0,
                            "ln {v}: {got} vs {want}"
                        );
                    }
                }
                s *= 2.0;
            }
            let (got, want) = (ln_small(largest, largest), largest.ln());
            assert!(got == want || ulps(got, want) <= 4.0, "ln {largest}: {got}");
        }
        assert_eq!(ln_small(1.0, 5.0), 0.0);
    }

    #[test]
    fn tanh_is_within_a_few_units_of_1e_16_of_std() {
        let mut worst: f64 = 0.0;
        for i in -40_000..=40_000 {
            let z = i as f64 * 0.0005;
            worst = worst.max((tanh(z) - z.tanh()).abs());
            if z.abs() >= 0.5 {
                assert!(ulps(tanh(z), z.tanh()) <= 4.0, "tanh({z})");
            }
        }
        assert!(worst < 5e-16, "worst {worst}");
        assert_eq!(tanh(800.0), 1.0);
        assert_eq!(tanh(-800.0), -1.0);
        assert_eq!(tanh(0.0), 0.0);
    }
}
