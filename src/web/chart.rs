//! What every chart shares: the axes, the tick labels and the frame that maps
//! a click back to data.
//!
//! Labels sit left of and below the plot only: plotters lays those out by
//! their anchor, without measuring text in the DOM (which it does for labels
//! on the right, and for captions).

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use super::canvas::Frame;
use super::palette::{AXIS, BACKGROUND, FONT, GRID, LABEL_SIZE};

pub type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Turns a plotters error into the message that reaches JS.
pub fn drawing_error(error: impl std::fmt::Display) -> String {
    format!("Drawing failed: {error}")
}

/// Clears the canvas and builds a chart over `x` × `y` with labelled axes.
pub fn axes<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    scale: f64,
    x: (f64, f64),
    y: (f64, f64),
    (x_desc, y_desc): (&str, &str),
    y_label: &dyn Fn(&f64) -> String,
) -> Result<Chart<'a>, String> {
    root.fill(&BACKGROUND).map_err(drawing_error)?;
    let px = |css: f64| (css * scale).round() as u32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(10.0))
        .margin_right(px(14.0))
        .margin_left(px(4.0))
        .margin_bottom(px(4.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(58.0))
        .build_cartesian_2d(x.0..x.1, y.0..y.1)
        .map_err(drawing_error)?;
    let label_font = (FONT, LABEL_SIZE * scale).into_font().color(&AXIS);
    let desc_font = (FONT, (LABEL_SIZE + 1.0) * scale).into_font().color(&AXIS);
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .bold_line_style(GRID.stroke_width(px(1.0).max(1)))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(px(1.0).max(1)))
        .set_all_tick_mark_size(px(4.0))
        .label_style(label_font)
        .axis_desc_style(desc_font)
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(y_label)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .draw()
        .map_err(drawing_error)?;
    Ok(chart)
}

/// The plotting area of `chart` in CSS pixels, with its data ranges.
pub fn frame(chart: &Chart, scale: f64) -> Frame {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let x = chart.x_range();
    let y = chart.y_range();
    Frame {
        left: xs.start as f64 / scale,
        top: ys.start as f64 / scale,
        width: (xs.end - xs.start) as f64 / scale,
        height: (ys.end - ys.start) as f64 / scale,
        x: (x.start, x.end),
        y: (y.start, y.end),
    }
}

/// A tick label: short, no trailing zeros, exponent form for very large or small values.
pub fn tick_label(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || a < 1e-12 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        let text = format!("{v:.1e}");
        text.replace(".0e", "e")
    } else {
        let text = format!("{v:.3}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".into()
        } else {
            text.into()
        }
    }
}

/// `range` widened by `fraction` of its width on each side (or by 1 if empty).
pub fn padded(low: f64, high: f64, fraction: f64) -> (f64, f64) {
    let width = high - low;
    if width.is_nan() || width <= 0.0 || !width.is_finite() {
        let centre = if low.is_finite() { low } else { 0.0 };
        let half = centre.abs().max(1.0) * 0.5;
        return (centre - half, centre + half);
    }
    (low - width * fraction, high + width * fraction)
}

/// The smallest and largest of `values`, ignoring non-finite ones.
pub fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short_and_plain() {
        assert_eq!(tick_label(0.0), "0");
        assert_eq!(tick_label(2.5), "2.5");
        assert_eq!(tick_label(-1.0), "-1");
        assert_eq!(tick_label(0.125), "0.125");
        assert_eq!(tick_label(1e-5), "1e-5");
        assert_eq!(tick_label(250000.0), "2.5e5");
        assert_eq!(tick_label(-0.0001), "-1e-4");
    }

    #[test]
    fn padding_widens_and_never_collapses() {
        assert_eq!(padded(0.0, 10.0, 0.1), (-1.0, 11.0));
        let (low, high) = padded(3.0, 3.0, 0.1);
        assert!(low < 3.0 && high > 3.0);
        assert_eq!(
            extent([2.0, f64::NAN, -1.0, 5.0].into_iter()),
            Some((-1.0, 5.0))
        );
        assert_eq!(extent(std::iter::empty()), None);
    }
}
