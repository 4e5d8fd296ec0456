//! What every chart shares: the axes, the tick labels and the frame that maps
//! a click back to data.
//!
//! The axes are drawn here, with plotters' rectangles and text, rather than
//! by plotters' ChartBuilder and mesh: those took a tenth of the page's
//! WebAssembly, and measured every label in the DOM. Ticks are round values
//! (1, 2 or 5 times a power of ten), on a log axis labelled with the values.

use std::f64::consts::LN_10;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;

use super::canvas::Frame;
use super::palette::{AXIS, BACKGROUND, FONT, GRID, LABEL_SIZE, RUNS};
use crate::io::number::significant;
use crate::maths::elementary::exp_neg;

/// The plot: a drawing area in data coordinates.
pub type Chart = DrawingArea<CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Turns a plotters error into the message that reaches JS.
pub fn drawing_error(error: impl std::fmt::Display) -> String {
    format!("Drawing failed: {error}")
}

/// What a chart's axes show.
pub struct AxesSpec<'a> {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    /// The y axis is log10 of the values; its ticks are labelled with the
    /// values (0.01, 0.1, 1), not their logarithms.
    pub y_log: bool,
    /// Light grid lines at the ticks (off where a heatmap fills the plot).
    pub grid: bool,
    /// Room right of the plot, in CSS pixels (for a colour legend).
    pub right: f64,
}

/// Clears the canvas and builds a chart with labelled axes.
pub fn axes(
    root: &DrawingArea<CanvasBackend, Shift>,
    scale: f64,
    spec: &AxesSpec,
) -> Result<Chart, String> {
    root.fill(&BACKGROUND).map_err(drawing_error)?;
    let px = |css: f64| (css * scale).round() as i32;
    // Small charts (an embedded lab, a phone) get tighter margins and labels.
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let compact = width < px(300.0) || height < px(190.0);
    let (size, x_area, y_area) = if compact {
        (LABEL_SIZE - 1.5, 33.0, 44.0)
    } else {
        (LABEL_SIZE, 40.0, 58.0)
    };
    let label = (FontFamily::Name(FONT), size * scale)
        .into_font()
        .color(&AXIS);
    let title = (FontFamily::Name(FONT), (size + 1.0) * scale)
        .into_font()
        .color(&AXIS);
    // A label's width, from its length: digits are at most 0.64 em wide in
    // common system fonts (measuring each with the canvas cost the page
    // 0.2 KB).
    let em = 0.64 * size * scale;
    let line = px(1.0).max(1);
    let tick = px(4.0);
    // The plot, inside margins that hold the labels (plotters' ChartBuilder
    // does the same, with code for every layout and a sort of its edges).
    // Left of the y ticks, room for their longest label, and for the y
    // title clear of it.
    let y_labels = y_ticks(spec, if compact { 4 } else { 5 });
    let title_width = px(10.0) + ((size + 1.0) * scale * 1.2) as i32;
    let labels_width = (longest(&y_labels) as f64 * em) as i32 + tick + line + px(4.0);
    let left = px(4.0 + y_area).max(title_width + labels_width);
    let right_margin = px(if compact { 8.0 } else { 14.0 } + spec.right);
    let area = root.margin(px(10.0), px(4.0 + x_area), left, right_margin);
    let (xs, ys) = area.get_pixel_range();
    let chart = area.apply_coord_spec(Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
        spec.x.0..spec.x.1,
        spec.y.0..spec.y.1,
        (xs.start..xs.end - 1, ys.end - 1..ys.start),
    ));
    // The x ticks: fewer where their labels would crowd each other.
    let mut most = if compact { 4 } else { 6 };
    let x_labels = loop {
        let mut labels = vec![];
        for t in nice_ticks(spec.x.0, spec.x.1, most) {
            labels.push((t, tick_label(t)));
        }
        // Pixels between neighbouring ticks.
        let apart = match labels[..] {
            [(a, _), (b, _), ..] => (b - a) / (spec.x.1 - spec.x.0) * (xs.end - xs.start) as f64,
            _ => f64::INFINITY,
        };
        if most <= 2 || apart >= longest(&labels) as f64 * em + px(8.0) as f64 {
            break labels;
        }
        most -= 1;
    };
    let (left, right, top, bottom) = (xs.start, xs.end, ys.start, ys.end);
    let bar = |x0: i32, y0: i32, x1: i32, y1: i32, colour: &RGBColor| {
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))
    };
    let text = |t: &str, at: (i32, i32), style: TextStyle| root.draw(&Text::new(t, at, style));
    // Grid lines, the two axis lines with tick marks, the tick labels and the
    // axis titles.
    let x_ticks: Vec<(i32, String)> = x_labels
        .into_iter()
        .map(|(t, label)| (chart.map_coordinate(&(t, spec.y.0)).0, label))
        .collect();
    let y_ticks: Vec<(i32, String)> = y_labels
        .into_iter()
        .map(|(t, label)| (chart.map_coordinate(&(spec.x.0, t)).1, label))
        .collect();
    let result = (|| {
        if spec.grid {
            for &(x, _) in &x_ticks {
                bar(x, top, x + line, bottom, &GRID)?;
            }
            for &(y, _) in &y_ticks {
                bar(left, y, right, y + line, &GRID)?;
            }
        }
        bar(left - line, top, left, bottom + line, &AXIS)?;
        bar(left - line, bottom, right, bottom + line, &AXIS)?;
        let below = bottom + line + tick + px(3.0);
        for (x, name) in &x_ticks {
            bar(*x, bottom + line, x + line, bottom + line + tick, &AXIS)?;
            // Centred under its tick, but never past the canvas's right edge.
            let half = (name.len() as f64 * em / 2.0) as i32;
            let style = label.pos(Pos::new(HPos::Center, VPos::Top));
            text(name, ((*x).min(width - half - px(1.0)), below), style)?;
        }
        let beside = left - line - tick - px(4.0);
        for (y, name) in &y_ticks {
            bar(left - line - tick, *y, left - line, y + line, &AXIS)?;
            let style = label.pos(Pos::new(HPos::Right, VPos::Center));
            text(name, (beside, *y), style)?;
        }
        let under = below + (size * scale * 1.3).round() as i32 + px(2.0);
        let (x_desc, half) = x_title(spec.x_desc, width - px(8.0), (size + 1.0) * scale);
        let centre = ((left + right) / 2).clamp(half, (width - half).max(half));
        text(
            x_desc,
            (centre, under),
            title.pos(Pos::new(HPos::Center, VPos::Top)),
        )?;
        // The y title beside the plot's middle, moved to stay on the canvas;
        // left out if the canvas is too short for it.
        let half = (spec.y_desc.len() as f64 * em * 0.55) as i32 + px(2.0);
        if 2 * half > height {
            return Ok(());
        }
        let turned = title
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let middle = ((top + bottom) / 2).max(half).min(height - half);
        text(spec.y_desc, (px(6.0), middle), turned)
    })();
    result.map_err(drawing_error)?;
    Ok(chart)
}

