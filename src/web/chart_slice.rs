//! The slice chart, with the learning-rate lessons: the loss along the
//! valley's steepest direction (core `slice`), and where the last steps of
//! the run landed on it, joined in order, so a learner sees each step land
//! nearer the floor, zig-zag across it, or overshoot by more each time.

use plotters::prelude::*;

use super::canvas::Surface;
use super::chart::{AxesSpec, axes, drawing_error, extent, padded};
use super::palette::{BACKGROUND, INK, LOSS, MODEL};
use crate::lab::Lab;
use crate::lab::slice::Slice;
use crate::maths::model::Problem;

/// The steps drawn: the most recent ones (the start too while they include it).
const STEPS: usize = 40;
/// Evaluations of the loss for the curve (classification): fewer on big data.
const WORK: f64 = 3e5;

pub fn draw_slice(surface: Surface, lab: &Lab) -> Result<(), String> {
    let scale = surface.scale;
    let root = surface.backend.into_drawing_area();
    let slice = Slice::of(lab);
    let records = lab.trainer().history().records();
    let shown = &records[records.len().saturating_sub(STEPS)..];
    let distances: Vec<f64> = shown.iter().map(|r| slice.along((r.w(), r.b()))).collect();
    let reach = extent(distances.iter().map(|s| s.abs())).map_or(1.0, |(_, high)| high);
    let reach = if reach > 0.0 { reach * 1.15 } else { 1.0 };

    // The loss along the line: the parabola for regression (exact: the
    // loss is quadratic), samples of the loss itself for classification.
    let model = lab.trainer().model;
    let data = lab.data();
    let loss_at = |s: f64| match model.problem {
        Problem::Regression => slice.floor + 0.5 * slice.curvature * s * s,
        Problem::Classification => {
            let (w, b) = slice.at(s);
            model.loss(&data.xs, &data.ys, w, b)
        }
    };
    let samples = match model.problem {
        Problem::Regression => 80,
        Problem::Classification => (WORK / data.len().max(1) as f64).clamp(8.0, 80.0) as usize,
    };
    let curve: Vec<(f64, f64)> = (0..=samples)
        .map(|i| {
            let s = reach * (2.0 * i as f64 / samples as f64 - 1.0);
            (s, loss_at(s))
        })
        .collect();
    // Each landing on the curve (between samples, on the chord for classification).
    let on_curve = |s: f64| match model.problem {
        Problem::Regression => loss_at(s),
        Problem::Classification => {
            // (max and min: f64::clamp would link float formatting for its panic.)
            let at = ((s / reach + 1.0) / 2.0 * samples as f64)
                .max(0.0)
                .min(samples as f64 - 1e-9);
            let (i, t) = (at.floor() as usize, at.fract());
            curve[i].1 * (1.0 - t) + curve[(i + 1).min(samples)].1 * t
        }
    };
    let landings: Vec<(f64, f64)> = distances.iter().map(|&s| (s, on_curve(s))).collect();

    let (low, high) = extent(curve.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
    let spec = AxesSpec {
        x: (-reach, reach),
        y: padded(low, high, 0.06),
        x_desc: "distance from the floor, along the steepest direction",
        y_desc: "loss",
        y_log: false,
        grid: true,
        right: 0.0,
    };
    let chart = axes(&root, scale, &spec)?;
    let px = |css: f64| ((css * scale).round() as u32).max(1);
    let draw = |drawn: Result<(), _>| drawn.map_err(drawing_error);
    draw(chart.draw(&PathElement::new(curve, LOSS.stroke_width(px(2.0)))))?;
    let cross = Cross::new(
        (0.0, slice.floor),
        px(5.0) as i32,
        INK.stroke_width(px(2.0)),
    );
    draw(chart.draw(&cross))?;
    draw(chart.draw(&PathElement::new(
        landings.clone(),
        MODEL.stroke_width(px(1.5)),
    )))?;
    for &at in &landings {
        draw(chart.draw(&Circle::new(at, px(3.0), MODEL.filled())))?;
    }
    if shown.first().is_some_and(|r| r.step == 0) {
        draw(chart.draw(&Circle::new(
            landings[0],
            px(5.0),
            INK.stroke_width(px(2.0)),
        )))?;
    }
    if let Some(&last) = landings.last() {
        draw(chart.draw(&Circle::new(last, px(5.0), MODEL.filled())))?;
        draw(chart.draw(&Circle::new(
            last,
            px(5.0),
            BACKGROUND.stroke_width(px(1.5)),
        )))?;
    }
    root.present().map_err(drawing_error)
}
