//! Numbers as text, without the standard library's float formatting (which
//! costs the page more than a tenth of its WebAssembly).
//!
//! [`significant`] rounds for people: chart labels, and the values in error
//! messages. Text that must read back exactly (links, CSV) is written by the
//! page's JavaScript (www/link.js, www/csv.js), whose `String()` is exact.

/// `v` rounded to `digits` significant digits: `0.125`, `-3.14`, `2.5e5`,
/// `1e-5`. Plain notation from 1e-4 up to 1e6, exponent notation outside.
pub fn significant(v: f64, digits: u32) -> String {
    match digits_of(v, digits.clamp(1, 17)) {
        Some((negative, mantissa, exponent)) => layout(negative, &mantissa, exponent),
        None => special(v),
    }
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
}