/// The x axis's title and half its width: where the whole title is wider than
/// `room`, only its part before a comma ("distance from the floor" on a
/// phone). A letter counts as half a `font_size` wide.
fn x_title(desc: &str, room: i32, font_size: f64) -> (&str, i32) {
    let half = |t: &str| (t.len() as f64 * font_size / 4.0) as i32;
    // (By bytes: a char pattern would link a searcher.)
    let comma = desc.bytes().position(|b| b == b',');
    match comma.and_then(|at| desc.get(..at)) {
        Some(short) if 2 * half(desc) > room => (short, half(short)),
        _ => (desc, half(desc)),
    }
}

/// The most characters in any of the tick labels.
fn longest(labels: &[(f64, String)]) -> usize {
    let mut most = 0;
    for (_, label) in labels {
        most = most.max(label.len());
    }
    most
}

/// At most `max` ticks of the y axis: positions in its units, and labels.
fn y_ticks(spec: &AxesSpec, max: usize) -> Vec<(f64, String)> {
    if spec.y_log {
        let ticks = log_ticks(spec.y, max);
        if ticks.len() >= 2 {
            return ticks;
        }
    }
    // Round values (on a log axis in a narrow range: between 10^low and
    // 10^high, placed at their logarithms).
    let (low, high) = match spec.y_log {
        true => (power_of_ten(spec.y.0), power_of_ten(spec.y.1)),
        false => spec.y,
    };
    let mut ticks = vec![];
    for value in nice_ticks(low, high, max) {
        let position = if spec.y_log { value.log10() } else { value };
        if position.is_finite() {
            ticks.push((position, tick_label(value)));
        }
    }
    ticks
}

/// How run `index` of a race is drawn: its colour, line pattern and marker.
#[derive(Clone, Copy, Debug)]
pub struct RunStyle {
    pub index: usize,
    pub colour: RGBColor,
    /// Dash and gap in CSS pixels; `None` for a solid line.
    pub dashes: Option<(f64, f64)>,
}

impl RunStyle {
    pub fn of(index: usize) -> RunStyle {
        let dashes = [None, Some((8.0, 5.0)), Some((2.0, 4.0)), Some((14.0, 4.0))];
        RunStyle {
            index,
            colour: RUNS[index % RUNS.len()],
            dashes: dashes[index % dashes.len()],
        }
    }

