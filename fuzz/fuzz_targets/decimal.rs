//! Any text as a number: our reader (src/decimal.rs) gives exactly what the
//! standard library's `str::parse::<f64>` gives, bit for bit; and the
//! shortest text of any float reads back to it.
#![no_main]

use gradient_descent_lab::decimal::parse;
use gradient_descent_lab::number::shortest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ours = parse(&text);
    let std = text.parse::<f64>().ok();
    match (ours, std) {
        (Some(a), Some(b)) => assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{text:?}"),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text:?}"),
    }
    if data.len() >= 8 {
        let v = f64::from_bits(u64::from_le_bytes(data[..8].try_into().unwrap()));
        if v.is_finite() {
            assert_eq!(shortest(v).parse::<f64>(), Ok(v));
        }
    }
});
