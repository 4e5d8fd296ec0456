//! The JS API: `init(config)` returns a [`Lab`] that the page (or a course
//! author's script) drives with small calls and reads with small snapshots.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::canvas::{Frame, prepare};
use super::chart_fit::{FitOptions, draw_fit};
use super::chart_landscape::{LandscapeState, draw_landscape};
use super::chart_loss::{LossOptions, draw_loss};
use super::chart_slice::draw_slice;
use super::convert::{from_js, js_error, to_js};
use crate::data::points::Point;
use crate::io::catalogue::ZOOM;
use crate::io::config::ConfigError;
use crate::io::link;
use crate::io::value::{ToValue, Value};
use crate::lab;
use crate::lab::state::PointReport;

/// The most steps one `step(n)` call takes.
const MAX_STEPS_PER_CALL: f64 = 1e9;

/// Creates a lab: data, a model and a run of gradient descent, at step 1
/// (the start and its loss).
///
/// `config` fields (all optional): `problem` ("regression" or
/// "classification"), `loss` ("mse" or "cross-entropy"), `points`
/// ([{x, y}]) or `dataset` ({ name, n, noise }), `learningRate`, `optimizer`
/// ("gd", "momentum", "nesterov", "rmsprop", "adam"), `momentum`, `alpha`,
/// `beta1`, `beta2`, `epsilon`, `batchSize` (0 = all points), `seed`,
/// `start` ({ w, b }), `race` (up to three more runs [{ optimizer,
/// learningRate, momentum, alpha, beta1, beta2, epsilon, batchSize }]),
/// `standardize` (true: train on standardised x). A bad field throws an
/// `Error` that names it and what it allows.
#[wasm_bindgen]
pub fn init(config: JsValue) -> Result<Lab, JsError> {
    #[cfg(debug_assertions)]
    report_panics_in_the_console();
    let value = from_js(&config, "config").map_err(js_error)?;
    let core = lab::Lab::from_value(&value).map_err(js_error)?;
    Ok(Lab {
        core,
        fit_frame: None,
        landscape: LandscapeState::default(),
        landscape_frame: None,
    })
}

// The text work the browser does well (splitting, percent-decoding, reading
// and writing numbers) is in the page's own JavaScript: wasm-bindgen copies
// each module into pkg/snippets/, and the glue imports it from there.
#[wasm_bindgen(module = "/www/link.js")]
extern "C" {
    /// A link as read: `{ config, steps, view, notices }`.
    type Link;
    #[wasm_bindgen(method, getter)]
    fn config(this: &Link) -> JsValue;
    #[wasm_bindgen(method, setter)]
    fn set_config(this: &Link, config: JsValue);
    #[wasm_bindgen(method, getter)]
    fn notices(this: &Link) -> Array;
    /// A URL query read as a link, by the settings table; its config is not
    /// checked yet.
    #[wasm_bindgen(js_name = readQuery)]
    fn read_query(query: &JsString) -> Link;
    /// The URL parameter of a config field (`dataset.n` → `n`).
    #[wasm_bindgen(js_name = paramOf)]
    fn param_of(field: &str) -> String;
    /// The query that rebuilds a run from its config, steps and the page's view.
    #[wasm_bindgen(js_name = writeQuery)]
    fn write_query(config: &JsValue, steps: f64, view: &JsValue) -> JsString;
}

// link.js imports the catalogue (the settings table, written from
// src/io/settings.rs): naming it here makes wasm-bindgen copy it beside
// link.js into pkg/snippets/, wherever the glue is built.
#[wasm_bindgen(module = "/www/catalogue.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = CATALOGUE)]
    static CATALOGUE: JsValue;
}

#[wasm_bindgen(module = "/www/csv.js")]
extern "C" {
    /// `{ points, errors, header, separator, skipped }` from CSV text.
    #[wasm_bindgen(js_name = readCsv)]
    fn read_csv_text(text: &JsString, problem: &JsString) -> JsValue;
    /// CSV text with a header from the points' columns.
    #[wasm_bindgen(js_name = writeCsv)]
    fn write_csv_text(xs: &[f64], ys: &[f64], problem: &str) -> String;
}