    /// Draws a polyline through `points` in this run's colour and pattern.
    pub fn line(
        &self,
        chart: &Chart,
        points: impl IntoIterator<Item = (f64, f64)>,
        width: f64,
        scale: f64,
    ) -> Result<(), String> {
        let style = self
            .colour
            .stroke_width(((width * scale).round() as u32).max(1));
        let points: Vec<(f64, f64)> = points.into_iter().collect();
        match self.dashes {
            None => chart.draw(&PathElement::new(points, style)),
            Some((dash, gap)) => chart.draw(&DashedPathElement::new(
                points,
                ((dash * scale).round() as u32).max(1),
                ((gap * scale).round() as u32).max(1),
                style,
            )),
        }
        .map_err(drawing_error)
    }

    /// Draws this run's marker (circle, square, triangle, diamond) at `at`.
    pub fn marker(
        &self,
        chart: &Chart,
        at: (f64, f64),
        size: f64,
        scale: f64,
    ) -> Result<(), String> {
        let r = ((size * scale).round() as i32).max(2);
        let fill = self.colour.filled();
        let outline = BACKGROUND.stroke_width(((1.5 * scale).round() as u32).max(1));
        let area = chart;
        let result = match self.index % 4 {
            0 => area
                .draw(&Circle::new(at, r as u32, fill))
                .and_then(|_| area.draw(&Circle::new(at, r as u32, outline))),
            1 => area.draw(&(EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], fill))),
            2 => area.draw(
                &(EmptyElement::at(at)
                    + Polygon::new(vec![(0, -r - 1), (r + 1, r), (-r - 1, r)], fill)),
            ),
            _ => area.draw(
                &(EmptyElement::at(at)
                    + Polygon::new(vec![(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)], fill)),
            ),
        };
        result.map_err(drawing_error)
    }
}

/// The plotting area of `chart` in CSS pixels, with its data ranges.
pub fn frame(chart: &Chart, scale: f64) -> Frame {
    let (xs, ys) = chart.get_pixel_range();
    let x = chart.get_x_range();
    let y = chart.get_y_range();
    Frame {
        left: xs.start as f64 / scale,
        top: ys.start as f64 / scale,
        width: (xs.end - xs.start) as f64 / scale,
        height: (ys.end - ys.start) as f64 / scale,
        x: (x.start, x.end),
        y: (y.start, y.end),
    }
}

/// At most `max` round ticks in `[low, high]`: the multiples of the
/// smallest step of 1, 2 or 5 times a power of ten that gives no more.
pub fn nice_ticks(low: f64, high: f64, max: usize) -> Vec<f64> {
    let span = high - low;
    if !(span > 0.0 && span.is_finite()) || max == 0 {
        return vec![];
    }
    let base = 10f64.powi((span / max as f64).log10().floor() as i32);
    let mut ticks = vec![];
    for m in [1.0, 2.0, 5.0, 10.0, 20.0] {
        let step = base * m;
        let (first, last) = ((low / step).ceil(), (high / step).floor());
        if last - first < max as f64 {
            // Counted, not `k += 1.0` up to `last`: in a range narrow for
            // its size, adding 1 to `first` may not change it.
            let mut i = 0.0;
            while i <= last - first {
                // (max and min: f64::clamp would link float formatting for its panic.)
                ticks.push(((first + i) * step).max(low).min(high));
                i += 1.0;
            }
            break;
        }
    }
    ticks
}

/// Round ticks for an axis of log10(value) over `(low, high)`, each with its
/// value as the label: 1, 2 and 5 times the powers of ten if at most `max` of
/// them are in view, else 1 and 3 times, else the powers of ten (every
/// second, third… when there are many). Fewer than two in a narrow view.
/// (Plain loops: iterator adapters here cost the page 2 KB.)
pub fn log_ticks((low, high): (f64, f64), max: usize) -> Vec<(f64, String)> {
    for steps in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0], &[1.0]] {
        let mut ticks = vec![];
        for k in low.floor() as i32..=high.ceil() as i32 {
            for &m in steps {
                let value = m * 10f64.powi(k);
                let position = value.log10();
                if low <= position && position <= high {
                    ticks.push((position, tick_label(value)));
                }
            }
        }
        if ticks.len() <= max {
            return ticks;
        }
    }
    let (first, last) = (low.ceil() as i32, high.floor() as i32);
    let every = ((last - first).max(0) as usize / max.max(1) + 1) as i32;
    let mut ticks = vec![];
    for k in first..=last {
        if k.rem_euclid(every) == 0 {
            ticks.push((k as f64, tick_label(10f64.powi(k))));
        }
    }
    ticks
}

/// 10^p, from the exponential that the training loop uses.
fn power_of_ten(p: f64) -> f64 {
    10f64.powi(p.floor() as i32) / exp_neg((p - p.floor()) * LN_10)
}

/// A tick label: short, no trailing zeros, exponent form for very large or small values.
pub fn tick_label(v: f64) -> String {
    if v.abs() < 1e-12 {
        return "0".into();
    }
    significant(v, 4)
}

