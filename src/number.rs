//! Numbers as text, without the standard library's float formatting (which
//! costs the page more than a tenth of its WebAssembly).
//!
//! [`significant`] rounds for people (labels, messages); [`shortest`] writes
//! the shortest text that reads back to exactly the same number (CSV, the
//! values in error messages; links are written by the page, www/link.js),
//! checking each candidate with the parser (decimal.rs).

/// `v` rounded to `digits` significant digits: `0.125`, `-3.14`, `2.5e5`,
/// `1e-5`. Plain notation from 1e-4 up to 1e6, exponent notation outside.
pub fn significant(v: f64, digits: u32) -> String {
    match digits_of(v, digits.clamp(1, 17)) {
        Some((negative, mantissa, exponent)) => layout(negative, &mantissa, exponent),
        None => special(v),
    }
}

/// The shortest text that parses back to exactly `v` (and `NaN`, `Infinity`,
/// `-Infinity` for the others); of two as short, the nearer.
pub fn shortest(v: f64) -> String {
    if !v.is_finite() || v == 0.0 {
        return special(v);
    }
    let (exact, last) = crate::decimal::exact_digits(v);
    for digits in 1..=17.min(exact.len()) {
        // `exact` rounded to `digits` digits, then its neighbours: the
        // interval of decimals that read back to `v` is not always centred.
        let (head, rest) = exact.split_at(digits);
        let mut rounded = head.iter().fold(0u64, |m, &d| m * 10 + u64::from(d));
        if rest
            .first()
            .is_some_and(|&d| d > 5 || (d == 5 && (rest.len() > 1 || rounded % 2 == 1)))
        {
            rounded += 1;
        }
        let scale = last + rest.len() as i64; // the power of ten of the last digit
        for candidate in [rounded, rounded.wrapping_sub(1), rounded + 1] {
            let text = candidate.to_string();
            let first = scale + text.len() as i64 - 1;
            let written = layout(v < 0.0, &text, first as i32);
            if candidate > 0 && crate::decimal::parse(&written) == Some(v) {
                return written;
            }
        }
    }
    // Every float's exact digits read back; at most 17 always do.
    let text: String = exact.iter().map(|&d| char::from(b'0' + d)).collect();
    layout(v < 0.0, &text, (last + exact.len() as i64 - 1) as i32)
}

fn special(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "Infinity".into()
    } else if v == f64::NEG_INFINITY {
        "-Infinity".into()
    } else {
        "0".into()
    }
}

/// `|v| ≈ 0.mantissa × 10^(exponent + 1)`, the mantissa `digits` long: the
/// sign, the digits, and the power of ten of the first digit. `None` for 0
/// and non-finite numbers.
fn digits_of(v: f64, digits: u32) -> Option<(bool, String, i32)> {
    if !v.is_finite() || v == 0.0 {
        return None;
    }
    let size = v.abs();
    let mut exponent = size.log10().floor() as i32;
    // Scale to `digits` digits before the point; two steps keep 10^k finite.
    let shift = digits as i32 - 1 - exponent;
    let scaled = size * 10f64.powi(shift / 2) * 10f64.powi(shift - shift / 2);
    let mut mantissa = scaled.round() as u64;
    let limit = 10u64.pow(digits);
    if mantissa >= limit {
        mantissa /= 10;
        exponent += 1;
    } else if mantissa < limit / 10 {
        mantissa *= 10;
        exponent -= 1;
    }
    Some((v < 0.0, mantissa.to_string(), exponent))
}

/// Writes digits `d₁d₂…` with the first at 10^exponent, trailing zeros trimmed.
fn layout(negative: bool, digits: &str, exponent: i32) -> String {
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::from(if negative { "-" } else { "" });
    if (-4..6).contains(&exponent) {
        if exponent < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exponent - 1) as usize));
            out.push_str(digits);
        } else {
            let whole = exponent as usize + 1;
            if digits.len() <= whole {
                out.push_str(digits);
                out.extend(std::iter::repeat_n('0', whole - digits.len()));
            } else {
                let (int, frac) = split(digits, whole);
                out.push_str(int);
                out.push('.');
                out.push_str(frac);
            }
        }
    } else {
        let (first, rest) = split(digits, 1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push_str(&exponent.to_string());
    }
    out
}

/// `text` split after `at` bytes. (Slicing with `[..at]` would link the
/// panic path's Unicode escaping tables, several KB of WebAssembly.)
fn split(text: &str, at: usize) -> (&str, &str) {
    text.split_at_checked(at).unwrap_or((text, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_for_people() {
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(2.5, 4), "2.5");
        assert_eq!(significant(-1.0, 4), "-1");
        assert_eq!(significant(0.125, 4), "0.125");
        assert_eq!(significant(35.271, 3), "35.3");
        assert_eq!(significant(0.08312, 3), "0.0831");
        assert_eq!(significant(1234.4, 3), "1230");
        assert_eq!(significant(999.96, 3), "1000");
        assert_eq!(significant(1e-5, 4), "1e-5");
        assert_eq!(significant(250000.0, 4), "250000");
        assert_eq!(significant(2.5e6, 4), "2.5e6");
        assert_eq!(significant(-0.0001, 4), "-0.0001");
        assert_eq!(significant(f64::NAN, 4), "NaN");
        assert_eq!(significant(f64::NEG_INFINITY, 4), "-Infinity");
        assert_eq!(significant(1e300, 3), "1e300");
    }

    #[test]
    fn shortest_reads_back_exactly() {
        for v in [
            0.1,
            0.3,
            1.0 / 3.0,
            -2.1650000000000005,
            1e-8,
            5e-324,
            1.7976931348623157e308,
            123456789.0,
            0.30000000000000004,
            2.0f64.sqrt(),
            -7.0,
            1e21,
            9007199254740993.0,
        ] {
            let text = shortest(v);
            assert_eq!(text.parse::<f64>(), Ok(v), "{v:?} written as {text}");
            assert!(text.len() <= format!("{v:e}").len() + 2, "{text} is short");
        }
        assert_eq!(shortest(0.1), "0.1");
        assert_eq!(shortest(1e-8), "1e-8");
        assert_eq!(shortest(-2.5), "-2.5");
        assert_eq!(shortest(42.0), "42");
        // Many random numbers, compared with the standard library's shortest form.
        let mut rng = crate::rng::Rng::new(1, 1);
        for _ in 0..2_000 {
            let v = f64::from_bits(rng.next_u64());
            if !v.is_finite() {
                continue;
            }
            let text = shortest(v);
            assert_eq!(text.parse::<f64>(), Ok(v), "{v:?} written as {text}");
            let digits = |t: &str| {
                t.split('e')
                    .next()
                    .unwrap()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
                    .trim_start_matches('0')
                    .trim_end_matches('0')
                    .len()
            };
            assert_eq!(digits(&text), digits(&format!("{v:e}")), "{v:?}: {text}");
        }
    }
}
