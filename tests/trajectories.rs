//! The same numbers, bit for bit: the trajectories of a fixed set of runs
//! (every optimizer × batch size × problem × two data sets × two seeds, 200
//! steps each) against a record taken from the code as it was. A reshaping
//! of the core that keeps the lesson "exactly as it is" keeps these.
//!
//! `RECORD=1 cargo test --test trajectories` writes the record anew (only
//! when the numbers are meant to change, and say so in the commit).

use std::fmt::Write;

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::io::config::{Config, DataSource};
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::training::optimizer::OptimizerKind;
use gradient_descent_lab::training::trainer::Settings;

const RECORD: &str = "tests/trajectories.txt";

/// FNV-1a over the bits of every number a run shows: its state after each
/// step, and its history.
fn fingerprint(lab: &mut Lab) -> (u64, String) {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut add = |v: f64| {
        for byte in v.to_bits().to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for _ in 0..200 {
        lab.step(1);
        let s = lab.state();
        for v in [s.w, s.b, s.loss, s.grad_w, s.grad_b] {
            add(v);
        }
        for v in [
            s.update.w.next,
            s.update.b.next,
            s.update.w.new_first,
            s.update.w.new_second,
        ] {
            add(v);
        }
    }
    for r in lab.trainer().history().records() {
        for v in [r.step as f64, r.w(), r.b(), r.loss] {
            add(v);
        }
    }
    let s = lab.state();
    let last = format!(
        "{:016x} {:016x} {:016x}",
        s.w.to_bits(),
        s.b.to_bits(),
        s.loss.to_bits()
    );
    (hash, last)
}

fn runs() -> String {
    let mut out = String::new();
    for problem in [Problem::Regression, Problem::Classification] {
        let names: Vec<DatasetName> = DatasetName::ALL
            .into_iter()
            .filter(|d| d.problem() == problem && d.name() != "houses")
            .take(2)
            .collect();
        for name in names {
            for seed in [7u64, 42] {
                for optimizer in OptimizerKind::ALL {
                    for batch_size in [0usize, 1, 4] {
                        let mut config = Config::default_for(problem);
                        config.data = DataSource::Generated(DatasetSpec {
                            name,
                            ..DatasetSpec::default_for(problem)
                        });
                        config.seed = seed;
                        config.settings = Settings {
                            optimizer,
                            batch_size,
                            learning_rate: if optimizer == OptimizerKind::Gd {
                                0.3
                            } else {
                                0.05
                            },
                            ..config.settings
                        };
                        let (hash, last) = fingerprint(&mut Lab::new(config));
                        let label = format!(
                            "{} {} {} batch={batch_size}",
                            name.name(),
                            seed,
                            optimizer.name()
                        );
                        writeln!(out, "{label:40} {hash:016x} {last}").unwrap();
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_run_of_the_record_gives_the_same_numbers_bit_for_bit() {
    let now = runs();
    if std::env::var_os("RECORD").is_some() {
        std::fs::write(RECORD, &now).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(RECORD).expect("the record (RECORD=1 writes it)");
    for (then, now) in recorded.lines().zip(now.lines()) {
        assert_eq!(now, then, "a run's numbers changed");
    }
    assert_eq!(recorded.lines().count(), now.lines().count());
}
