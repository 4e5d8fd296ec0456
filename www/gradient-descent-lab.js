// <gradient-descent-lab>: the lab as a custom element for any course page.
//
//   <script type="module" src="gradient-descent-lab.js"></script>
//   <gradient-descent-lab problem="classification" opt="adam" panels="fit,loss" controls="run,rate"></gradient-descent-lab>
//
// Its attributes are the link's keys (README: "A link for every setup"),
// read by the same reader; changing one rebuilds the lab from them. It draws
// in its own shadow DOM (the host page's CSS cannot reach it), with styles
// from a constructed stylesheet, so a strict Content-Security-Policy needs
// nothing inline from the host. Each element's `.lab` is the JS API.
//
// dist/gradient-descent-lab.js is this file bundled with the lab's glue; it
// loads pkg/gradient_descent_lab_bg.wasm from beside itself, once per page.
import loadWasm, { init, readLink } from "./pkg/gradient_descent_lab.js";
import { CATALOGUE } from "./catalogue.js";
import { startExercise } from "./exercise.js";
import { formatNumber } from "./format.js";

/** The link keys, which are the element's attributes. */
const KEYS = CATALOGUE.settings.map(([, param]) => param);
/** The charts an element draws, in the link's names; the lesson's text panels stay on the lesson page. */
const CHARTS = {
  fit: ["The data and the model", "drawFit", (view) => ({ residuals: view.residuals, selected: view.point - 1 })],
  loss: ["The loss after each step", "drawLoss", (view) => ({ logScale: view.logScale })],
  landscape: ["The loss landscape and the path", "drawLandscape", (view) => ({ zoomOut: view.zoom })],
};
const CONTROLS = ["run", "rate", "optimizer"];

const STYLE = `
:host { display: block; min-width: 320px; font: 15px/1.4 system-ui, sans-serif; color: #1f2430; }
:host([hidden]) { display: none; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; margin-bottom: 0.5rem; }
button, input, select { font: inherit; }
button { padding: 0.3rem 0.8rem; border: 1px solid #8a93a6; border-radius: 6px; background: #fff; color: inherit; cursor: pointer; }
button[data-run="step"] { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
input { width: 6rem; }
.status { font-variant-numeric: tabular-nums; }
.notice { margin: 0 0 0.5rem; padding: 0.4rem 0.6rem; border-left: 4px solid #c2410c; background: #fdf0e7; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(300px, 100%), 1fr)); gap: 0.8rem; }
figure { margin: 0; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 0.2rem; }
canvas { display: block; width: 100%; height: 240px; }
[hidden] { display: none !important; }
.exercise { margin: 0 0 0.5rem; padding: 0.5rem 0.7rem; border-left: 4px solid #1d4ed8; background: #eef3ff; }
.exercise p { margin: 0 0 0.3rem; }
.exercise-title { font-weight: 600; }
.exercise.passed { border-left-color: #15803d; }
`;

let sheet = null;
let wasm = null;
/** The WebAssembly, started once for every element of the page. */
const wasmReady = () => (wasm ??= loadWasm({ module_or_path: new URL("pkg/gradient_descent_lab_bg.wasm", import.meta.url) }));

