// The lesson page: loads the WebAssembly core, makes one lab, and connects
// the controls, the keyboard and the charts to it.
import loadWasm, { init, readLink } from "./pkg/gradient_descent_lab.js";
import { Controller, MAX_SPEED } from "./controller.js";
import { checkCsv, download, readRun, runJson, showReport } from "./data-io.js";
import { formatNumber as fmt } from "./format.js";
import { describeLoadFailure, showFailure } from "./failure.js";
import { setUpPointers } from "./pointers.js";
import { applyView, copyLink, LinkKeeper, showNotices } from "./share.js";

const $ = (id) => document.getElementById(id);

/** The generated data sets of each problem, as the menu names them. */
const DATASETS = {
  regression: [
    ["line", "A noisy line"],
    ["outliers", "A line with outliers"],
    ["houses", "House sizes and prices (large x)"],
  ],
  classification: [
    ["groups", "Two overlapping groups"],
    ["separable", "Two separable groups"],
    ["mislabelled", "Groups with a few wrong labels"],
  ],
};

/** The learning-rate slider holds log10(η). */
const rateFromSlider = (value) => Number((10 ** Number(value)).toPrecision(3));
const stepsPerSecond = (value) => Math.min(MAX_SPEED, Math.round(10 ** Number(value)));

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

async function start() {
  setUpPointers();
  try {
    // boot.js has started compiling the WebAssembly (if that failed, the
    // glue loads it itself, from the single file's inline bytes or from the
    // site, and says what went wrong).
    const compiled = await globalThis.gradientDescentLabModule?.catch(() => undefined);
    const source = compiled ?? globalThis.gradientDescentLabWasm;
    const exports = await loadWasm(source ? { module_or_path: source } : undefined);
    // For diagnostics and tests: the size of the lab's WebAssembly memory.
    window.labMemoryBytes = () => exports.memory.buffer.byteLength;
  } catch (error) {
    showFailure(describeLoadFailure(error));
    return;
  }
  // The link holds the whole setup; anything malformed in it took its default.
  const link = readLink(location.search);
  const lab = init(link.config);
  lab.step(link.steps);
  // For course authors and tests: the page's lab, driven by the JS API.
  window.lab = lab;
  applyView(link.view);
  showNotices(link.notices);

  let keeper = null;
  const controller = new Controller(lab, {
    fit: $("fit"),
    loss: $("loss"),
    landscape: $("landscape"),
    announcer: $("announcer"),
    onChange: (state) => {
      keeper?.schedule();
      // The lab's Play button and the lesson's (its first text is its label).
      for (const play of document.querySelectorAll('[data-run="play"]')) {
        play.firstChild.data = controller.playing ? "Pause" : "Play";
        play.setAttribute("aria-pressed", String(controller.playing));
      }
      const diverged = $("diverged");
      showError(
        diverged,
        state.diverged
          ? `The loss blew up at step ${state.divergedAt}: the learning rate ${fmt(state.learningRate)} is too large for this data. ` +
              "Each step overshoots the bottom of the valley by more than the last, so the lab stopped at the last finite state. " +
              "Lower the learning rate, then press Reset."
          : "",
      );
    },
  });
  window.controller = controller;
  const view = link.view;
  Object.assign(controller.view, {
    residuals: view.residuals,
    logScale: view.logScale,
    zoomOut: view.zoom,
    selected: Math.max(0, Math.min(view.point - 1, lab.state().n - 1)),
  });
  $("speed").value = String(Math.log10(view.speed));
  $("residuals").checked = view.residuals;
  $("log-scale").checked = view.logScale;
  keeper = new LinkKeeper(lab, () => ({
    embed: view.embed,
    panels: view.panels,
    controls: view.controls,
    speed: controller.stepsPerSecond,
    logScale: controller.view.logScale,
    residuals: controller.view.residuals,
    zoom: controller.view.zoomOut,
    point: controller.view.selected + 1,
  }));
  controller.keeper = keeper;

  connectRunControls(controller);
  connectSettings(controller);
  syncControls(controller);
  connectChart(controller);
  connectLandscape(controller);
  connectKeyboard(controller);
  connectSharing(controller, keeper);
  // A trap from any other call into the lab stops it with a message too.
  window.addEventListener("error", (event) => {
    if (event.error instanceof WebAssembly.RuntimeError) controller.crash(event.error);
  });
  controller.refresh();
  // Start-up is measured to here: the first charts drawn (BENCHMARKS.md).
  performance.mark("lab-first-draw");
  document.documentElement.dataset.ready = "true";
  if (view.play && !window.matchMedia("(prefers-reduced-motion: reduce)").matches) controller.play();
}

