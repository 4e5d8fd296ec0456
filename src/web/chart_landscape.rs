//! The loss landscape chart: the heatmap with contour lines (computed in the
//! core, drawn as one image and cached until the data, the model or the view
//! change), the path of each run, the arrow of the next step, the start, the
//! optimum, and a legend of the log colour scale.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{HtmlCanvasElement, ImageData};

use super::canvas::{Frame, Surface, context};
use super::chart::{AxesSpec, RunStyle, axes, drawing_error, frame, short_label};
use super::palette::{AXIS, BACKGROUND, FONT, INK, LABEL_SIZE, MODEL};
use crate::lab::Lab;
use crate::lab::landscape::{ColourScale, Framing, GRID_COLS, GRID_ROWS, Grid, View, render};

/// Room for the colour legend right of the plot, in CSS pixels.
const LEGEND: f64 = 70.0;

/// What the landscape chart keeps between frames.
#[derive(Default)]
pub struct LandscapeState {
    framing: Option<(FramingKey, Framing, View)>,
    heatmap: Option<Heatmap>,
    /// How many times the heatmap was computed (it should not be on a plain step).
    pub computations: u32,
}

/// The view is framed anew for new data, a new model or a new start.
#[derive(Clone, Copy, PartialEq)]
struct FramingKey {
    version: u64,
    start: (f64, f64),
}

/// The finished heatmap image and what it was computed for.
struct Heatmap {
    key: (u64, [u64; 4], u32, u32),
    image: HtmlCanvasElement,
    scale: ColourScale,
}

impl LandscapeState {
    /// The view for this frame: framed for the current run, grown to hold
    /// every run's current point, zoomed out `zoom_out` times.
    fn view(&mut self, lab: &Lab, zoom_out: i32) -> View {
        let start = lab.trainer().start();
        let key = FramingKey {
            version: lab.version(),
            start: (start.w(), start.b()),
        };
        if self.framing.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let optimum = lab.optimum().map(|o| (o.w, o.b));
            let framing = Framing::new(key.start, optimum, lab.curvature());
            let first = framing.view();
            self.framing = Some((key, framing, first));
        }
        let (_, framing, first) = self.framing.as_mut().expect("framed above");
        let here: Vec<(f64, f64)> = lab.runs().iter().map(|r| (r.w(), r.b())).collect();
        framing.include(&here, *first);
        framing.zoom_out = zoom_out;
        framing.view()
    }
}

pub fn draw_landscape(
    surface: Surface,
    canvas: &HtmlCanvasElement,
    lab: &Lab,
    state: &mut LandscapeState,
    zoom_out: i32,
) -> Result<Frame, String> {
    let scale = surface.scale;
    let view = state.view(lab, zoom_out);
    let root = surface.backend.into_drawing_area();
    let spec = AxesSpec {
        x: view.w,
        y: view.b,
        x_desc: "weight w",
        y_desc: "bias b",
        y_log: false,
        grid: false,
        right: LEGEND,
    };
    let chart = axes(&root, scale, &spec)?;
    let (xs, ys) = chart.get_pixel_range();
    // (A canvas too small for its margins leaves no plot: one pixel, not a negative size.)
    let (width, height) = (
        (xs.end - xs.start).max(1) as u32,
        (ys.end - ys.start).max(1) as u32,
    );

    // The heatmap: computed only when the data, the model, the view or the size changed.
    let bits = [view.w.0, view.w.1, view.b.0, view.b.1].map(f64::to_bits);
    let key = (lab.version(), bits, width, height);
    if state.heatmap.as_ref().is_none_or(|h| h.key != key) {
        state.heatmap = Some(compute_heatmap(lab, view, width, height, key)?);
        state.computations += 1;
    }
    let heatmap = state.heatmap.as_ref().expect("computed above");
    context(canvas)?
        .draw_image_with_html_canvas_element(&heatmap.image, xs.start as f64, ys.start as f64)
        .map_err(|_| "Could not draw the landscape image.".to_string())?;

    let stroke = |css: f64| ((css * scale).round() as u32).max(1);
    // Every run's path, each on a white halo so it shows on dark and light ground.
    for (index, run) in lab.runs().iter().enumerate().rev() {
        let path: Vec<(f64, f64)> = run
            .history()
            .records()
            .iter()
            .map(|r| (r.w(), r.b()))
            .collect();
        chart
            .draw(&PathElement::new(
                path.clone(),
                BACKGROUND.mix(0.8).stroke_width(stroke(4.5)),
            ))
            .map_err(drawing_error)?;
        RunStyle::of(index).line(&chart, path, 2.0, scale)?;
    }

    // The start (a ring) and the optimum (a cross).
    let start = lab.trainer().start();
    chart
        .draw(&Circle::new(
            (start.w(), start.b()),
            stroke(5.0),
            INK.stroke_width(stroke(2.0)),
        ))
        .map_err(drawing_error)?;
    if let Some(best) = lab.optimum() {
        let size = stroke(7.0) as i32;
        let cross = |colour: RGBColor, width: u32| {
            let style = colour.stroke_width(width);
            EmptyElement::at((best.w, best.b))
                + PathElement::new(vec![(-size, -size), (size, size)], style)
                + PathElement::new(vec![(-size, size), (size, -size)], style)
        };
        chart
            .draw(&cross(BACKGROUND, stroke(4.5)))
            .map_err(drawing_error)?;
        chart
            .draw(&cross(INK, stroke(2.0)))
            .map_err(drawing_error)?;
    }

    // The arrow of the next step from the lab's own run: the direction of
    // steepest descent, as long as the step it will take.
    let run = lab.trainer();
    if !run.diverged() {
        let next = run.preview().next;
        let from = chart.map_coordinate(&(run.w(), run.b()));
        let to = chart.map_coordinate(&(next[0], next[1]));
        if let Some(to) = clipped(from, to, chart.get_pixel_range()) {
            arrow(&root, from, to, scale)?;
        }
    }
    for (index, run) in lab.runs().iter().enumerate().rev() {
        RunStyle::of(index).marker(&chart, (run.w(), run.b()), 4.5, scale)?;
    }

    legend(&root, &heatmap.scale, (xs.end, ys.start, ys.end), scale)?;
    let frame = frame(&chart, scale);
    root.present().map_err(drawing_error)?;
    Ok(frame)
}