/// Reads a link's query (`location.search`): `{ config, steps, view, notices }`.
/// `config` is ready for `init`; `steps` is how many steps the link's run had
/// taken; `view` holds the page's settings (`embed`, `panels`, `controls`,
/// `speed`, `logScale`, `residuals`, `zoom`, `point`, `play`); `notices` names
/// each parameter that was malformed and took its default. Never throws.
#[wasm_bindgen(js_name = readLink)]
pub fn read_link(query: JsString) -> JsValue {
    let link = read_query(&query);
    // (link.js builds plain objects, arrays, strings and numbers: they always convert.)
    let mut config = from_js(&link.config(), "config").unwrap_or(Value::Null);
    let notices = link::settle(&mut config, param_of);
    if !notices.is_empty() {
        link.set_config(to_js(&config));
        let list = link.notices();
        for notice in notices {
            list.push(&notice.into());
        }
    }
    link.into()
}

/// Reads CSV text: `x,y` rows for regression, `x,label` (0 or 1) for
/// classification; with or without a header; comma, semicolon or tab
/// separated; up to 10,000 rows. Returns `{ points, errors, header,
/// separator, skipped }`: the good rows as `[{x, y}]`, and each bad line as
/// `{ line, reason }`. Never throws.
#[wasm_bindgen(js_name = readCsv)]
pub fn read_csv(text: JsString, problem: JsString) -> JsValue {
    read_csv_text(&text, &problem)
}

/// One lab: its data, its model and its run. Several labs on a page are independent.
#[wasm_bindgen]
pub struct Lab {
    core: lab::Lab,
    /// Where the data chart was last drawn, to turn clicks into data.
    fit_frame: Option<Frame>,
    /// The landscape's framing and its cached heatmap.
    landscape: LandscapeState,
    /// Where the landscape was last drawn, to turn clicks into a start.
    landscape_frame: Option<Frame>,
}

#[wasm_bindgen]
impl Lab {
    /// Takes `count` steps (default 1): each computes the gradient, moves `w`
    /// and `b` against it, and computes the new loss on every point. Returns
    /// the loss after the last step. A diverged lab stays where it was.
    pub fn step(&mut self, count: JsValue) -> Result<f64, JsError> {
        let count = match from_js(&count, "count").map_err(js_error)? {
            Value::Null => 1.0,
            Value::Number(n) if (0.0..=MAX_STEPS_PER_CALL).contains(&n) && n.fract() == 0.0 => n,
            other => {
                return Err(js_error(ConfigError::expected(
                    "count",
                    "a whole number of steps from 0 to 1e9",
                    &other,
                )));
            }
        };
        Ok(self.core.step(count as u64))
    }

    /// The loss on every point at the current `w` and `b`.
    pub fn loss(&self) -> f64 {
        self.core.loss()
    }

    /// A snapshot of the run after its last step: `{ step, epoch, w, b, loss,
    /// gradW, gradB, diverged, divergedAt, converged, problem, lossFunction,
    /// optimizer, learningRate, batchSize, seed, n, batchPoints, batchNumber,
    /// batchesPerEpoch, start, previous, optimum, accuracy, separable,
    /// momentum, alpha, beta1, beta2, epsilon, update, stableLearningRate,
    /// curvature, runs, standardized }` (README.md describes each).
    /// `gradW` and `gradB` are the gradient at the current `(w, b)` that the
    /// next step follows; `start`, `previous` and `optimum` are `{ w, b, loss }`
    /// (`previous` is where the last step began; `optimum` is `null` when no
    /// finite best exists).
    pub fn state(&self) -> Result<JsValue, JsError> {
        Ok(to_js(&self.core.state().to_value()))
    }

    /// Back to step 1: at `start` ({ w, b }) if given, else at a new random
    /// start. `start` may be a `state().start` (its `loss` is ignored).
    pub fn reset(&mut self, start: JsValue) -> Result<(), JsError> {
        let start = match from_js(&start, "start").map_err(js_error)? {
            Value::Null => None,
            Value::Object(mut fields) => {
                fields.retain(|(name, _)| name != "loss");
                let config = Value::object([("start", Value::Object(fields))]);
                crate::io::config::Config::from_value(&config)
                    .map_err(js_error)?
                    .start
            }
            other => {
                return Err(js_error(ConfigError::expected(
                    "start",
                    "an object { w, b }",
                    &other,
                )));
            }
        };
        self.core.reset(start);
        Ok(())
    }