/** Step, Play and Reset: at the top of the lab, and under the four steps. */
function connectRunControls(controller) {
  const actions = { step: () => controller.stepOnce(), play: () => controller.toggle(), reset: () => controller.reset() };
  for (const button of document.querySelectorAll("[data-run]")) button.addEventListener("click", actions[button.dataset.run]);
}

/** Sets every control from the lab's config (after a change of problem, say). */
function syncControls(controller) {
  const config = controller.lab.config();
  for (const radio of document.querySelectorAll('input[name="problem"]')) {
    radio.checked = radio.value === config.problem;
  }
  $("loss-function").value = config.loss;
  const menu = $("dataset");
  const options = DATASETS[config.problem].map(([value, label]) => new Option(label, value));
  menu.replaceChildren(...options);
  if (config.dataset) {
    menu.value = config.dataset.name;
    $("points").value = String(config.dataset.n);
    $("noise").value = String(config.dataset.noise);
  }
  $("points-value").textContent = $("points").value;
  $("noise-value").textContent = $("noise").value;
  $("standardize").checked = config.standardize;
  $("learning-rate").value = String(Math.log10(config.learningRate));
  $("learning-rate-value").value = String(config.learningRate);
  $("optimizer").value = config.optimizer;
  for (const name of CONSTANTS) $(name).value = String(config[name]);
  showConstants(config.optimizer);
  $("batch-size").value = String(config.batchSize);
  $("race-stop").disabled = !config.race;
}

/** The optimizers' constants, each a config field and an input of the same id. */
const CONSTANTS = ["momentum", "alpha", "beta1", "beta2", "epsilon"];

function showConstants(optimizer) {
  for (const label of document.querySelectorAll("[data-for-optimizer]")) {
    label.classList.toggle("shown", label.dataset.forOptimizer.split(" ").includes(optimizer));
  }
}

/** The learning-rate lessons: fractions of the largest stable rate, and what to notice. */
const GOOD = [0.4, "Good: the path heads down the valley and settles on the optimum."];
const PRESETS = {
  regression: {
    small: [0.02, "Too small: the path crawls. The arrow is tiny and after a hundred steps the run has barely left the start."],
    good: GOOD,
    large: [0.9, "Too large: every step overshoots across the narrow valley, so the path zig-zags from side to side while it creeps along."],
    huge: [1.15, "Far too large: each step overshoots by more than the last; the path spirals out of the valley and the loss blows up."],
  },
  // Cross-entropy's slope is at most |x|, so its runs swing rather than blow up;
  // the rates are multiples of the largest stable rate at the optimum.
  classification: {
    small: [0.02, "Too small: the path crawls. The arrow is tiny and after a hundred steps the sigmoid has barely moved."],
    good: GOOD,
    large: [3, "Too large: every step overshoots the valley, and the loss swings between two values instead of settling."],
    huge: [30, "Far too large: the first step throws the sigmoid so steep that it is confidently wrong; the loss ends above where it started and creeps back only slowly (cross-entropy's slope is bounded, so it never blows up)."],
  },
};

const round = (x) => Number(x.toPrecision(2));

