// The lesson page: loads the WebAssembly core, makes one lab, and connects
// the controls, the keyboard and the charts to it.
import loadWasm, { init, readCsv, readLink } from "./pkg/gradient_descent_lab.js";
import { CATALOGUE as lists } from "./catalogue.js";
import { Controller } from "./controller.js";
import { formatNumber as fmt } from "./format.js";
import { describeLoadFailure, showFailure } from "./failure.js";
import { setUpPointers } from "./pointers.js";
import { applyView, copyLink, LinkKeeper, showNotices } from "./share.js";
import { capital, OPTIMIZERS } from "./walkthrough.js";

const $ = (id) => document.getElementById(id);

/** The learning-rate slider holds log10(η). */
const rateFromSlider = (value) => Number((10 ** Number(value)).toPrecision(3));
/** The speed slider holds log10(steps per second). */
const stepsPerSecond = (value) => Math.min(lists.speed[1], Math.round(10 ** Number(value)));

function showError(element, message) {
  // A number box that is empty or holds no number reads as NaN: said in words.
  element.textContent = message.replace(/got NaN\.$/, "the box is empty or holds no number.");
  element.hidden = !message;
}

async function start() {
  setUpPointers();
  // The optimizer menu and the speed slider's range are the lab's.
  $("optimizer").replaceChildren(...lists.optimizers.map((name) => new Option(capital(OPTIMIZERS[name].name), name)));
  [$("speed").min, $("speed").max] = lists.speed.map(Math.log10);

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
    slice: $("slice"),
    announcer: $("announcer"),
    speed: lists.speed,
    onChange: (state) => {
      keeper?.schedule();
      // The lab's Play button and the lesson's (its first text is its label).
      for (const play of document.querySelectorAll('[data-run="play"]')) {
        play.firstChild.data = controller.playing ? "Pause" : "Play";
        play.setAttribute("aria-pressed", String(controller.playing));
      }
      showError($("diverged"), state.diverged ? divergedText(state) : "");
    },
  });
  window.controller = controller;
  if (link.config.start) controller.given = { ...link.config.start, words: "From the link" };
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
    ...view,
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
  // The lesson's exercises, loaded when opened.
  $("exercises").addEventListener(
    "toggle",
    async () => (await import("./exercises.js")).startSequence(controller, fmt, () => syncControls(controller), $("exercises"), OPTIMIZERS),
    { once: true },
  );
  // For course authors who script the page: an exercise of their own, `{ goal, within, task }` as the link's keys.
  window.setExercise = async (exercise) => (await import("./exercise.js")).startExercise(controller, exercise, fmt);
  // A course author's exercise, or a frame (an LMS's, perhaps): only then is exercise.js loaded.
  if (view.goal || view.task || parent !== window) (await import("./exercise.js")).startExercise(controller, view, fmt);
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
  const ours = lists.datasets.filter(([, problem]) => problem === config.problem);
  const options = ours.map(([value, , label]) => new Option(label, value));
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

/** The optimizers' constants (the settings table's), each a config field and an input of the same id. */
const CONSTANTS = lists.settings.filter(([, , scope]) => scope === "constant").map(([field]) => field);

function showConstants(optimizer) {
  for (const label of document.querySelectorAll("[data-for-optimizer]")) {
    label.classList.toggle("shown", label.dataset.forOptimizer.split(" ").includes(optimizer));
  }
}

/** What the divergence notice says, with a pointer to standardising where the scale of x is to blame. */
function divergedText(state) {
  const ratio = state.curvature.max / state.curvature.min;
  const scale =
    !state.standardized && ratio >= 100
      ? ` On these points the loss curves ${fmt(ratio, 2)} times as sharply along w as along b, because of the size of x: ` +
        "no one rate suits both. Tick “Standardise x” (under Data) and both directions curve alike."
      : "";
  return (
    `The loss blew up at step ${state.divergedAt}: the learning rate ${fmt(state.learningRate)} is too large for this data. ` +
    "Each step overshoots the bottom of the valley by more than the last, so the lab stopped at the last finite state. " +
    `Lower the learning rate, then press Reset.${scale}`
  );
}

