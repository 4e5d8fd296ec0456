//! Canvases sized for the screen: the backing store is the CSS size times
//! `devicePixelRatio`, so charts stay sharp on HiDPI screens (plotters-canvas
//! ignores the ratio, so the charts scale their strokes and fonts by it).

use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas ready to draw on, and how many backing pixels make one CSS pixel.
pub struct Surface {
    pub backend: CanvasBackend,
    pub scale: f64,
}

/// Where a chart's plotting area lies on its canvas (in CSS pixels) and
/// which data ranges it shows, so that a click can be turned into data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Frame {
    /// The data coordinates under the CSS pixel `(px, py)`, if inside the plot.
    pub fn data_at(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        let u = (px - self.left) / self.width;
        let v = (py - self.top) / self.height;
        ((0.0..=1.0).contains(&u) && (0.0..=1.0).contains(&v)).then_some((
            self.x.0 + u * (self.x.1 - self.x.0),
            self.y.1 - v * (self.y.1 - self.y.0),
        ))
    }

    /// The size of one CSS pixel in data units, along x and y.
    pub fn pixel_size(&self) -> (f64, f64) {
        (
            (self.x.1 - self.x.0) / self.width,
            (self.y.1 - self.y.0) / self.height,
        )
    }
}

/// Sizes the canvas's backing store to its CSS size × devicePixelRatio and
/// wraps it for plotters. `None` when the canvas has no 2D context; a canvas
/// that is not laid out (hidden) keeps its own size.
pub fn prepare(canvas: &HtmlCanvasElement) -> Result<Surface, String> {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0);
    let (css_width, css_height) = (canvas.client_width(), canvas.client_height());
    let scale = if css_width > 0 && css_height > 0 {
        let width = (css_width as f64 * ratio).round() as u32;
        let height = (css_height as f64 * ratio).round() as u32;
        if canvas.width() != width || canvas.height() != height {
            canvas.set_width(width);
            canvas.set_height(height);
        }
        ratio
    } else {
        1.0
    };
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("This canvas has no 2D drawing context (is it already used for WebGL?).")?;
    Ok(Surface { backend, scale })
}

/// The canvas's 2D context, for what is drawn in bulk rather than through plotters.
pub fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| "This canvas has no 2D drawing context.".to_string())
}