function connectSettings(controller) {
  for (const radio of document.querySelectorAll('input[name="problem"]')) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      controller.set({ problem: radio.value });
      syncControls(controller);
    });
  }
  $("loss-function").addEventListener("change", (e) => controller.set({ loss: e.target.value }));

  $("optimizer").addEventListener("change", (e) => {
    showError($("optimizer-error"), controller.set({ optimizer: e.target.value }));
    showConstants(e.target.value);
  });
  for (const name of CONSTANTS) {
    $(name).addEventListener("change", (e) => {
      const message = controller.set({ [name]: e.target.valueAsNumber });
      showError($("optimizer-error"), message);
      if (message) e.target.value = String(controller.lab.config()[name]);
    });
  }
  $("batch-size").addEventListener("change", (e) => controller.set({ batchSize: Number(e.target.value) }));

  for (const button of document.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => {
      const state = controller.lab.state();
      const [fraction, note] = PRESETS[state.problem][button.dataset.preset];
      const limit = state.stableLearningRate ?? 1;
      const rate = round(fraction * limit);
      controller.set({ optimizer: "gd", batchSize: 0, learningRate: rate, race: null });
      controller.reset(state.start);
      syncControls(controller);
      $("preset-note").textContent = `η = ${rate} (the largest stable rate here is about ${round(limit)}). ${note}`;
    });
  }
  $("race-optimizers").addEventListener("click", () => {
    const state = controller.lab.state();
    const rate = state.learningRate;
    startRace(controller, { optimizer: "gd", batchSize: 0 }, [
      { optimizer: "momentum", learningRate: rate },
      { optimizer: "rmsprop", learningRate: rate },
      { optimizer: "adam", learningRate: rate },
    ]);
  });
  $("race-rates").addEventListener("click", () => {
    const limit = controller.lab.state().stableLearningRate ?? 1;
    startRace(controller, { optimizer: "gd", batchSize: 0, learningRate: round(0.3 * limit) }, [
      { optimizer: "gd", learningRate: round(0.05 * limit) },
      { optimizer: "gd", learningRate: round(0.9 * limit) },
      { optimizer: "gd", learningRate: round(1.1 * limit) },
    ]);
  });
  $("race-stop").addEventListener("click", () => {
    controller.set({ race: null });
    syncControls(controller);
  });

  const slider = $("learning-rate");
  const typed = $("learning-rate-value");
  const setRate = (rate) => {
    const message =
      Number.isFinite(rate) && rate >= 1e-4 && rate <= 10
        ? controller.set({ learningRate: rate })
        : "Type a learning rate from 0.0001 to 10.";
    showError($("learning-rate-error"), message);
    if (!message) {
      slider.value = String(Math.log10(rate));
      if (Number(typed.value) !== rate) typed.value = String(rate);
    }
  };
  slider.addEventListener("input", () => setRate(rateFromSlider(slider.value)));
  typed.addEventListener("change", () => setRate(typed.valueAsNumber));

  const speed = $("speed");
  const showSpeed = () => {
    controller.stepsPerSecond = stepsPerSecond(speed.value);
    $("speed-value").textContent =
      controller.stepsPerSecond >= MAX_SPEED ? "as fast as it goes" : `${controller.stepsPerSecond} steps/s`;
  };
  speed.addEventListener("input", showSpeed);
  showSpeed();

  const dataset = () => ({
    name: $("dataset").value,
    n: Number($("points").value),
    noise: Number($("noise").value),
  });
  const changeData = () => {
    $("points-value").textContent = $("points").value;
    $("noise-value").textContent = $("noise").value;
    controller.set({ dataset: dataset() });
  };
  $("dataset").addEventListener("change", changeData);
  $("points").addEventListener("input", changeData);
  $("noise").addEventListener("input", changeData);
  $("new-seed").addEventListener("click", () => {
    const seed = Math.floor(Math.random() * 1_000_000);
    controller.set({ seed, dataset: dataset(), start: null });
  });

  $("standardize").addEventListener("change", (e) => controller.set({ standardize: e.target.checked }));
  $("residuals").addEventListener("change", (e) => {
    controller.view.residuals = e.target.checked;
    controller.refresh();
  });
  $("log-scale").addEventListener("change", (e) => {
    controller.view.logScale = e.target.checked;
    controller.refresh();
  });

  $("add-point").addEventListener("click", () => {
    const [x, y] = [$("new-x").valueAsNumber, $("new-y").valueAsNumber];
    showError($("point-error"), addPoint(controller, x, y));
  });
  $("remove-point").addEventListener("click", () => {
    showError($("point-error"), removePoint(controller, controller.view.selected));
  });
  const choose = (delta) => {
    const n = controller.state.n;
    controller.view.selected = (controller.view.selected + delta + n) % n;
    controller.refresh();
  };
  $("speed").addEventListener("change", () => controller.keeper?.schedule());
  $("previous-point").addEventListener("click", () => choose(-1));
  $("next-point").addEventListener("click", () => choose(1));
}

/** Starts a race from the current start: the lab's own run with `main`, and `others`. */
function startRace(controller, main, others) {
  const start = controller.lab.state().start;
  controller.set({ ...main, race: others });
  controller.reset(start);
  syncControls(controller);
}

function addPoint(controller, x, y) {
  try {
    controller.lab.addPoint(x, y);
  } catch (error) {
    return error.message;
  }
  controller.view.selected = controller.lab.state().n - 1;
  controller.refresh();
  return "";
}

function removePoint(controller, index) {
  try {
    controller.lab.removePoint(index);
  } catch (error) {
    return error.message;
  }
  controller.refresh();
  return "";
}

