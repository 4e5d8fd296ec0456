//! The same seed gives bit-for-bit the same data on every platform: the wasm
//! tests (tests/wasm.rs) check the same fingerprints in Chromium.

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};

/// FNV-1a over the bits of every coordinate.
fn fingerprint(name: DatasetName, seed: u64) -> u64 {
    let spec = DatasetSpec {
        name,
        n: 50,
        noise: 0.3,
    };
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for p in spec.generate(seed) {
        for bits in [p.x.to_bits(), p.y.to_bits()] {
            hash = (hash ^ bits).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Also asserted, with the same numbers, in tests/wasm.rs.
pub const FINGERPRINTS: [(DatasetName, u64, u64); 5] = [
    (DatasetName::Line, 42, 0xa375_93b0_22cd_abc2),
    (DatasetName::Groups, 7, 0xa9cd_fdc8_1a71_e090),
    (DatasetName::Wave, 42, 0x2e90_2e12_4b85_c2ee),
    (DatasetName::Steps, 42, 0x54e7_da08_32c7_0b5d),
    (DatasetName::Middle, 7, 0xe1b7_0693_555f_fd2b),
];

#[test]
fn generated_data_has_a_fixed_fingerprint() {
    for (name, seed, expected) in FINGERPRINTS {
        println!("{name:?} {seed}: {:#x}", fingerprint(name, seed));
        assert_eq!(fingerprint(name, seed), expected, "{name:?} seed {seed}");
    }
}

#[test]
fn every_data_set_differs_by_seed_and_is_well_formed() {
    for name in DatasetName::ALL {
        let a = DatasetSpec {
            name,
            n: 40,
            noise: 0.5,
        }
        .generate(1);
        let b = DatasetSpec {
            name,
            n: 40,
            noise: 0.5,
        }
        .generate(2);
        assert_eq!(a.len(), 40);
        assert_ne!(a, b, "{name:?}");
        assert!(a.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
        if name.problem() == gradient_descent_lab::maths::model::Problem::Classification {
            assert!(a.iter().all(|p| p.y == 0.0 || p.y == 1.0));
            assert!(a.iter().any(|p| p.y == 0.0) && a.iter().any(|p| p.y == 1.0));
        }
    }
}
