//! Our decimal reader (src/decimal.rs) against the standard library's
//! `str::parse::<f64>`, which is correctly rounded: the same answer, bit for
//! bit, on every input here.
#![cfg(not(target_arch = "wasm32"))]

use gradient_descent_lab::decimal::parse;
use gradient_descent_lab::number::shortest;
use gradient_descent_lab::rng::Rng;
use proptest::prelude::*;

fn same(text: &str) {
    let ours = parse(text);
    let std = text.parse::<f64>().ok();
    let agree = match (ours, std) {
        (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
        (None, None) => true,
        _ => false,
    };
    assert!(agree, "{text:?}: ours {ours:?}, std {std:?}");
}

#[test]
fn syntax_as_the_standard_library_reads_it() {
    for text in [
        "",
        "+",
        "-",
        ".",
        "e",
        "e5",
        "1e",
        "1e+",
        "1e-",
        "--1",
        "+-1",
        "1.2.3",
        " 1",
        "1 ",
        "1_0",
        "0x10",
        "1,5",
        "١",
        "1.",
        ".5",
        "+.5",
        "-.5e-3",
        "1E+05",
        "1e0005",
        "00012.3400",
        "0",
        "-0",
        "0.0e0",
        "inf",
        "-inf",
        "+Infinity",
        "INF",
        "infinit",
        "nan",
        "NaN",
        "-nan",
        "nan1",
        "1e400",
        "-1e400",
        "1e-400",
        "1e99999999999999999999",
        "1e-99999999999999999999",
        "0e99999999",
    ] {
        same(text);
    }
}

#[test]
fn boundaries_overflow_underflow_and_ties() {
    for text in [
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "9007199254740993",
        "9007199254740995",
        "9007199254740993.0000000000000000000000000000001",
        "0.1",
        "0.30000000000000004",
        "123456789012345678901234567890",
        "1e22",
        "1e23",
        "8.98846567431158e307",
    ] {
        same(text);
        same(&format!("-{text}"));
    }
}

#[test]
fn every_way_of_writing_random_floats() {
    let mut rng = Rng::new(7, 0);
    for _ in 0..100_000 {
        let v = f64::from_bits(rng.next_u64());
        if !v.is_finite() {
            continue;
        }
        same(&format!("{v:e}"));
        same(&format!("{v:.16e}"));
        same(&format!("{v:.25e}"));
        same(&format!("{v}"));
        // Our shortest form reads back exactly, as short as the standard
        // library's (which is shortest by construction).
        let short = shortest(v);
        assert_eq!(short.parse::<f64>(), Ok(v), "{v:e} written as {short}");
        assert_eq!(
            significant_digits(&short),
            significant_digits(&format!("{v:e}")),
            "{v:e}: {short}"
        );
        same(&short);
    }
}

fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

#[test]
fn random_digits_at_every_scale() {
    let mut rng = Rng::new(11, 0);
    for _ in 0..100_000 {
        let digits = 1 + (rng.next_u64() % 40) as usize;
        let text: String = (0..digits)
            .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
            .collect();
        let exponent = (rng.next_u64() % 700) as i64 - 360;
        same(&format!("{text}e{exponent}"));
        same(&format!("0.{text}e{exponent}"));
    }
}

/// The exact decimal midpoint between `v` and the next float up, and just
/// above and below it: the hardest inputs to round.
#[test]
fn midpoints_between_floats() {
    let mut rng = Rng::new(13, 0);
    let mut samples: Vec<f64> = vec![
        0.0,
        f64::MIN_POSITIVE,
        1.0,
        9007199254740992.0,
        5e-324,
        1e-310,
    ];
    samples.extend(
        (0..3_000)
            .map(|_| f64::from_bits(rng.next_u64() >> 1))
            .filter(|v| v.is_finite() && *v < f64::MAX),
    );
    for v in samples {
        let text = midpoint(v);
        same(&text);
        same(&above(&text));
        same(&below(&text));
    }
}

/// `(2m + 1) · 2^(k − 1)` in decimal, `v = m · 2^k`.
fn midpoint(v: f64) -> String {
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (m, k) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let mut digits = decimal_digits(2 * m + 1); // little-endian
    let k = k - 1;
    if k >= 0 {
        for _ in 0..k {
            multiply(&mut digits, 2);
        }
        digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
    } else {
        // (2m+1)·2^k = (2m+1)·5^(−k) / 10^(−k)
        for _ in 0..-k {
            multiply(&mut digits, 5);
        }
        let text: String = digits.iter().rev().map(|d| char::from(b'0' + d)).collect();
        format!("{text}e{k}")
    }
}

fn decimal_digits(mut n: u64) -> Vec<u8> {
    let mut digits = vec![];
    while n > 0 {
        digits.push((n % 10) as u8);
        n /= 10;
    }
    digits
}

fn multiply(digits: &mut Vec<u8>, factor: u8) {
    let mut carry = 0;
    for d in digits.iter_mut() {
        let product = *d * factor + carry;
        *d = product % 10;
        carry = product / 10;
    }
    while carry > 0 {
        digits.push(carry % 10);
        carry /= 10;
    }
}

/// `text` (whole digits, maybe an exponent) made a little larger.
fn above(text: &str) -> String {
    match text.split_once('e') {
        Some((m, e)) => format!("{m}0001e{}", e.parse::<i64>().unwrap() - 4),
        None => format!("{text}.0001"),
    }
}

/// `text` (whole digits, maybe an exponent) made a little smaller.
fn below(text: &str) -> String {
    let (m, e) = text
        .split_once('e')
        .map_or((text, None), |(m, e)| (m, Some(e)));
    let mut digits: Vec<u8> = m.bytes().collect();
    let mut i = digits.len() - 1;
    while digits[i] == b'0' {
        digits[i] = b'9';
        i -= 1;
    }
    digits[i] -= 1;
    let m = String::from_utf8(digits).unwrap();
    match e {
        Some(e) => format!("{m}9999e{}", e.parse::<i64>().unwrap() - 4),
        None => format!("{m}.9999"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn any_short_text_reads_the_same(text in "[-+0-9.eEinfatyINFATY _x]{0,14}") {
        same(&text);
    }

    #[test]
    fn any_number_text_reads_the_same(text in "[-+]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][-+]?[0-9]{1,4})?") {
        same(&text);
    }
}