/** A click or tap on the landscape starts a new run from that (w, b). */
function connectLandscape(controller) {
  const canvas = $("landscape");
  canvas.addEventListener("click", (event) => {
    const box = canvas.getBoundingClientRect();
    const start = controller.lab.paramsAt(event.clientX - box.left, event.clientY - box.top);
    if (start) controller.reset(start);
  });
  const zoom = (delta) => {
    controller.view.zoomOut = Math.min(6, Math.max(-3, controller.view.zoomOut + delta));
    $("zoom-in").disabled = controller.view.zoomOut === -3;
    $("zoom-out").disabled = controller.view.zoomOut === 6;
  };
  $("zoom-out").addEventListener("click", () => {
    zoom(1);
    controller.draw();
    controller.keeper?.schedule();
  });
  $("zoom-in").addEventListener("click", () => {
    zoom(-1);
    controller.draw();
    controller.keeper?.schedule();
  });
  zoom(0);
}

/** A click or tap on the data chart chooses the point under it, or adds one there. */
function connectChart(controller) {
  const canvas = $("fit");
  canvas.addEventListener("click", (event) => {
    const box = canvas.getBoundingClientRect();
    const [x, y] = [event.clientX - box.left, event.clientY - box.top];
    const hit = controller.lab.pointAt(x, y, event.pointerType === "touch" ? 16 : 9);
    if (hit >= 0) {
      controller.view.selected = hit;
      controller.refresh();
      return;
    }
    const data = controller.lab.dataAt(x, y);
    if (!data) return;
    let value = data.y;
    if (controller.state.problem === "classification") {
      // The label comes from the class toggle; shift-click adds the other class.
      const chosen = Number(document.querySelector('input[name="new-class"]:checked').value);
      value = event.shiftKey ? 1 - chosen : chosen;
    }
    showError($("point-error"), addPoint(controller, data.x, value));
  });
}

/** Copy link, CSV import, and the downloads. */
function connectSharing(controller, keeper) {
  const status = $("share-status");
  $("copy-link").addEventListener("click", () => copyLink(keeper, status));

  let report = null;
  const check = (text, source) => {
    report = checkCsv(text, controller.state.problem, source);
    showReport(report);
  };
  $("csv-read").addEventListener("click", () => check($("csv-text").value, ""));
  $("csv-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (file) check(await file.text(), `the file ${file.name}`);
  });
  $("csv-use").addEventListener("click", () => {
    if (!report?.points.length) return;
    const message = controller.set({ points: report.points, start: null });
    if (message) {
      $("csv-summary").textContent = `${message} Nothing was changed.`;
      return;
    }
    syncControls(controller);
    $("csv-report").hidden = true;
    status.textContent = `Now using ${report.points.length} points of your own.`;
  });
  $("csv-cancel").addEventListener("click", () => ($("csv-report").hidden = true));

  $("export-csv").addEventListener("click", () =>
    download("gradient-descent-lab-data.csv", new Blob([controller.lab.csv()], { type: "text/csv" })),
  );
  $("export-run").addEventListener("click", () =>
    download("gradient-descent-lab-run.json", new Blob([runJson(controller.lab)], { type: "application/json" })),
  );
  $("run-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    let message = "";
    try {
      const run = readRun(await file.text());
      message = controller.set(run.config);
      if (!message) {
        controller.lab.step(run.steps);
        controller.refresh();
        syncControls(controller);
        status.textContent = `Loaded the run from ${file.name}, at step ${run.steps}.`;
      }
    } catch (error) {
      message = error.message;
    }
    showError($("run-error"), message ? `${message} Nothing was changed.` : "");
    e.target.value = "";
  });
  for (const button of document.querySelectorAll("[data-png]")) {
    button.addEventListener("click", () => {
      const name = button.dataset.png;
      $(name).toBlob((blob) => blob && download(`gradient-descent-lab-${name}.png`, blob), "image/png");
    });
  }
}

function connectKeyboard(controller) {
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target;
    if (target.closest?.("input, select, textarea, [contenteditable]")) return;
    const onControl = target.closest?.("button, summary, a");
    switch (event.key) {
      case " ":
        if (onControl) return; // Space presses the focused button.
        event.preventDefault();
        controller.toggle();
        break;
      case "s":
      case "S":
      case "ArrowRight":
        event.preventDefault();
        controller.stepOnce();
        break;
      case "r":
      case "R":
        event.preventDefault();
        controller.reset();
        break;
    }
  });
}

start();
