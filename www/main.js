// The lesson page: loads the WebAssembly core, makes one lab, and connects
// the controls, the keyboard and the charts to it.
import loadWasm, { init } from "./pkg/gradient_descent_lab.js";
import { Controller } from "./controller.js";
import { formatNumber as fmt } from "./format.js";
import { setUpPointers } from "./pointers.js";

const $ = (id) => document.getElementById(id);

/** The generated data sets of each problem, as the menu names them. */
const DATASETS = {
  regression: [
    ["line", "A noisy line"],
    ["outliers", "A line with outliers"],
  ],
  classification: [
    ["groups", "Two overlapping groups"],
    ["separable", "Two separable groups"],
    ["mislabelled", "Groups with a few wrong labels"],
  ],
};

/** The learning-rate slider holds log10(η). */
const rateFromSlider = (value) => Number((10 ** Number(value)).toPrecision(3));
const stepsPerSecond = (value) => Math.round(10 ** Number(value));

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

async function start() {
  setUpPointers();
  try {
    await loadWasm();
  } catch (error) {
    showError(
      $("load-error"),
      `The lab could not start: this browser could not load its WebAssembly (${error.message}). ` +
        "Try a current version of Firefox, Chrome, Safari or Edge, and reload the page.",
    );
    document.documentElement.dataset.ready = "error";
    return;
  }
  const lab = init({ problem: "regression", learningRate: 0.1, seed: 42 });
  // For course authors and tests: the page's lab, driven by the JS API.
  window.lab = lab;

  const controller = new Controller(lab, {
    fit: $("fit"),
    loss: $("loss"),
    announcer: $("announcer"),
    onChange: (state) => {
      const play = $("play");
      play.textContent = controller.playing ? "Pause" : "Play";
      play.setAttribute("aria-pressed", String(controller.playing));
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

  connectRunControls(controller);
  connectSettings(controller);
  syncControls(controller);
  connectChart(controller);
  connectKeyboard(controller);
  controller.refresh();
  document.documentElement.dataset.ready = "true";
}

function connectRunControls(controller) {
  $("step").addEventListener("click", () => controller.stepOnce());
  $("play").addEventListener("click", () => controller.toggle());
  $("reset").addEventListener("click", () => controller.reset());
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
  $("learning-rate").value = String(Math.log10(config.learningRate));
  $("learning-rate-value").value = String(config.learningRate);
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
    $("speed-value").textContent = `${controller.stepsPerSecond} steps/s`;
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

  $("residuals").addEventListener("change", (e) => {
    controller.view.residuals = e.target.checked;
    controller.draw();
  });
  $("log-scale").addEventListener("change", (e) => {
    controller.view.logScale = e.target.checked;
    controller.draw();
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
  $("previous-point").addEventListener("click", () => choose(-1));
  $("next-point").addEventListener("click", () => choose(1));
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
