//! The colours and sizes shared by every chart (the page's `style.css` uses
//! the same colours, so the line, the data and the loss look alike in every view).

use plotters::style::RGBColor;

/// The data points.
pub const DATA: RGBColor = RGBColor(0x33, 0x4e, 0x7a);
/// Points of class 1 in classification (class 0 uses `DATA`).
pub const CLASS_ONE: RGBColor = RGBColor(0xa3, 0x58, 0x00);
/// The model: the current line or sigmoid.
pub const MODEL: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
/// The best line, faint, for reference.
pub const BEST: RGBColor = RGBColor(0x7a, 0x7a, 0x7a);
/// The loss, on the loss chart and in the text.
pub const LOSS: RGBColor = RGBColor(0x0b, 0x7a, 0x75);
/// A chosen point (backpropagation).
pub const SELECTED: RGBColor = RGBColor(0x6b, 0x2f, 0x9c);
/// The runs of a race: the lab's own run in the model colour, then three
/// more. Each also has its own line pattern and marker (see `chart::RunStyle`),
/// so colour is never the only cue.
pub const RUNS: [RGBColor; 4] = [
    MODEL,
    RGBColor(0x1f, 0x62, 0xc4),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x8a, 0x6a, 0x00),
];
/// Markers on the landscape: the start and the optimum.
pub const INK: RGBColor = RGBColor(0x1f, 0x23, 0x28);

/// Axes, labels and grid lines.
pub const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);
pub const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// The font of every label.
pub const FONT: &str = "system-ui, sans-serif";
/// Label size in CSS pixels.
pub const LABEL_SIZE: f64 = 12.0;
