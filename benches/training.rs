//! Native training throughput: one step (a pass over every point, the
//! update, the new loss) for both problems at 100 to 1,000,000 points.
//! `./build.sh bench` runs this and compares it with the same steps in wasm
//! and in a plain JavaScript loop (BENCHMARKS.md).

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;

const SIZES: [usize; 5] = [100, 1_000, 10_000, 100_000, 1_000_000];

fn training(c: &mut Criterion) {
    for (problem, dataset) in [("regression", "line"), ("classification", "groups")] {
        let mut group = c.benchmark_group(format!("step/{problem}"));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
        for n in SIZES {
            let mut lab = Lab::from_value(&Value::object([
                ("problem", Value::String(problem.into())),
                (
                    "dataset",
                    Value::object([
                        ("name", Value::String(dataset.into())),
                        ("n", Value::Number(n as f64)),
                    ]),
                ),
                // Small enough never to converge or diverge while measured.
                ("learningRate", Value::Number(0.01)),
            ]))
            .unwrap();
            group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
                bench.iter(|| lab.step(1))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, training);
criterion_main!(benches);
