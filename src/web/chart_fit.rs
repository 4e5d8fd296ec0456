//! The data chart: the points, the current model (a line or a sigmoid), the
//! best line faint for reference, residuals on request, the chosen point.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use web_sys::HtmlCanvasElement;

use super::canvas::{Frame, Surface, context};
use super::chart::{AxesSpec, Chart, RunStyle, axes, drawing_error, extent, frame, padded};
use super::palette::{BEST, CLASS_ONE, DATA, MODEL, SELECTED};
use crate::lab::Lab;
use crate::maths::model::Problem;

/// What to show besides the points and the model.
#[derive(Clone, Copy, Debug, Default)]
pub struct FitOptions {
    /// Draw each point's residual (its vertical distance to the model).
    pub residuals: bool,
    /// The point chosen for the backpropagation panel.
    pub selected: Option<usize>,
}

/// At most this many points are drawn one by one; larger sets are thinned evenly.
const MAX_DRAWN_POINTS: usize = 4000;

pub fn draw_fit(
    surface: Surface,
    canvas: &HtmlCanvasElement,
    lab: &Lab,
    options: FitOptions,
) -> Result<Frame, String> {
    let scale = surface.scale;
    let root = surface.backend.into_drawing_area();
    let data = lab.data();
    let trainer = lab.trainer();
    let (w, b) = (trainer.w(), trainer.b());
    let model = trainer.model;
    let classification = lab.problem() == Problem::Classification;

    let (x_low, x_high) = extent(data.xs.iter().copied()).unwrap_or((0.0, 1.0));
    let x = padded(x_low, x_high, 0.06);
    let y = if classification {
        (-0.12, 1.12)
    } else {
        let (y_low, y_high) = extent(data.ys.iter().copied()).unwrap_or((0.0, 1.0));
        padded(y_low, y_high, 0.1)
    };
    let y_desc = if classification {
        "label y, probability ŷ"
    } else {
        "y"
    };
    let x_desc = if lab.x_transform().is_some() {
        "x (standardised)"
    } else {
        "x"
    };
    let spec = AxesSpec {
        x,
        y,
        x_desc,
        y_desc,
        y_log: false,
        grid: true,
        right: 0.0,
    };
    let chart = axes(&root, scale, &spec)?;
    let stroke = |css: f64| ((css * scale).round() as u32).max(1);

    if classification {
        // The threshold: ŷ = 0.5 where z = w·x + b = 0, that is at x = −b/w.
        let faint = MODEL.mix(0.55).stroke_width(stroke(1.0));
        chart
            .draw(&DashedPathElement::new(
                [(x.0, 0.5), (x.1, 0.5)],
                stroke(2.0),
                stroke(4.0),
                BEST.mix(0.6).stroke_width(stroke(1.0)),
            ))
            .map_err(drawing_error)?;
        let threshold = -b / w;
        if w != 0.0 && threshold > x.0 && threshold < x.1 {
            chart
                .draw(&DashedPathElement::new(
                    [(threshold, y.0), (threshold, y.1)],
                    stroke(5.0),
                    stroke(4.0),
                    faint,
                ))
                .map_err(drawing_error)?;
        }
    }

    let stride = data.len().div_ceil(MAX_DRAWN_POINTS).max(1);
    if options.residuals {
        let residuals = (0..data.len()).step_by(stride).map(|i| {
            let p = data.point(i);
            PathElement::new(
                vec![(p.x, p.y), (p.x, model.predict(w, b, p.x))],
                MODEL.mix(0.45).stroke_width(stroke(1.0)),
            )
        });
        for residual in residuals {
            chart.draw(&residual).map_err(drawing_error)?;
        }
    }

    if let Some(best) = lab.optimum() {
        let best_line = curve(&model, best.w, best.b, x, y, classification);
        chart
            .draw(&DashedPathElement::new(
                best_line,
                stroke(6.0),
                stroke(4.0),
                BEST.mix(0.8).stroke_width(stroke(1.5)),
            ))
            .map_err(drawing_error)?;
    }

    draw_points(canvas, &chart, lab, stride, 3.5 * scale)?;

    // The points of the next mini-batch, ringed.
    let batch = trainer.next_batch();
    if !batch.is_empty() && data.len() <= MAX_DRAWN_POINTS {
        let rings = batch.iter().map(|&i| {
            let p = data.point(i as usize);
            Circle::new(
                (p.x, p.y),
                stroke(5.5),
                MODEL.mix(0.7).stroke_width(stroke(1.5)),
            )
        });
        for ring in rings {
            chart.draw(&ring).map_err(drawing_error)?;
        }
    }

    // Each run's model; the lab's own on top.
    for (index, run) in lab.runs().iter().enumerate().rev() {
        let line = curve(&model, run.w(), run.b(), x, y, classification);
        RunStyle::of(index).line(&chart, line, 2.5, scale)?;
    }

    if let Some(index) = options.selected.filter(|&i| i < data.len()) {
        let p = data.point(index);
        chart
            .draw(&Circle::new(
                (p.x, p.y),
                stroke(7.0),
                SELECTED.stroke_width(stroke(2.0)),
            ))
            .map_err(drawing_error)?;
    }
    let frame = frame(&chart, scale);
    root.present().map_err(drawing_error)?;
    Ok(frame)
}