/// A value with three significant digits, for legends: 35.3, 0.0831, 1.2e7.
pub fn short_label(v: f64) -> String {
    significant(v, 3)
}

/// `range` widened by `fraction` of its width on each side (or by 1 if empty).
pub fn padded(low: f64, high: f64, fraction: f64) -> (f64, f64) {
    let width = high - low;
    // A range narrower than a millionth of a millionth of its size is no range.
    if width.is_nan() || width <= 1e-12 * low.abs().max(high.abs()) || !width.is_finite() {
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
        assert_eq!(tick_label(2.5e6), "2.5e6");
        assert_eq!(tick_label(-0.0001), "-0.0001");
        assert_eq!(tick_label(1e-15), "0");
        assert_eq!(short_label(35.271), "35.3");
        assert_eq!(short_label(0.08312), "0.0831");
        assert_eq!(short_label(8.894), "8.89");
    }

    #[test]
    fn nice_ticks_are_round_and_few() {
        assert_eq!(nice_ticks(0.0, 10.0, 6), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(nice_ticks(-0.05, 2.05, 6), [0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(nice_ticks(0.37, 4.6, 5), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(nice_ticks(-5.2, 5.9, 4), [-5.0, 0.0, 5.0]);
        let labels: Vec<String> = nice_ticks(0.0, 0.35, 4)
            .into_iter()
            .map(tick_label)
            .collect();
        assert_eq!(labels, ["0", "0.1", "0.2", "0.3"]);
        for (low, high, max) in [
            (1e-9, 3e-9, 5),
            (-1e6, 1e7, 6),
            (123.4, 123.5, 5),
            (0.0, 1.0, 1),
        ] {
            let ticks = nice_ticks(low, high, max);
            assert!(
                !ticks.is_empty() && ticks.len() <= max,
                "{low} {high}: {ticks:?}"
            );
            assert!(ticks.iter().all(|t| (low..=high).contains(t)), "{ticks:?}");
        }
        assert!(nice_ticks(1.0, 1.0, 5).is_empty() && nice_ticks(0.0, f64::NAN, 5).is_empty());
        // A range narrow for its size ends (a converged run's loss).
        // (There `first + 1.0 == first`: it looped for ever before.)
        assert!(nice_ticks(0.0827, 0.0827f64.next_up(), 4).len() <= 4);
    }

    #[test]
    fn log_ticks_are_round_values() {
        let labels = |ticks: Vec<(f64, String)>| ticks.into_iter().map(|t| t.1).collect::<Vec<_>>();
        // Many decades: powers of ten, thinned to at most five.
        assert_eq!(
            labels(log_ticks((-12.3, 0.8), 5)),
            ["1e-12", "1e-9", "1e-6", "0.001", "1"]
        );
        assert_eq!(
            labels(log_ticks((-3.2, 0.3), 5)),
            ["0.001", "0.01", "0.1", "1"]
        );
        // Two decades: 1 and 3 times the powers of ten; within one: 1, 2, 5.
        assert_eq!(labels(log_ticks((-1.15, 0.8), 5)), ["0.1", "0.3", "1", "3"]);
        assert_eq!(labels(log_ticks((-1.2, -0.1), 5)), ["0.1", "0.2", "0.5"]);
        // A narrow range: none (the axis then ticks the values themselves).
        assert!(log_ticks((0.0, 1.5f64.log10()), 5).len() < 2);
        assert!((power_of_ten(-1.5) - 10f64.powf(-1.5)).abs() < 1e-15);
    }

    #[test]
    fn padding_widens_and_never_collapses() {
        assert_eq!(padded(0.0, 10.0, 0.1), (-1.0, 11.0));
        let (low, high) = padded(3.0, 3.0, 0.1);
        assert!(low < 3.0 && high > 3.0);
        let (low, high) = padded(0.0827, 0.0827 + 1e-17, 0.1);
        assert!(
            high - low > 0.01,
            "a range too narrow for its size is widened"
        );
        assert_eq!(
            extent([2.0, f64::NAN, -1.0, 5.0].into_iter()),
            Some((-1.0, 5.0))
        );
        assert_eq!(extent(std::iter::empty()), None);
    }

    #[test]
    fn an_x_title_too_wide_for_a_phone_keeps_its_part_before_the_comma() {
        let desc = "distance from the floor, along the steepest direction";
        // 54 letters at 13 px: about 350 px wide.
        assert_eq!(x_title(desc, 320, 13.0).0, "distance from the floor");
        assert_eq!(x_title(desc, 600, 13.0).0, desc);
        assert_eq!(x_title("weight w", 40, 13.0).0, "weight w");
        assert_eq!(x_title(desc, 320, 13.0).1, (23.0 * 13.0 / 4.0) as i32);
    }
}
