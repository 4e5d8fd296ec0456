//! The loss landscape: the loss over a grid of `(w, b)`, its colours on a log
//! scale, and the heatmap with contour lines as one RGBA image.
//!
//! The grid is computed once per data set, model and view; drawing a frame
//! only copies the finished image.

use crate::data::points::Data;
use crate::maths::model::Problem;
use crate::maths::model::{LossKind, Model};

/// A rectangle of parameter space: `w` across, `b` up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub w: (f64, f64),
    pub b: (f64, f64),
}

impl View {
    pub fn contains(&self, w: f64, b: f64) -> bool {
        (self.w.0..=self.w.1).contains(&w) && (self.b.0..=self.b.1).contains(&b)
    }

    /// The smallest view around `points` with a margin, at least `min_half`
    /// wide in each direction from its centre.
    pub fn around(points: &[(f64, f64)], min_half: f64) -> View {
        let finite = points
            .iter()
            .filter(|(w, b)| w.is_finite() && b.is_finite());
        let (mut w0, mut w1, mut b0, mut b1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(w, b) in finite {
            (w0, w1, b0, b1) = (w0.min(w), w1.max(w), b0.min(b), b1.max(b));
        }
        if w0 > w1 {
            (w0, w1, b0, b1) = (0.0, 0.0, 0.0, 0.0);
        }
        let half = |low: f64, high: f64| ((high - low) * 0.5 * 1.12).max(min_half);
        let (cw, cb) = ((w0 + w1) / 2.0, (b0 + b1) / 2.0);
        let (hw, hb) = (half(w0, w1), half(b0, b1));
        View {
            w: (cw - hw, cw + hw),
            b: (cb - hb, cb + hb),
        }
    }

    /// The same centre, `factor` times as wide and tall.
    pub fn scaled(&self, factor: f64) -> View {
        let scale = |(low, high): (f64, f64)| {
            let (centre, half) = ((low + high) / 2.0, (high - low) / 2.0 * factor);
            (centre - half, centre + half)
        };
        View {
            w: scale(self.w),
            b: scale(self.b),
        }
    }
}

/// How the landscape view follows a run: it frames the start, the optimum and
/// the path, grows (never shrinks) when the path leaves it, and zooms out on request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Framing {
    base: View,
    /// How many times the learner zoomed out (each doubles the view; a
    /// negative number zooms in).
    pub zoom_out: i32,
}

/// The path may push the view out to this many times its first size.
const MAX_GROWTH: f64 = 64.0;

impl Framing {
    /// A view of the start, the optimum and the valley between them: with the
    /// Hessian `h` at the optimum, the loss near it is `L* + ½·dᵀ·h·d`, and
    /// the view takes in the whole contour through the start, where a
    /// descending path stays.
    pub fn new(start: (f64, f64), optimum: Option<(f64, f64)>, h: [f64; 3]) -> Framing {
        let mut points = vec![start];
        if let Some(best) = optimum {
            points.push(best);
            let [hww, hwb, hbb] = h;
            let det = hww * hbb - hwb * hwb;
            let (dw, db) = (start.0 - best.0, start.1 - best.1);
            let level = 0.5 * (hww * dw * dw + 2.0 * hwb * dw * db + hbb * db * db);
            if hww > 0.0 && det > 0.0 && level > 0.0 {
                // The contour's extent along w and b: √(2·level·(h⁻¹)ᵢᵢ).
                let half_w = (2.0 * level * hbb / det).sqrt();
                let half_b = (2.0 * level * hww / det).sqrt();
                points.push((best.0 - half_w, best.1 - half_b));
                points.push((best.0 + half_w, best.1 + half_b));
            }
        }
        Framing {
            base: View::around(&points, 1.0),
            zoom_out: 0,
        }
    }

    /// The view to draw.
    pub fn view(&self) -> View {
        self.base.scaled(2f64.powi(self.zoom_out))
    }

    /// Grows the view to take in `points` (the runs' current points), up to a
    /// limit; returns true when it changed (the landscape must be recomputed).
    pub fn include(&mut self, points: &[(f64, f64)], first: View) -> bool {
        let view = self.view();
        if points
            .iter()
            .all(|&(w, b)| view.contains(w, b) || !w.is_finite() || !b.is_finite())
        {
            return false;
        }
        let mut all = points.to_vec();
        all.extend([
            (self.base.w.0, self.base.b.0),
            (self.base.w.1, self.base.b.1),
        ]);
        let grown = View::around(&all, 0.0);
        let limit = first.scaled(MAX_GROWTH);
        let clamp = |(low, high): (f64, f64), (lo, hi): (f64, f64)| (low.max(lo), high.min(hi));
        let grown = View {
            w: clamp(grown.w, limit.w),
            b: clamp(grown.b, limit.b),
        };
        let changed = grown != self.base;
        self.base = grown;
        changed
    }
}