/// The points in bulk, straight onto the canvas: one path and one fill per
/// class (circles for class 0 and for regression, squares for class 1, so the
/// classes differ by more than colour), never a path per point.
fn draw_points(
    canvas: &HtmlCanvasElement,
    chart: &Chart,
    lab: &Lab,
    stride: usize,
    radius: f64,
) -> Result<(), String> {
    let context = context(canvas)?;
    let data = lab.data();
    let classification = lab.problem() == Problem::Classification;
    let (xs, ys) = chart.get_pixel_range();
    context.save();
    context.begin_path();
    context.rect(
        xs.start as f64,
        ys.start as f64,
        (xs.end - xs.start) as f64,
        (ys.end - ys.start) as f64,
    );
    context.clip();
    for (squares, RGBColor(r, g, b)) in [(false, DATA), (true, CLASS_ONE)] {
        context.begin_path();
        for i in (0..data.len()).step_by(stride) {
            let p = data.point(i);
            if (classification && p.y == 1.0) != squares {
                continue;
            }
            let (px, py) = chart.map_coordinate(&(p.x, p.y));
            let (px, py) = (px as f64, py as f64);
            if squares {
                context.rect(px - radius, py - radius, 2.0 * radius, 2.0 * radius);
            } else {
                context.move_to(px + radius, py);
                let _ = context.arc(px, py, radius, 0.0, std::f64::consts::TAU);
            }
        }
        context.set_fill_style_str(&format!("rgba({r},{g},{b},0.85)"));
        context.fill();
    }
    context.restore();
    Ok(())
}

/// The model's curve across the chart: the straight line clipped to the
/// chart's box, or the sigmoid sampled finely enough to look smooth.
fn curve(
    model: &crate::maths::model::Model,
    w: f64,
    b: f64,
    x: (f64, f64),
    y: (f64, f64),
    classification: bool,
) -> Vec<(f64, f64)> {
    if classification {
        let samples = 240;
        return (0..=samples)
            .map(|i| {
                let xi = x.0 + (x.1 - x.0) * i as f64 / samples as f64;
                (xi, model.predict(w, b, xi))
            })
            .collect();
    }
    clip_line(w, b, x, y).map_or_else(Vec::new, |(p, q)| vec![p, q])
}

/// The part of the line `y = w·x + b` inside the box `x` × `y`, if any.
pub fn clip_line(w: f64, b: f64, x: (f64, f64), y: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let (mut x0, mut x1) = x;
    if w != 0.0 {
        // Where the line crosses the bottom and top of the box.
        let (a, c) = ((y.0 - b) / w, (y.1 - b) / w);
        x0 = x0.max(a.min(c));
        x1 = x1.min(a.max(c));
    } else if b < y.0 || b > y.1 {
        return None;
    }
    (x0 <= x1 && x0.is_finite() && x1.is_finite()).then_some(((x0, w * x0 + b), (x1, w * x1 + b)))
}

#[cfg(test)]
mod tests {
    use super::clip_line;

    #[test]
    fn the_line_is_clipped_to_the_box() {
        // y = 2x on [0, 10] × [0, 4] leaves the box at x = 2.
        assert_eq!(
            clip_line(2.0, 0.0, (0.0, 10.0), (0.0, 4.0)),
            Some(((0.0, 0.0), (2.0, 4.0)))
        );
        // A flat line inside, and one above the box.
        assert_eq!(
            clip_line(0.0, 1.0, (0.0, 2.0), (0.0, 4.0)),
            Some(((0.0, 1.0), (2.0, 1.0)))
        );
        assert_eq!(clip_line(0.0, 9.0, (0.0, 2.0), (0.0, 4.0)), None);
        // A steep line that misses the box entirely.
        assert_eq!(clip_line(1.0, 100.0, (0.0, 2.0), (0.0, 4.0)), None);
    }
}
