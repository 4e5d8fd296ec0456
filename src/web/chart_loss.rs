//! The loss chart: the loss after every step (thinned for long runs), on a
//! linear or a log scale, with the best possible loss dashed for reference.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::canvas::Surface;
use super::chart::{AxesSpec, RunStyle, axes, drawing_error, extent, padded};
use super::palette::{BEST, LOSS};
use crate::lab::Lab;

#[derive(Clone, Copy, Debug, Default)]
pub struct LossOptions {
    /// Plot `log10(loss)`, so that the late, small losses stay visible.
    pub log_scale: bool,
}

/// Losses this small are drawn at this floor on the log scale.
const LOG_FLOOR: f64 = 1e-12;

pub fn draw_loss(surface: Surface, lab: &Lab, options: LossOptions) -> Result<(), String> {
    let scale = surface.scale;
    let root = surface.backend.into_drawing_area();
    let runs = lab.runs();
    let best = lab.optimum().map(|o| o.loss);
    let transform = |loss: f64| {
        if options.log_scale {
            loss.max(LOG_FLOOR).log10()
        } else {
            loss
        }
    };

    let last_step = runs.iter().map(|r| r.step_count()).max().unwrap_or(0);
    let x = (0.0, (last_step as f64).max(10.0));
    let values = runs
        .iter()
        .flat_map(|run| run.history().records().iter().map(|r| transform(r.loss)))
        .chain(best.map(transform));
    let (low, high) = extent(values).unwrap_or((0.0, 1.0));
    let y = if options.log_scale {
        padded(low, high, 0.08)
    } else {
        (0.0, padded(low, high, 0.05).1.max(f64::MIN_POSITIVE))
    };
    let log = options.log_scale;
    let y_desc = if log { "loss (log scale)" } else { "loss" };
    let spec = AxesSpec {
        x,
        y,
        x_desc: "step",
        y_desc,
        y_log: log,
        grid: true,
        right: 0.0,
    };
    let chart = axes(&root, scale, &spec)?;
    let stroke = |css: f64| ((css * scale).round() as u32).max(1);

    if let Some(best) = best {
        let level = transform(best);
        chart
            .draw(&DashedPathElement::new(
                [(x.0, level), (x.1, level)],
                stroke(6.0),
                stroke(4.0),
                BEST.mix(0.8).stroke_width(stroke(1.5)),
            ))
            .map_err(drawing_error)?;
    }
    if runs.len() == 1 {
        // One run: the loss in its own colour, as everywhere on the page.
        let records = runs[0].history().records();
        let curve = records.iter().map(|r| (r.step as f64, transform(r.loss)));
        chart
            .draw(&PathElement::new(
                curve.collect::<Vec<_>>(),
                LOSS.stroke_width(stroke(2.0)),
            ))
            .map_err(drawing_error)?;
        if let Some(r) = records.last() {
            chart
                .draw(&Circle::new(
                    (r.step as f64, transform(r.loss)),
                    stroke(4.0),
                    LOSS.filled(),
                ))
                .map_err(drawing_error)?;
        }
    } else {
        // A race: each run in its own colour, pattern and marker.
        for (index, run) in runs.iter().enumerate().rev() {
            let records = run.history().records();
            let style = RunStyle::of(index);
            let curve = records.iter().map(|r| (r.step as f64, transform(r.loss)));
            style.line(&chart, curve, 2.0, scale)?;
            if let Some(r) = records.last() {
                style.marker(&chart, (r.step as f64, transform(r.loss)), 3.5, scale)?;
            }
        }
    }
    root.present().map_err(drawing_error)
}
