//! The loss landscape: its values are the loss, its colours follow the loss,
//! its contour lines are there, and its view frames the run.

use gradient_descent_lab::data::datasets::{DatasetName, DatasetSpec};
use gradient_descent_lab::io::value::Value;
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::lab::landscape::{ColourScale, Framing, Grid, View, render};
use gradient_descent_lab::maths::model::Problem;
use gradient_descent_lab::maths::model::{LossKind, Model};

fn data(name: DatasetName, n: usize) -> gradient_descent_lab::data::points::Data {
    let points = DatasetSpec {
        name,
        n,
        noise: 0.5,
    }
    .generate(3);
    gradient_descent_lab::data::points::Data::from_points(&points)
}

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn the_landscape_is_the_loss_at_each_w_and_b() {
    let view = View {
        w: (-3.0, 5.0),
        b: (-4.0, 4.0),
    };
    let cases = [
        (
            Problem::Regression,
            LossKind::Mse,
            DatasetName::Line,
            40,
            1e-12,
        ),
        (
            Problem::Regression,
            LossKind::Mse,
            DatasetName::Outliers,
            5000,
            1e-10,
        ),
        (
            Problem::Classification,
            LossKind::CrossEntropy,
            DatasetName::Groups,
            200,
            1e-14,
        ),
        (
            Problem::Classification,
            LossKind::Mse,
            DatasetName::Mislabelled,
            200,
            1e-14,
        ),
        // Large classification sets are binned for the picture: close, not exact.
        (
            Problem::Classification,
            LossKind::CrossEntropy,
            DatasetName::Groups,
            20_000,
            2e-3,
        ),
    ];
    for (problem, loss, name, n, tolerance) in cases {
        let model = Model::new(problem, loss);
        let data = data(name, n);
        let grid = Grid::compute(&model, &data, view, 24, 18);
        assert_eq!(grid.losses.len(), 24 * 18);
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let (w, b) = grid.node(col, row);
                let exact = model.loss(&data.xs, &data.ys, w, b);
                let shown = grid.losses[row * grid.cols + col];
                assert!(
                    relative(shown, exact) <= tolerance,
                    "{problem:?} {loss:?} n={n} at ({w}, {b}): {shown} vs {exact}"
                );
            }
        }
        // The corners are the corners of the view; row 0 is the top.
        assert_eq!(grid.node(0, 0), (-3.0, 4.0));
        assert_eq!(grid.node(23, 17), (5.0, -4.0));
    }
}

#[test]
fn colours_darken_with_the_loss_on_a_log_scale() {
    let scale = ColourScale::new(0.1, 100.0);
    assert_eq!(scale.position(0.1), 0.0);
    assert_eq!(scale.position(100.0), 1.0);
    assert_eq!(scale.position(f64::NAN), 1.0);
    let mut last = -1.0;
    for k in 0..=40 {
        let loss = 0.1 * 1000f64.powf(k as f64 / 40.0);
        let t = scale.position(loss);
        assert!(t > last || t == 1.0, "monotone");
        assert!(relative(scale.loss_at(t), loss) < 1e-9 || t == 1.0);
        last = t;
    }
    // A log scale: the bottom tenth of the range takes far more than a tenth of the colours.
    assert!(scale.position(10.0) > 0.6);
    let dark = |t: f64| {
        ColourScale::colour(t)
            .iter()
            .map(|&c| c as u32)
            .sum::<u32>()
    };
    assert!(dark(0.0) > dark(0.5) && dark(0.5) > dark(1.0));
}

