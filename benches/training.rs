//! Native training throughput: one step (a pass over every point, the
//! update, the new loss) for both problems at 100 to 1,000,000 points.
//! `./build.sh bench` runs this and compares it with the same steps in wasm
//! and in a plain JavaScript loop (BENCHMARKS.md).

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gradient_descent_lab::data::points::Data;
use gradient_descent_lab::data::rng::Rng;
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::maths::loss::PointLoss;
use gradient_descent_lab::maths::network::{Activation, Network, Output};
use gradient_descent_lab::training::trainer::{Settings, Trainer};

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

/// A 1-8-8-1 tanh network, one full-batch step (forward, backward, update,
/// new loss) on points of a wave; the figure to read is ns per point.
fn network(c: &mut Criterion) {
    let mut group = c.benchmark_group("step/network-1-8-8-1-tanh");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for n in [100, 1_000, 10_000] {
        let xs: Vec<f64> = (0..n).map(|i| -3.0 + 6.0 * i as f64 / n as f64).collect();
        let ys = xs.iter().map(|x| x.sin()).collect();
        let data = Data { xs, ys };
        let net = Network::new(
            1,
            &[8, 8],
            Activation::Tanh,
            Output::Single(PointLoss::SquaredError),
        );
        let mut rng = Rng::new(1, 1);
        let start = net.initial_theta(|| rng.uniform());
        let settings = Settings {
            learning_rate: 0.001,
            ..Settings::default()
        };
        let mut trainer = Trainer::new(net, settings, &data, start, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
            bench.iter(|| trainer.step(&data))
        });
    }
    group.finish();
}

criterion_group!(benches, training, network);
criterion_main!(benches);