/** An element with `attributes` and `children`, as text and nodes (never markup). */
function make(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

export class GradientDescentLab extends HTMLElement {
  static observedAttributes = KEYS;

  #lab = null;
  #view = null;
  #playing = false;
  #last = 0;
  #due = 0;
  #rebuild = 0;
  #parts = null;
  #ready = null;
  /** What an exercise (exercise.js) drives: the lab, its state, the controller's hooks. */
  #controller = {
    element: this,
    get lab() {
      return this.element.lab;
    },
    get state() {
      return this.element.lab.state();
    },
    onChange: () => {},
    stopAt: Infinity,
    pause: () => this.pause(),
    reset: () => this.#act(() => this.#lab.reset()),
  };

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sheet];
    const rate = make("input", { type: "number", min: "0.0001", max: "10", step: "any", "aria-label": "Learning rate" });
    const optimizer = make("select", { "aria-label": "Optimizer" }, ...CATALOGUE.optimizers.map((name) => new Option(name, name)));
    const status = make("span", { class: "status" });
    const bar = make(
      "div",
      { class: "bar", role: "group", "aria-label": "The lab's controls" },
      ...["step", "play", "reset"].map((action) => make("button", { type: "button", "data-run": action, "data-control": "run" }, action[0].toUpperCase() + action.slice(1))),
      make("label", { "data-control": "rate" }, "η ", rate),
      make("label", { "data-control": "optimizer" }, "optimizer ", optimizer),
      status,
    );
    const notice = make("p", { class: "notice", role: "alert", hidden: "" });
    const charts = make("div", { class: "charts" });
    const canvases = {};
    for (const [name, [title]] of Object.entries(CHARTS)) {
      canvases[name] = make("canvas", { role: "img", "aria-label": title });
      charts.append(make("figure", { "data-panel": name }, make("figcaption", {}, title), canvases[name]));
    }
    root.append(bar, notice, charts);
    this.#parts = { bar, rate, optimizer, status, notice, canvases };

    bar.addEventListener("click", (event) => {
      const action = event.target.closest?.("button")?.dataset.run;
      if (action === "step") this.#act(() => this.#lab.step(1));
      if (action === "play") this.#playing ? this.pause() : this.play();
      if (action === "reset") this.#act(() => this.#lab.reset());
    });
    rate.addEventListener("change", () => this.#act(() => this.#lab.set({ learningRate: Number(rate.value) })));
    optimizer.addEventListener("change", () => this.#act(() => this.#lab.set({ optimizer: optimizer.value })));
    new ResizeObserver(() => this.#draw()).observe(charts);
  }

  /** The lab's JS API (null until the WebAssembly has loaded: await `ready`). */
  get lab() {
    return this.#lab;
  }

  /** Resolves to the element once its lab exists. */
  get ready() {
    return (this.#ready ??= wasmReady().then(() => {
      if (!this.#lab) this.#build();
      return this;
    }));
  }

  connectedCallback() {
    this.ready.catch((error) => this.#say([`The lab could not start: ${error.message}`]));
  }

  disconnectedCallback() {
    this.pause();
  }

  attributeChangedCallback() {
    // Several attributes changed in a row rebuild the lab once.
    if (!this.#lab || this.#rebuild) return;
    this.#rebuild = requestAnimationFrame(() => {
      this.#rebuild = 0;
      this.#build();
    });
  }

  /** The lab from the attributes, as a link with these keys would make it. */
  #build() {
    this.pause();
    const query = KEYS.filter((key) => this.hasAttribute(key))
      .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(this.getAttribute(key))}`)
      .join("&");
    const link = readLink(query);
    const notices = [...link.notices];
    try {
      this.#lab = init(link.config);
    } catch (error) {
      notices.push(`${error.message} The lab uses its defaults.`);
      this.#lab = init({});
    }
    this.#lab.step(link.steps);
    this.#view = link.view;
    const panels = (link.view.panels ?? ["fit", "loss"]).filter((name) => name in CHARTS);
    const controls = link.view.controls ?? ["run", "rate"];
    // The chosen charts, in the order the attribute names them.
    const figures = [...this.shadowRoot.querySelectorAll("[data-panel]")];
    for (const figure of figures) figure.hidden = !panels.includes(figure.dataset.panel);
    figures[0].parentElement.append(...panels.map((name) => figures.find((figure) => figure.dataset.panel === name)));
    for (const control of this.#parts.bar.querySelectorAll("[data-control]")) control.hidden = !controls.includes(control.dataset.control);
    this.#say(notices);
    // A course author's exercise from the goal, within and task attributes (or none).
    startExercise(this.#controller, link.view, formatNumber, (panel) => this.#parts.notice.after(panel));
    this.#show();
    if (link.view.play && !matchMedia("(prefers-reduced-motion: reduce)").matches) this.play();
  }

  /** Runs a learner's action on the lab; a refusal is said, and nothing else changes. */
  #act(action) {
    try {
      action();
      this.#say([]);
    } catch (error) {
      this.#say([error.message]);
    }
    this.#show();
  }

  #say(messages) {
    const notice = this.#parts.notice;
    notice.textContent = messages.join(" ");
    notice.hidden = messages.length === 0;
  }

  /** The status, the controls and the charts from the lab's state. */
  #show() {
    if (!this.#lab) return;
    const state = this.#lab.state();
    const { rate, optimizer, status, bar } = this.#parts;
    // (Not while the learner is typing a rate.)
    if (this.shadowRoot.activeElement !== rate) rate.value = String(state.learningRate);
    optimizer.value = state.optimizer;
    const accuracy = state.accuracy === null ? "" : ` · accuracy ${formatNumber(state.accuracy * 100, 3)} %`;
    status.textContent = `Step ${state.step} · loss ${formatNumber(state.loss)}${accuracy}${state.diverged ? " · diverged" : ""}`;
    bar.querySelector('[data-run="play"]').textContent = this.#playing ? "Pause" : "Play";
    bar.querySelector('[data-run="play"]').setAttribute("aria-pressed", String(this.#playing));
    this.#draw();
    this.#controller.onChange(state);
  }

  #draw() {
    if (!this.#lab) return;
    for (const [name, [, method, options]] of Object.entries(CHARTS)) {
      const canvas = this.#parts.canvases[name];
      if (!canvas.parentElement.hidden && canvas.clientWidth > 0) this.#lab[method](canvas, options(this.#view));
    }
  }

  play() {
    if (this.#playing || !this.#lab || this.#lab.state().diverged) return;
    this.#playing = true;
    this.#last = performance.now();
    this.#due = 0;
    const frame = (now) => {
      if (!this.#playing) return;
      this.#due += (this.#view.speed * Math.min(now - this.#last, 250)) / 1000;
      this.#last = now;
      const step = this.#lab.state().step;
      const stopAt = this.#controller.stopAt;
      const steps = step < stopAt ? Math.min(Math.floor(this.#due), stopAt - step) : Math.floor(this.#due);
      if (steps > 0) {
        this.#due -= steps;
        this.#lab.step(steps);
        const state = this.#lab.state();
        // Diverged, or at an exercise's step limit: playing stops.
        if (state.diverged || state.step === stopAt) this.#playing = false;
        this.#show();
      }
      requestAnimationFrame(frame);
    };
    this.#show();
    requestAnimationFrame(frame);
  }

  pause() {
    if (!this.#playing) return;
    this.#playing = false;
    this.#show();
  }
}

if (!customElements.get("gradient-descent-lab")) customElements.define("gradient-descent-lab", GradientDescentLab);
