//! Reading decimal numbers: text to the nearest `f64`, exactly as
//! `str::parse::<f64>` reads it (tests/decimal.rs compares the two on half a
//! million inputs, fuzz/fuzz_targets/decimal.rs on as many as it is given),
//! without the standard parser's tables: 14 KB of the page's gzipped
//! WebAssembly.
//!
//! Most numbers people write (`0.1`, `2.5e-3`, `1234.5`) have at most 15
//! digits and a small exponent: they are read with one exact multiplication
//! or division (Clinger's fast path). Any other is estimated in floating point
//! and then corrected by comparing the decimal exactly, in big integers, with
//! the midpoints between neighbouring floats.

use std::cmp::Ordering;

/// Significant digits kept; any further non-zero digit only marks the number
/// as a little larger. (A midpoint between two floats has at most 767.)
const MAX_DIGITS: usize = 800;

/// The number `text` writes, as the standard library reads it: an optional
/// sign, digits with an optional point, an optional exponent; `inf`,
/// `infinity` and `nan` in any case. `None` for anything else.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (_, Some(rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        read_decimal(body.as_bytes())?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits × 10^exponent`: the significant digits (no leading zeros, at most
/// `MAX_DIGITS`, a final 1 standing for any dropped non-zero digits).
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
}

fn read_decimal(text: &[u8]) -> Option<f64> {
    let mut decimal = Decimal {
        digits: Vec::new(),
        exponent: 0,
    };
    let mut any_digit = false;
    let mut seen_point = false;
    let mut dropped = false;
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        match c {
            b'0'..=b'9' => {
                any_digit = true;
                if decimal.digits.is_empty() && c == b'0' {
                    // A leading zero: after the point it scales, before it nothing.
                    if seen_point {
                        decimal.exponent -= 1;
                    }
                } else if decimal.digits.len() < MAX_DIGITS {
                    decimal.digits.push(c - b'0');
                    if seen_point {
                        decimal.exponent -= 1;
                    }
                } else {
                    dropped |= c != b'0';
                    if !seen_point {
                        decimal.exponent += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if let Some(b'e' | b'E') = text.get(i) {
        decimal.exponent = decimal
            .exponent
            .saturating_add(read_exponent(&text[i + 1..])?);
    }
    if dropped {
        decimal.digits.push(1);
        decimal.exponent -= 1;
    }
    // Trailing zeros only scale.
    while decimal.digits.last() == Some(&0) {
        decimal.digits.pop();
        decimal.exponent += 1;
    }
    Some(decimal.value())
}

/// An exponent's digits after the `e`, with an optional sign; huge ones
/// saturate (they mean infinity or zero either way).
fn read_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        value = (value * 10 + i64::from(c - b'0')).min(1 << 40);
    }
    Some(if negative { -value } else { value })
}

impl Decimal {
    fn value(&self) -> f64 {
        let count = self.digits.len() as i64;
        if count == 0 {
            return 0.0;
        }
        // 10^(count + exponent - 1) ≤ value < 10^(count + exponent).
        let magnitude = count + self.exponent;
        if magnitude > 310 {
            return f64::INFINITY;
        }
        if magnitude < -324 {
            return 0.0;
        }
        let leading = self
            .digits
            .iter()
            .take(19)
            .fold(0u64, |m, &d| m * 10 + u64::from(d));
        let leading_exponent = self.exponent + (count - count.min(19));
        if count <= 15 && (-22..=22).contains(&self.exponent) {
            // Clinger's fast path: both factors are exact, so one rounding.
            let m = leading as f64;
            let p = POWERS_OF_TEN[self.exponent.unsigned_abs() as usize];
            return if self.exponent < 0 { m / p } else { m * p };
        }
        let estimate = scale(leading as f64, leading_exponent);
        self.correct(estimate)
    }

    /// The float nearest to this decimal (ties to even), found by stepping
    /// from `estimate` (a few units in the last place off) one float at a
    /// time, comparing with the midpoints exactly.
    fn correct(&self, estimate: f64) -> f64 {
        let mut z = if estimate.is_finite() {
            estimate
        } else {
            f64::MAX
        };
        loop {
            let (m, k) = parts(z);
            // The midpoint with the next float up: (2m + 1)·2^(k−1).
            match self.compare(2 * m + 1, k - 1) {
                Ordering::Greater => {
                    z = next_up(z);
                    if z.is_infinite() {
                        return z;
                    }
                    continue;
                }
                Ordering::Equal => return if m % 2 == 0 { z } else { next_up(z) },
                Ordering::Less => {}
            }
            if z == 0.0 {
                return z;
            }
            // The midpoint with the next float down; at a power of two the
            // floats below are twice as dense.
            let (low, low_k) = if m == 1 << 52 && k > -1074 {
                (4 * m - 1, k - 2)
            } else {
                (2 * m - 1, k - 1)
            };
            match self.compare(low, low_k) {
                Ordering::Less => z = next_down(z),
                Ordering::Equal => return if m % 2 == 0 { z } else { next_down(z) },
                Ordering::Greater => return z,
            }
        }
    }

    /// This decimal compared with `m · 2^k`, exactly.
    fn compare(&self, m: u64, k: i64) -> Ordering {
        let mut left = Big::from_digits(&self.digits);
        let mut right = Big::from(m);
        // digits·5^e·2^e against m·2^k: move negative powers to the other side.
        if self.exponent >= 0 {
            left.mul_pow5(self.exponent as u32);
        } else {
            right.mul_pow5(self.exponent.unsigned_abs() as u32);
        }
        let twos = self.exponent - k;
        if twos >= 0 {
            left.shl(twos as u32);
        } else {
            right.shl(twos.unsigned_abs() as u32);
        }
        left.compare_to(&right)
    }
}

/// Exact powers of ten as f64 (10^22 is the last one).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `m × 10^e` in floating point, by exact powers of ten: a few roundings, so
/// an estimate a few units in the last place off (infinite or zero only at
/// the very ends of the range, where the correction has a float or two to go).
fn scale(m: f64, e: i64) -> f64 {
    let mut value = m;
    let mut e = e;
    while e > 0 {
        let step = e.min(22);
        value *= POWERS_OF_TEN[step as usize];
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(22);
        value /= POWERS_OF_TEN[step as usize];
        e += step;
    }
    value
}

/// The exact decimal value of a finite, non-zero `v` (sign aside): its
/// digits, without leading or trailing zeros, and the power of ten of the
/// last one. (Every float is a finite decimal: at most 767 digits.)
pub fn exact_digits(v: f64) -> (Vec<u8>, i64) {
    let (m, k) = parts(v.abs());
    let mut big = Big::from(m);
    let mut exponent = 0;
    if k >= 0 {
        big.shl(k as u32);
    } else {
        // m·2^k = m·5^(−k) / 10^(−k)
        big.mul_pow5(k.unsigned_abs() as u32);
        exponent = k;
    }
    let mut digits = vec![]; // the last digit first
    while !big.0.is_empty() {
        let mut chunk = big.div_small(1_000_000_000);
        for _ in 0..9 {
            digits.push((chunk % 10) as u8);
            chunk /= 10;
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    digits.reverse();
    while digits.last() == Some(&0) {
        digits.pop();
        exponent += 1;
    }
    (digits, exponent)
}

/// `z = m · 2^k` with `m` the 53-bit significand (subnormals: fewer bits).
fn parts(z: f64) -> (u64, i64) {
    let bits = z.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    }
}

/// The next float up from a finite, non-negative `z`.
fn next_up(z: f64) -> f64 {
    f64::from_bits(z.to_bits() + 1)
}

/// The next float down from a positive `z`.
fn next_down(z: f64) -> f64 {
    f64::from_bits(z.to_bits() - 1)
}

/// A non-negative big integer, little-endian 32-bit limbs.
struct Big(Vec<u32>);

impl Big {
    fn from(value: u64) -> Big {
        let mut big = Big(vec![value as u32, (value >> 32) as u32]);
        big.trim();
        big
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(vec![]);
        // Nine digits at a time: 10^9 < 2^32.
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
            big.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        big
    }

    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut n: u32) {
        // 5^13 is the largest power of five below 2^32.
        while n > 0 {
            let step = n.min(13);
            self.mul_add(5u32.pow(step), 0);
            n -= step;
        }
    }

    fn shl(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    /// Divides by `divisor` in place; the remainder.
    fn div_small(&mut self, divisor: u32) -> u32 {
        let mut remainder = 0u64;
        for limb in self.0.iter_mut().rev() {
            let value = (remainder << 32) | u64::from(*limb);
            *limb = (value / u64::from(divisor)) as u32;
            remainder = value % u64::from(divisor);
        }
        self.trim();
        remainder as u32
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn compare_to(&self, other: &Big) -> Ordering {
        let (mut a, mut b) = (self.0.as_slice(), other.0.as_slice());
        while let [rest @ .., 0] = a {
            a = rest;
        }
        while let [rest @ .., 0] = b {
            b = rest;
        }
        a.len()
            .cmp(&b.len())
            .then_with(|| a.iter().rev().cmp(b.iter().rev()))
    }
}