/// The loss at the nodes of a grid over a view. Row 0 is the top (largest `b`).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub view: View,
    pub cols: usize,
    pub rows: usize,
    pub losses: Vec<f64>,
}

/// Grid nodes across and up.
pub const GRID_COLS: usize = 96;
pub const GRID_ROWS: usize = 72;
/// Beyond twice this many points, classification losses on the landscape are
/// computed from the points grouped into this many bins of x per class (the
/// landscape is a picture; training always uses every point).
pub const BINS: usize = 128;

impl Grid {
    /// The `(w, b)` of node `(col, row)`.
    pub fn node(&self, col: usize, row: usize) -> (f64, f64) {
        let u = col as f64 / (self.cols - 1) as f64;
        let v = row as f64 / (self.rows - 1) as f64;
        (
            self.view.w.0 + u * (self.view.w.1 - self.view.w.0),
            self.view.b.1 - v * (self.view.b.1 - self.view.b.0),
        )
    }

    /// The loss of `model` on `data` at every node of a `cols` × `rows` grid over `view`.
    pub fn compute(model: &Model, data: &Data, view: View, cols: usize, rows: usize) -> Grid {
        let mut grid = Grid {
            view,
            cols: cols.max(2),
            rows: rows.max(2),
            losses: Vec::with_capacity(cols * rows),
        };
        let evaluate = Evaluator::new(model, data);
        for row in 0..grid.rows {
            for col in 0..grid.cols {
                let (w, b) = grid.node(col, row);
                grid.losses.push(evaluate.loss(w, b));
            }
        }
        grid
    }

    /// The smallest and largest finite loss on the grid.
    pub fn range(&self) -> (f64, f64) {
        self.losses
            .iter()
            .filter(|l| l.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &l| {
                (lo.min(l), hi.max(l))
            })
    }
}

/// The loss at any `(w, b)`, computed the cheapest exact way (or, for large
/// classification data, from binned points).
enum Evaluator<'a> {
    /// MSE of a line, from centred moments: with `u = x − x̄`, `v = y − ȳ` and
    /// `c = w·x̄ + b − ȳ`, `MSE = w²·E[u²] − 2w·E[uv] + E[v²] + c²`.
    Moments {
        mean_x: f64,
        mean_y: f64,
        uu: f64,
        uv: f64,
        vv: f64,
    },
    Points(&'a Model, &'a Data),
    /// `(x, y, weight)`: bin centres of mass, with their share of the points.
    Binned(&'a Model, Vec<(f64, f64, f64)>),
}

impl<'a> Evaluator<'a> {
    fn new(model: &'a Model, data: &'a Data) -> Evaluator<'a> {
        let n = data.len() as f64;
        if model.problem == Problem::Regression && model.loss == LossKind::Mse {
            let mean_x = data.xs.iter().sum::<f64>() / n;
            let mean_y = data.ys.iter().sum::<f64>() / n;
            let (mut uu, mut uv, mut vv) = (0.0, 0.0, 0.0);
            for (&x, &y) in data.xs.iter().zip(&data.ys) {
                let (u, v) = (x - mean_x, y - mean_y);
                uu += u * u;
                uv += u * v;
                vv += v * v;
            }
            return Evaluator::Moments {
                mean_x,
                mean_y,
                uu: uu / n,
                uv: uv / n,
                vv: vv / n,
            };
        }
        if data.len() <= 2 * BINS {
            return Evaluator::Points(model, data);
        }
        Evaluator::Binned(model, bin(data))
    }

    fn loss(&self, w: f64, b: f64) -> f64 {
        match self {
            Evaluator::Moments {
                mean_x,
                mean_y,
                uu,
                uv,
                vv,
            } => {
                let c = w * mean_x + b - mean_y;
                (w * w * uu - 2.0 * w * uv + vv).max(0.0) + c * c
            }
            Evaluator::Points(model, data) => model.loss(&data.xs, &data.ys, w, b),
            Evaluator::Binned(model, bins) => bins
                .iter()
                .map(|&(x, y, weight)| weight * model.loss_and_dz(w * x + b, y).0)
                .sum(),
        }
    }
}

/// The points grouped by label into `BINS` equal bins of x, each kept as its
/// mean x and its share of all points.
fn bin(data: &Data) -> Vec<(f64, f64, f64)> {
    let (low, high) = data
        .xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let width = (high - low).max(f64::MIN_POSITIVE);
    let mut sums = vec![(0.0, 0usize); 2 * BINS];
    for (&x, &y) in data.xs.iter().zip(&data.ys) {
        let slot = (((x - low) / width * BINS as f64) as usize).min(BINS - 1);
        let index = if y == 1.0 { BINS + slot } else { slot };
        sums[index].0 += x;
        sums[index].1 += 1;
    }
    let n = data.len() as f64;
    sums.iter()
        .enumerate()
        .filter(|(_, (_, count))| *count > 0)
        .map(|(i, &(sum, count))| {
            let y = if i >= BINS { 1.0 } else { 0.0 };
            (sum / count as f64, y, count as f64 / n)
        })
        .collect()
}