/** What a learning-rate lesson shows, in words worked out from its run (`lab.lessons()`). */
function lessonNote(name, lesson, state) {
  const rate = `η = ${fmt(lesson.learningRate)}`;
  const steps = (n) => `${n} step${n === 1 ? "" : "s"}`;
  const limit = state.stableLearningRate;
  if (!lesson.holds) {
    if (limit && limit < 1e-4) {
      return `On these points every rate the box takes (0.0001 to 10) is too large: the largest stable rate is ${fmt(limit)}, because the loss curves ${fmt(state.curvature.max / state.curvature.min, 2)} times as sharply along w as along b. Tick “Standardise x” (under Data), then try the lessons.`;
    }
    if (name === "huge") {
      return state.problem === "classification"
        ? `Far too large cannot blow up here: through the sigmoid the slope of the loss along w is never more than the largest |x|, so even ${rate} only throws the sigmoid about (its first step takes the loss from ${fmt(state.start.loss)} to ${fmt(lesson.lossAfterOne)}).`
        : `Far too large cannot be shown here: even ${rate}, the largest rate the box takes, is below 2/curvature = ${fmt(limit)}, where steps start to overshoot by more each time.`;
    }
    if (name === "large") {
      return state.optimum
        ? "Too large cannot be shown here: no rate up to 10, the largest the box takes, makes the path zig-zag across the valley and still settle; the valley curves too gently."
        : "Too large cannot be shown here: no finite w is best, so the valley has no floor to zig-zag across, and a larger rate only gets down sooner.";
    }
    return `${name === "good" ? "Good" : "Too small"} cannot be shown on these points.`;
  }
  switch (name) {
    case "small":
      return `${rate}: after 100 steps the loss has come only ${fmt(lesson.shareAfter100 * 100, 2)}% of the way down to its lowest value. The path crawls and the arrow is tiny.`;
    case "good":
      return `${rate}: within 1% of the way to the lowest loss after ${steps(lesson.stepsToNear)}, and it stays there: the fewest steps of the round rates from 0.0001 to 10 that the lab tried from this start.`;
    case "large":
      return `${rate}: the path crosses the floor of the valley along its steepest direction ${lesson.crossingsIn30} times in its first 30 steps (the zig-zag on the landscape and on the slice below), yet it still settles within 1% after ${steps(lesson.stepsToNear)}, later than Good.`;
    default:
      return `${rate}, above 2/curvature = ${fmt(limit)}: along the steepest direction each step overshoots the floor by more than the last, and the loss blows up at step ${lesson.divergedAt}.`;
  }
}

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
      const name = button.dataset.preset;
      const lesson = controller.lab.lessons()[name];
      if (lesson.holds) {
        controller.set({ optimizer: "gd", batchSize: 0, learningRate: lesson.learningRate, race: null });
        controller.reset(state.start);
        syncControls(controller);
      }
      $("preset-note").textContent = lessonNote(name, lesson, state);
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
  // The learning-rate lessons' own rates (each one the rate box takes), and
  // where two of them coincide, a tenth and a third of Good.
  $("race-rates").addEventListener("click", () => {
    const lessons = controller.lab.lessons();
    const good = lessons.good.learningRate;
    const rates = [lessons.small, lessons.large, lessons.huge].map((l) => l.learningRate);
    const others = [...new Set([...rates, good / 10, good / 3].map((r) => Number(Math.min(10, Math.max(1e-4, r)).toPrecision(2))))];
    startRace(
      controller,
      { optimizer: "gd", batchSize: 0, learningRate: good },
      others.filter((r) => r !== good).slice(0, 3).map((learningRate) => ({ optimizer: "gd", learningRate })),
    );
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
      controller.stepsPerSecond >= lists.speed[1] ? "as fast as it goes" : `${controller.stepsPerSecond} steps/s`;
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
  $("follow-batch").addEventListener("click", (e) => choose(Number(e.target.dataset.point) - controller.view.selected));
}

/** Starts a race from the current start: the lab's own run with `main`, and `others`. */
function startRace(controller, main, others) {
  const start = controller.lab.state().start;
  controller.set({ ...main, race: others });
  controller.reset(start);
  syncControls(controller);
}

function addPoint(controller, x, y) {
  const refused = controller.attempt(() => controller.lab.addPoint(x, y));
  if (refused) return refused;
  controller.view.selected = controller.lab.state().n - 1;
  controller.refresh();
  return "";
}

function removePoint(controller, index) {
  const refused = controller.attempt(() => controller.lab.removePoint(index));
  if (refused) return refused;
  controller.refresh();
  return "";
}

/** A click or tap on the landscape starts a new run from that (w, b). */
function connectLandscape(controller) {
  const canvas = $("landscape");
  canvas.addEventListener("click", (event) => {
    const box = canvas.getBoundingClientRect();
    const start = controller.lab.paramsAt(event.clientX - box.left, event.clientY - box.top);
    // Zoomed far out, a click can be beyond the starts the lab takes: it says so, and nothing changes.
    if (start) showError($("landscape-error"), controller.reset(start, "Where you clicked on the landscape"));
  });
  const [zoomIn, zoomOut] = lists.zoom;
  const zoom = (delta) => {
    controller.view.zoomOut = Math.min(zoomOut, Math.max(zoomIn, controller.view.zoomOut + delta));
    $("zoom-in").disabled = controller.view.zoomOut === zoomIn;
    $("zoom-out").disabled = controller.view.zoomOut === zoomOut;
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

/** Copy link, CSV import, and the downloads (data-io.js, loaded when first asked for). */
function connectSharing(controller, keeper) {
  const status = $("share-status");
  $("copy-link").addEventListener("click", () => copyLink(keeper, status));
  const dataIo = () => import("./data-io.js");
  const download = async (name, blob) => (await dataIo()).download(name, blob);

  let report = null;
  const check = async (text, source) => {
    const { checkCsv, showReport } = await dataIo();
    report = checkCsv(readCsv(text, controller.state.problem), source);
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
  $("export-run").addEventListener("click", async () => {
    const json = (await dataIo()).runJson(controller.lab);
    download("gradient-descent-lab-run.json", new Blob([json], { type: "application/json" }));
  });
  $("run-file").addEventListener("change", async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    let message = "";
    try {
      const run = (await dataIo()).readRun(await file.text());
      message = controller.set(run.config);
      if (!message) {
        if (run.config.start) controller.given = { ...run.config.start, words: `From the run file ${file.name}` };
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