#[test]
fn the_heatmap_has_contour_lines() {
    let model = Model::new(Problem::Regression, LossKind::Mse);
    let data = data(DatasetName::Line, 30);
    let grid = Grid::compute(
        &model,
        &data,
        View {
            w: (-2.0, 6.0),
            b: (-4.0, 4.0),
        },
        48,
        36,
    );
    let (low, high) = grid.range();
    let scale = ColourScale::new(low, high);
    let (width, height) = (200, 150);
    let pixels = render(&grid, &scale, width, height, true);
    let plain = render(&grid, &scale, width, height, false);
    assert_eq!(pixels.len(), width * height * 4);
    assert!(pixels.chunks_exact(4).all(|p| p[3] == 255), "opaque");
    let distinct: std::collections::HashSet<[u8; 3]> =
        plain.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect();
    assert!(distinct.len() > 100, "a smooth gradient of colours");
    // Contour lines: thin (a small share of the image) and darker than the heatmap under them.
    let lines: Vec<usize> = (0..width * height)
        .filter(|&i| pixels[i * 4..i * 4 + 3] != plain[i * 4..i * 4 + 3])
        .collect();
    assert!(
        lines.len() > 300 && lines.len() < width * height / 5,
        "{} contour pixels",
        lines.len()
    );
    assert!(
        lines
            .iter()
            .all(|&i| (0..3).all(|k| pixels[i * 4 + k] <= plain[i * 4 + k]))
    );
    // From the valley floor outwards the colours get darker.
    let brightness = |px: usize, py: usize| {
        let i = (py * width + px) * 4;
        plain[i] as u32 + plain[i + 1] as u32 + plain[i + 2] as u32
    };
    let (best, corner) = (
        (0..width * height)
            .min_by(|&a, &b| {
                grid_at(&grid, a, width, height).total_cmp(&grid_at(&grid, b, width, height))
            })
            .unwrap(),
        (0, 0),
    );
    assert!(brightness(best % width, best / width) > brightness(corner.0, corner.1));
}

/// The grid's loss nearest to a pixel.
fn grid_at(grid: &Grid, i: usize, width: usize, height: usize) -> f64 {
    let col = (i % width) * (grid.cols - 1) / (width - 1);
    let row = (i / width) * (grid.rows - 1) / (height - 1);
    grid.losses[row * grid.cols + col]
}

#[test]
fn the_view_frames_the_start_and_the_optimum_and_follows_the_path() {
    let framing = Framing::new((-2.0, 3.0), Some((2.0, 0.5)), [0.0; 3]);
    let view = framing.view();
    assert!(view.contains(-2.0, 3.0) && view.contains(2.0, 0.5));
    let mut framing = framing;
    assert!(!framing.include(&[(0.0, 1.0)], view), "inside: no change");
    assert!(
        framing.include(&[(9.0, 1.0)], view),
        "outside: the view grows"
    );
    assert!(framing.view().contains(9.0, 1.0));
    // Zooming out doubles the view about its centre.
    let before = framing.view();
    framing.zoom_out = 1;
    let after = framing.view();
    assert!(((after.w.1 - after.w.0) - 2.0 * (before.w.1 - before.w.0)).abs() < 1e-12);
    // A diverging path cannot push the view out without bound.
    let mut framing = Framing::new((0.0, 0.0), Some((1.0, 1.0)), [0.0; 3]);
    let first = framing.view();
    framing.include(&[(1e12, -1e12)], first);
    assert!(framing.view().w.1 - framing.view().w.0 <= 64.0 * (first.w.1 - first.w.0) + 1e-9);
}

#[test]
fn the_lab_changes_its_version_only_when_the_landscape_changes() {
    let mut lab = Lab::from_value(&Value::Null).unwrap();
    let version = lab.version();
    lab.step(20);
    lab.set(&Value::object([("learningRate", Value::Number(0.05))]))
        .unwrap();
    lab.reset(None);
    assert_eq!(
        lab.version(),
        version,
        "steps, settings and resets keep the landscape"
    );
    lab.add_point(gradient_descent_lab::data::points::Point { x: 1.0, y: 0.0 })
        .unwrap();
    assert_ne!(lab.version(), version, "new data, new landscape");
    let other = Lab::from_value(&Value::Null).unwrap();
    assert_ne!(other.version(), lab.version(), "every lab has its own");
}

/// Plain gradient descent at a stable learning rate never leaves the framed
/// view: the view holds the whole contour through the start.
#[test]
fn a_descending_path_stays_in_the_framed_view() {
    for seed in 0..30 {
        for fraction in [0.1, 0.5, 0.9] {
            let base =
                Lab::from_value(&Value::object([("seed", Value::Number(seed as f64))])).unwrap();
            let rate = fraction * base.stable_learning_rate().unwrap();
            let mut lab = Lab::from_value(&Value::object([
                ("seed", Value::Number(seed as f64)),
                ("learningRate", Value::Number(rate)),
            ]))
            .unwrap();
            let best = lab.optimum().unwrap();
            let start = lab.trainer().start();
            let view = Framing::new(
                (start.w(), start.b()),
                Some((best.w, best.b)),
                lab.curvature(),
            )
            .view();
            for _ in 0..300 {
                lab.step(1);
                let st = lab.state();
                assert!(
                    view.contains(st.w, st.b),
                    "seed {seed}, {fraction}: ({}, {}) outside {view:?}",
                    st.w,
                    st.b
                );
            }
        }
    }
}