    /// Changes some config fields (the same fields as `init`); the others keep
    /// their values. A new learning rate, optimizer or batch size applies from
    /// the next step; any other change starts a new run. On an error nothing changes.
    pub fn set(&mut self, patch: JsValue) -> Result<(), JsError> {
        let patch = from_js(&patch, "config").map_err(js_error)?;
        self.core.set(&patch).map_err(js_error)
    }

    /// Where step 1's start came from: `{ kind, seed, draw }`, with `kind`
    /// "seed" (drawn at random from `seed` when the run was set up), "reset"
    /// (the `draw`-th new random start from `seed`, by `reset()`), "given" (in
    /// the config, a link, or `reset(start)`) or "edit" (where the line was
    /// when a point was added or removed). Not part of `state()`: a link or
    /// a saved run rebuilds the same state, from a start it gives.
    #[wasm_bindgen(js_name = startFrom)]
    pub fn start_from(&self) -> JsValue {
        to_js(&self.core.start_origin().to_value())
    }

    /// The learning-rate lessons from this run's start: `{ small, good,
    /// large, huge, curvatureMax, curvatureMin, stepsTried }`, each lesson
    /// `{ learningRate, holds, stepsToNear, shareAfter100, crossingsIn30,
    /// divergedAt, lossAfterOne }`: a rate of plain gradient descent on every
    /// point that the rate box takes, and what a run at it does from the
    /// start (worked out by running it). `holds` is false where no such rate
    /// shows what the lesson's name says.
    pub fn lessons(&self) -> JsValue {
        to_js(&crate::lab::lessons::Lessons::of(&self.core).to_value())
    }

    /// The full config of this run, random start included: `init(lab.config())`
    /// makes the same run again.
    pub fn config(&self) -> JsValue {
        to_js(&self.core.config_value())
    }

    /// The query of a link that rebuilds this run, at its current step, with
    /// the page's `view` settings (the fields of `readLink`'s `view`).
    pub fn link(&self, view: JsValue) -> JsString {
        let config = link::link_config(&self.core.config());
        let steps = self.core.trainer().step_count();
        write_query(&to_js(&config), steps as f64, &view)
    }

    /// The data as CSV: a header `x,y` (or `x,label`), then one row per point
    /// (x as given, even when the lab trains on it standardised).
    pub fn csv(&self) -> String {
        let points = self.core.raw_points();
        let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().map(|p| (p.x, p.y)).unzip();
        write_csv_text(&xs, &ys, self.core.problem().name())
    }

    /// The record of the lab's own run, for its loss chart and for export:
    /// `{ step, loss, w, b }`, each a `Float64Array` (every step up to 4,096
    /// records, then the older steps thinned).
    pub fn history(&self) -> JsValue {
        let records = self.core.trainer().history().records();
        let column = |f: fn(&crate::training::history::Record) -> f64| {
            js_sys::Float64Array::from(records.iter().map(f).collect::<Vec<_>>().as_slice())
        };
        let object = js_sys::Object::new();
        for (name, values) in [
            ("step", column(|r| r.step as f64)),
            ("loss", column(|r| r.loss)),
            ("w", column(|r| r.w())),
            ("b", column(|r| r.b())),
        ] {
            let _ = js_sys::Reflect::set(&object, &name.into(), &values);
        }
        object.into()
    }