/// Computes the grid, colours it, and puts the pixels in an offscreen canvas.
fn compute_heatmap(
    lab: &Lab,
    view: View,
    width: u32,
    height: u32,
    key: (u64, [u64; 4], u32, u32),
) -> Result<Heatmap, String> {
    let grid = Grid::compute(&lab.trainer().model, lab.data(), view, GRID_COLS, GRID_ROWS);
    let (low, high) = grid.range();
    let scale = ColourScale::new(low, high);
    let (w, h) = (width.max(1), height.max(1));
    let pixels = render(&grid, &scale, w as usize, h as usize, true);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("No document to draw in.")?;
    let image: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "Could not make a canvas.")?
        .unchecked_into();
    image.set_width(w);
    image.set_height(h);
    let data = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), w, h)
        .map_err(|_| "Could not make the landscape image.")?;
    context(&image)?
        .put_image_data(&data, 0.0, 0.0)
        .map_err(|_| "Could not fill the landscape image.")?;
    Ok(Heatmap { key, image, scale })
}

/// Where the line from `from` to `to` leaves the plot (`to` if it stays
/// in it); `None` if `from` is outside (the view zoomed in past it).
fn clipped(
    from: (i32, i32),
    to: (i32, i32),
    (xs, ys): (std::ops::Range<i32>, std::ops::Range<i32>),
) -> Option<(i32, i32)> {
    let mut t: f64 = 1.0;
    for (at, end, range) in [(from.0, to.0, xs), (from.1, to.1, ys)] {
        if !range.contains(&at) {
            return None;
        }
        let d = (end - at) as f64;
        let edge = if d > 0.0 { range.end } else { range.start };
        if d != 0.0 {
            t = t.min((edge - at) as f64 / d);
        }
    }
    let along = |a: i32, b: i32| a + ((b - a) as f64 * t).round() as i32;
    Some((along(from.0, to.0), along(from.1, to.1)))
}

/// A line from `from` to `to` (backend pixels) with an arrowhead at `to`.
fn arrow(
    root: &DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>,
    from: (i32, i32),
    to: (i32, i32),
    scale: f64,
) -> Result<(), String> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let head = (7.0 * scale).min(length * 0.6);
    let (ux, uy) = (dx / length, dy / length);
    let wing = |side: f64| {
        (
            (to.0 as f64 - head * ux + side * head * 0.55 * uy).round() as i32,
            (to.1 as f64 - head * uy - side * head * 0.55 * ux).round() as i32,
        )
    };
    let halo = BACKGROUND.stroke_width(((4.5 * scale).round() as u32).max(1));
    let ink = MODEL.stroke_width(((2.0 * scale).round() as u32).max(1));
    for style in [halo, ink] {
        root.draw(&PathElement::new(vec![from, to], style))
            .map_err(drawing_error)?;
        root.draw(&PathElement::new(vec![wing(1.0), to, wing(-1.0)], style))
            .map_err(drawing_error)?;
    }
    Ok(())
}

/// The colour bar right of the plot, labelled with losses on its log scale.
fn legend(
    root: &DrawingArea<plotters_canvas::CanvasBackend, plotters::coord::Shift>,
    colours: &ColourScale,
    (plot_right, top, bottom): (i32, i32, i32),
    scale: f64,
) -> Result<(), String> {
    let px = |css: f64| (css * scale).round() as i32;
    let (left, right) = (plot_right + px(12.0), plot_right + px(24.0));
    // Room above the bar for the title, clear of the top label (which is
    // centred on the bar's top edge).
    let (top, bottom) = (top + px(20.0), bottom);
    let steps = 48;
    for i in 0..steps {
        // Top of the bar is the highest loss.
        let t0 = 1.0 - i as f64 / steps as f64;
        let y0 = top + (bottom - top) * i / steps;
        let y1 = top + (bottom - top) * (i + 1) / steps;
        let [r, g, b] = ColourScale::colour(t0 - 0.5 / steps as f64);
        root.draw(&Rectangle::new(
            [(left, y0), (right, y1)],
            RGBColor(r, g, b).filled(),
        ))
        .map_err(drawing_error)?;
    }
    root.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        AXIS.stroke_width(1),
    ))
    .map_err(drawing_error)?;
    let font = (FontFamily::Name(FONT), LABEL_SIZE * scale)
        .into_font()
        .color(&AXIS);
    let label = font.pos(Pos::new(HPos::Left, VPos::Center));
    let bar = (bottom - top) as f64;
    for t in [0.0f64, 0.5, 0.8, 1.0] {
        // The ends, and the labels between that clear them on a short bar.
        let inner = t.min(1.0 - t);
        if inner > 0.0 && inner * bar < LABEL_SIZE * 1.2 * scale {
            continue;
        }
        let y = bottom - (bar * t).round() as i32;
        root.draw(&Text::new(
            short_label(colours.loss_at(t)),
            (right + px(4.0), y),
            label.clone(),
        ))
        .map_err(drawing_error)?;
    }
    let title = font.pos(Pos::new(HPos::Center, VPos::Bottom));
    root.draw(&Text::new(
        "loss",
        ((left + right) / 2, top - px(9.0)),
        title,
    ))
    .map_err(drawing_error)
}