/// Colours by loss on a log scale: `t = log(1 + (L − L_min)/u) / log(1 + (L_max − L_min)/u)`
/// with `u` a thousandth of the range, so the valley floor and the rim, three
/// decades apart, both get their own shades.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColourScale {
    pub min: f64,
    pub max: f64,
    unit: f64,
}

/// The lightest and darkest colours of the scale, and one between.
const PALETTE: [[f64; 3]; 3] = [
    [247.0, 251.0, 250.0],
    [118.0, 190.0, 178.0],
    [8.0, 64.0, 70.0],
];
/// Contour lines at these steps of `t`.
pub const CONTOURS: f64 = 10.0;

impl ColourScale {
    pub fn new(min: f64, max: f64) -> ColourScale {
        let (min, max) = if min.is_finite() && max.is_finite() && max > min {
            (min, max)
        } else {
            let m = if min.is_finite() { min } else { 0.0 };
            (m, m + 1.0)
        };
        ColourScale {
            min,
            max,
            unit: (max - min) * 1e-3,
        }
    }

    /// Where `loss` falls on the scale, from 0 (lowest) to 1 (highest).
    pub fn position(&self, loss: f64) -> f64 {
        if !loss.is_finite() {
            return 1.0;
        }
        let top = (1.0 + (self.max - self.min) / self.unit).ln();
        ((1.0 + (loss - self.min).max(0.0) / self.unit).ln() / top).clamp(0.0, 1.0)
    }

    /// The loss at position `t` (the inverse of [`ColourScale::position`]).
    pub fn loss_at(&self, t: f64) -> f64 {
        let top = (1.0 + (self.max - self.min) / self.unit).ln();
        self.min + self.unit * ((t * top).exp() - 1.0)
    }

    /// The colour at position `t`.
    pub fn colour(t: f64) -> [u8; 3] {
        let t = t.clamp(0.0, 1.0) * (PALETTE.len() - 1) as f64;
        let i = (t as usize).min(PALETTE.len() - 2);
        let f = t - i as f64;
        let mix =
            |k: usize| (PALETTE[i][k] + f * (PALETTE[i + 1][k] - PALETTE[i][k])).round() as u8;
        [mix(0), mix(1), mix(2)]
    }
}

/// The heatmap (with contour lines when `contours`) as RGBA pixels, `width` ×
/// `height`, from the grid's positions on the colour scale, bilinearly
/// interpolated.
pub fn render(
    grid: &Grid,
    scale: &ColourScale,
    width: usize,
    height: usize,
    contours: bool,
) -> Vec<u8> {
    let positions: Vec<f64> = grid.losses.iter().map(|&l| scale.position(l)).collect();
    // Colours of 1024 steps of the scale, looked up instead of mixed per pixel.
    const STEPS: usize = 1024;
    let palette: Vec<[u8; 3]> = (0..STEPS)
        .map(|i| ColourScale::colour(i as f64 / (STEPS - 1) as f64))
        .collect();
    // Each pixel lies between grid nodes: its node and weight along x are the
    // same in every row, along y the same in every column.
    let locate = |p: usize, pixels: usize, nodes: usize| {
        let g = (p as f64 + 0.5) / pixels as f64 * (nodes - 1) as f64;
        let node = (g as usize).min(nodes - 2);
        (node, g - node as f64)
    };
    let columns: Vec<(usize, f64)> = (0..width).map(|px| locate(px, width, grid.cols)).collect();
    let mut band_above = vec![0i64; width];
    let mut pixels = vec![0u8; width * height * 4];
    for py in 0..height {
        let (r, fy) = locate(py, height, grid.rows);
        let (top, bottom) = (
            &positions[r * grid.cols..],
            &positions[(r + 1) * grid.cols..],
        );
        let mut band_left = i64::MIN;
        for (px, (above, &(c, fx))) in band_above.iter_mut().zip(&columns).enumerate() {
            // Bilinear interpolation of the four nearest nodes.
            let upper = top[c] + (top[c + 1] - top[c]) * fx;
            let lower = bottom[c] + (bottom[c + 1] - bottom[c]) * fx;
            let t = upper + (lower - upper) * fy;
            let band = (t * CONTOURS).floor() as i64;
            // A contour line runs where the band changes from a neighbour.
            let edge = (px > 0 && band != band_left) || (py > 0 && band != *above);
            band_left = band;
            *above = band;
            let [mut red, mut green, mut blue] =
                palette[((t.clamp(0.0, 1.0) * (STEPS - 1) as f64) as usize).min(STEPS - 1)];
            if edge && contours {
                let darken = |c: u8| (c as u32 * 5 / 8) as u8;
                (red, green, blue) = (darken(red), darken(green), darken(blue));
            }
            let i = (py * width + px) * 4;
            pixels[i..i + 4].copy_from_slice(&[red, green, blue, 255]);
        }
    }
    pixels
}