    /// The points as two columns, `{ x: Float64Array, y: Float64Array }` (x
    /// as the lab trains on it): a cheap copy, even of a million points.
    pub fn columns(&self) -> JsValue {
        let data = self.core.data();
        let object = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &object,
            &"x".into(),
            &js_sys::Float64Array::from(&data.xs[..]),
        );
        let _ = js_sys::Reflect::set(
            &object,
            &"y".into(),
            &js_sys::Float64Array::from(&data.ys[..]),
        );
        object.into()
    }

    /// The points as an array of `{ x, y }`.
    pub fn points(&self) -> JsValue {
        let points = self
            .core
            .data()
            .points()
            .map(|p| Value::object([("x", Value::Number(p.x)), ("y", Value::Number(p.y))]));
        to_js(&Value::Array(points.collect()))
    }

    /// Adds the point `(x, y)` (for classification `y` is the label 0 or 1) and
    /// starts a new run from the current line.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, x: f64, y: f64) -> Result<(), JsError> {
        self.core.add_point(Point { x, y }).map_err(js_error)
    }

    /// Removes the point at `index` and starts a new run from the current line.
    #[wasm_bindgen(js_name = removePoint)]
    pub fn remove_point(&mut self, index: f64) -> Result<(), JsError> {
        let index = point_index(index, self.core.data().len())?;
        self.core.remove_point(index).map(|_| ()).map_err(js_error)
    }

    /// Backpropagation for the point at `index` at the current `(w, b)`:
    /// `{ index, x, y, z, yHat, loss, dLdYhat, dYhatDz, dLdz, dzDw, dzDb, dLdw,
    /// dLdb, compare }`. For classification `compare` is
    /// `{ crossEntropy: { loss, dLdz }, mse: { loss, dLdz } }`, this point under
    /// both losses; for regression it is `null`.
    pub fn trace(&self, index: f64) -> Result<JsValue, JsError> {
        let index = point_index(index, self.core.data().len())?;
        match PointReport::of(&self.core, index) {
            Some(report) => Ok(to_js(&report.to_value())),
            None => Err(JsError::new("No such point.")),
        }
    }

    /// Draws the points, the current line (or sigmoid) and the best line onto
    /// `canvas`, sized to its CSS box × devicePixelRatio. `options`:
    /// `{ residuals: bool, selected: index }`.
    #[wasm_bindgen(js_name = drawFit)]
    pub fn draw_fit(
        &mut self,
        canvas: &HtmlCanvasElement,
        options: JsValue,
    ) -> Result<(), JsError> {
        let options = from_js(&options, "options").map_err(js_error)?;
        let options = FitOptions {
            residuals: flag(&options, "residuals"),
            selected: match options.get("selected") {
                Some(Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as usize),
                _ => None,
            },
        };
        let surface = prepare(canvas).map_err(|e| JsError::new(&e))?;
        let frame = draw_fit(surface, canvas, &self.core, options).map_err(|e| JsError::new(&e))?;
        self.fit_frame = Some(frame);
        Ok(())
    }

    /// Draws the loss after every step onto `canvas`. `options`: `{ logScale: bool }`.
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: &HtmlCanvasElement, options: JsValue) -> Result<(), JsError> {
        let options = from_js(&options, "options").map_err(js_error)?;
        let options = LossOptions {
            log_scale: flag(&options, "logScale"),
        };
        let surface = prepare(canvas).map_err(|e| JsError::new(&e))?;
        draw_loss(surface, &self.core, options).map_err(|e| JsError::new(&e))
    }

    /// Draws the loss along the valley's steepest direction (through the
    /// optimum, or the start without one) onto `canvas`, with where the
    /// run's last 40 steps landed on it.
    #[wasm_bindgen(js_name = drawSlice)]
    pub fn draw_slice(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let surface = prepare(canvas).map_err(|e| JsError::new(&e))?;
        draw_slice(surface, &self.core).map_err(|e| JsError::new(&e))
    }

    /// Draws the loss landscape onto `canvas`: the loss over `(w, b)` as a
    /// heatmap with contour lines on a log colour scale, every run's path, the
    /// arrow of the next step, the start and the optimum. The heatmap is
    /// computed again only when the data, the model or the view change.
    /// `options`: `{ zoomOut: n }` shows 2ⁿ times the framed view (n a whole
    /// number from -3, zoomed in, to 6, zoomed out: www/catalogue.js's `zoom`).
    #[wasm_bindgen(js_name = drawLandscape)]
    pub fn draw_landscape(
        &mut self,
        canvas: &HtmlCanvasElement,
        options: JsValue,
    ) -> Result<(), JsError> {
        let options = from_js(&options, "options").map_err(js_error)?;
        let zoom_out = match options.get("zoomOut") {
            Some(Value::Number(n)) if n.is_finite() => n.clamp(ZOOM.0.into(), ZOOM.1.into()) as i32,
            _ => 0,
        };
        let surface = prepare(canvas).map_err(|e| JsError::new(&e))?;
        let frame = draw_landscape(surface, canvas, &self.core, &mut self.landscape, zoom_out)
            .map_err(|e| JsError::new(&e))?;
        self.landscape_frame = Some(frame);
        Ok(())
    }

    /// The `{ w, b }` under a position on the drawn landscape (CSS pixels from
    /// the canvas's top left), or `null` outside its plot.
    #[wasm_bindgen(js_name = paramsAt)]
    pub fn params_at(&self, css_x: f64, css_y: f64) -> JsValue {
        match self.landscape_frame.and_then(|f| f.data_at(css_x, css_y)) {
            Some((w, b)) => to_js(&Value::object([
                ("w", Value::Number(w)),
                ("b", Value::Number(b)),
            ])),
            None => JsValue::NULL,
        }
    }

    /// How many times the landscape's heatmap has been computed: once per
    /// data set, model and view, never on a plain step.
    #[wasm_bindgen(js_name = landscapeComputations)]
    pub fn landscape_computations(&self) -> u32 {
        self.landscape.computations
    }

    /// Debug builds only: panics, so tests can check what a panic does to the page.
    #[cfg(debug_assertions)]
    #[wasm_bindgen(js_name = debugPanic)]
    pub fn debug_panic(&mut self) {
        panic!("a panic on purpose, for the tests");
    }

    /// The indices of the points the next step uses (all points: empty).
    pub fn batch(&self) -> Vec<u32> {
        self.core.trainer().next_batch().to_vec()
    }

    /// The data coordinates `{ x, y }` under a position on the data chart (in
    /// CSS pixels from the canvas's top left), or `null` outside its plot.
    #[wasm_bindgen(js_name = dataAt)]
    pub fn data_at(&self, css_x: f64, css_y: f64) -> JsValue {
        match self.fit_frame.and_then(|f| f.data_at(css_x, css_y)) {
            Some((x, y)) => to_js(&Value::object([
                ("x", Value::Number(x)),
                ("y", Value::Number(y)),
            ])),
            None => JsValue::NULL,
        }
    }

    /// The index of the point drawn within `radius` CSS pixels of a position
    /// on the data chart, or -1.
    #[wasm_bindgen(js_name = pointAt)]
    pub fn point_at(&self, css_x: f64, css_y: f64, radius: f64) -> i32 {
        let Some(frame) = self.fit_frame else {
            return -1;
        };
        let Some((x, y)) = frame.data_at(css_x, css_y) else {
            return -1;
        };
        let (sx, sy) = frame.pixel_size();
        match self.core.nearest_point(x, y, sx, sy) {
            Some(i) => {
                let p = self.core.data().point(i);
                let distance = ((p.x - x) / sx).hypot((p.y - y) / sy);
                if distance <= radius { i as i32 } else { -1 }
            }
            None => -1,
        }
    }
}

/// In debug builds, a panic prints its Rust message to the console before
/// the WebAssembly traps (release builds stay small and just trap).
#[cfg(debug_assertions)]
fn report_panics_in_the_console() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&format!("Gradient Descent Lab panicked: {info}").into());
        }));
    });
}

fn flag(options: &Value, name: &str) -> bool {
    matches!(options.get(name), Some(Value::Bool(true)))
}

fn point_index(index: f64, n: usize) -> Result<usize, JsError> {
    if index >= 0.0 && index.fract() == 0.0 && index < n as f64 {
        Ok(index as usize)
    } else {
        Err(js_error(ConfigError::expected(
            "index",
            &format!(
                "a point's index, a whole number from 0 to {}",
                n.saturating_sub(1)
            ),
            &Value::Number(index),
        )))
    }
}
