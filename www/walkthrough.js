// The lesson's live text: the four steps with this run's numbers, the
// backpropagation table for the chosen point, and the words that describe
// the charts to screen readers. It only reads lab snapshots.
import { formatNumber as fmt, signedTerm } from "./format.js";

/** Sets the text of every element bound to `name`. */
function bind(name, text) {
  for (const element of document.querySelectorAll(`[data-bind="${name}"]`)) {
    if (element.textContent !== text) element.textContent = text;
  }
}

/** The active step of the walkthrough: 1 to 4. */
export function highlightStep(number) {
  for (const item of document.querySelectorAll("#walkthrough > li")) {
    const active = Number(item.dataset.step) === number;
    item.classList.toggle("active", active);
    if (active) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
}

export function activeStep() {
  return Number(document.querySelector("#walkthrough > li.active")?.dataset.step ?? 0);
}

function lossChange(state) {
  if (!state.previous) return "";
  const change = state.loss - state.previous.loss;
  if (change === 0) return `unchanged from ${fmt(state.previous.loss)}`;
  const verb = change < 0 ? "down" : "up";
  return `${verb} by ${fmt(Math.abs(change))} from ${fmt(state.previous.loss)}`;
}

function progress(state) {
  if (state.separable && !state.diverged) {
    return "These groups can be split perfectly, so no finite weight is best: each step makes the sigmoid a little steeper and the loss a little smaller, on and on towards 0. That is not divergence; the loss falls at every step.";
  }
  if (state.diverged) {
    return `The run diverged at step ${state.divergedAt}: that step would have sent the loss out of bounds, so the lab stopped at the last finite state.`;
  }
  const best = state.optimum
    ? ` The best possible loss on these points is ${fmt(state.optimum.loss)}.`
    : "";
  if (state.converged) return `Converged: the gradient is all but zero, so each step barely moves w and b.${best}`;
  if (state.step === 0) return `No steps yet.${best}`;
  return `Each pass through steps 2 and 3 moves w and b a little further downhill.${best}`;
}

/** The model as words: `the line y = 1.98x + 0.47` or `the sigmoid ŷ = σ(1.2x - 0.3)`. */
export function modelText(state) {
  const z = `${fmt(state.w, 3)}x ${signedTerm(state.b, 3)}`;
  return state.problem === "classification" ? `the sigmoid ŷ = σ(${z})` : `the line y = ${z}`;
}

/** A share as a percentage: 0.8666 → "86.7%". */
export function percent(share) {
  return typeof share === "number" && Number.isFinite(share) ? `${fmt(share * 100, 3)}%` : "–";
}

/** Updates every number of the lesson from a lab snapshot and a point's trace. */
export function render(state, trace) {
  const root = document.documentElement.dataset;
  root.problem = state.problem;
  root.loss = state.lossFunction;
  root.stepped = String(state.step > 0);

  bind("seed", String(state.seed));
  bind("start-w", fmt(state.start.w));
  bind("start-b", fmt(state.start.b));
  bind("start-loss", fmt(state.start.loss));
  bind("grad-w", fmt(state.gradW));
  bind("grad-b", fmt(state.gradB));
  bind("learning-rate", fmt(state.learningRate));
  bind("w", fmt(state.w));
  bind("b", fmt(state.b));
  bind("optimizer-name", OPTIMIZERS[state.optimizer].name);
  bind("optimizer-note", OPTIMIZERS[state.optimizer].note);
  bind("batch-note", batchNote(state));
  bind("epoch-text", state.batchSize > 0 && state.batchSize < state.n ? ` · epoch ${state.epoch + 1}` : "");
  renderUpdate(state);
  renderRace(state);
  bind("loss", fmt(state.loss));
  bind("loss-change", lossChange(state));
  bind("step-count", `Step ${state.step}`);
  bind("progress", progress(state));
  bind("n", String(state.n));
  bind("batch-n", String(state.batchPoints));
  bind("accuracy", percent(state.accuracy));

  if (trace) {
    bind("trace-index", String(trace.index + 1));
    bind("trace-x", fmt(trace.x));
    bind("trace-y", fmt(trace.y));
    bind("trace-z", fmt(trace.z));
    bind("trace-yhat", fmt(trace.yHat));
    bind("trace-loss", fmt(trace.loss));
    bind("trace-dl-dyhat", fmt(trace.dLdYhat));
    bind("trace-dyhat-dz", fmt(trace.dYhatDz));
    bind("trace-dz-dw", fmt(trace.dzDw));
    bind("trace-dl-dw", fmt(trace.dLdw));
    bind("trace-dl-db", fmt(trace.dLdb));
    bind("trace-class", String(trace.y));
    if (trace.compare) renderComparison(trace);
  }

  const fit = document.getElementById("fit");
  const accuracy = state.accuracy === null ? "" : `, accuracy ${percent(state.accuracy)}`;
  const words = `${state.n} points and ${modelText(state)}, loss ${fmt(state.loss, 3)}${accuracy} after ${state.step} step${state.step === 1 ? "" : "s"}`;
  fit.setAttribute("aria-label", `Data chart: ${words}.`);
  const best = state.optimum ? `; the best possible is ${fmt(state.optimum.loss, 3)}` : "";
  const optimum = state.optimum
    ? `, the lowest point at w ${fmt(state.optimum.w, 3)}, b ${fmt(state.optimum.b, 3)}`
    : ", with no lowest point (the loss falls for ever as w grows)";
  document
    .getElementById("landscape")
    .setAttribute(
      "aria-label",
      `Loss landscape: the loss over every weight w and bias b${optimum}; the path went from w ${fmt(state.start.w, 3)}, b ${fmt(state.start.b, 3)} to w ${fmt(state.w, 3)}, b ${fmt(state.b, 3)}.`,
    );
  document
    .getElementById("loss")
    .setAttribute(
      "aria-label",
      `Loss chart: the loss went from ${fmt(state.start.loss, 3)} to ${fmt(state.loss, 3)} in ${state.step} step${state.step === 1 ? "" : "s"}${best}.`,
    );
}

/** One sentence for the live region. */
export function announcement(state) {
  if (state.diverged) return `Diverged at step ${state.divergedAt}. The learning rate is too large.`;
  const change = lossChange(state);
  return `Step ${state.step}: loss ${fmt(state.loss)}${change ? `, ${change}` : ""}.`;
}

/** The cross-entropy of the chosen point term by term, and its pull under both losses. */
function renderComparison(trace) {
  const [y0, y1] = [1 - trace.y, trace.y];
  const [p0, p1] = [1 - trace.yHat, trace.yHat];
  bind("ce-y0", String(y0));
  bind("ce-y1", String(y1));
  bind("ce-p0", fmt(p0, 3));
  bind("ce-p1", fmt(p1, 3));
  bind("ce-point", fmt(trace.compare.crossEntropy.loss));
  bind("ce-actual", `[${y0}, ${y1}]`);
  bind("ce-predicted", `[${fmt(p0, 3)}, ${fmt(p1, 3)}]`);
  const pulls = { "pull-ce": trace.compare.crossEntropy.dLdz, "pull-mse": trace.compare.mse.dLdz };
  for (const [name, pull] of Object.entries(pulls)) {
    bind(name, fmt(pull));
    // |∂L/∂z| is at most 1 under cross-entropy; the bars share that scale.
    document.getElementById(name).style.width = `${Math.min(1, Math.abs(pull)) * 100}%`;
  }
}

/** Each optimizer's name, and one line on what it does differently. */
export const OPTIMIZERS = {
  gd: {
    name: "gradient descent",
    note: "Plain gradient descent: the step is the learning rate times the gradient, nothing more.",
  },
  momentum: {
    name: "momentum",
    note: "Momentum keeps a velocity v: past gradients keep pushing, so it speeds along a long valley and damps the zig-zag across it.",
  },
  nesterov: {
    name: "Nesterov momentum",
    note: "Nesterov momentum looks ahead: it steps with the gradient plus μ times the new velocity, so it brakes earlier when the slope turns.",
  },
  rmsprop: {
    name: "RMSprop",
    note: "RMSprop divides by the root of a running mean square s of the gradient, so steep and shallow directions take steps of similar size.",
  },
  adam: {
    name: "Adam",
    note: "Adam keeps a running mean m of the gradient (momentum) and of its square v (like RMSprop), each corrected for starting at zero.",
  },
};

/** A paragraph of text and numbers: strings stay text, [value, class] become numbers. */
function line(parts) {
  const p = document.createElement("p");
  p.className = "update";
  for (const part of parts) {
    if (typeof part === "string") {
      p.append(part);
    } else {
      const span = document.createElement("span");
      span.className = `num ${part[1] ?? ""}`.trim();
      span.textContent = fmt(part[0]);
      if (part[2]) span.dataset.bind = part[2];
      p.append(span);
    }
  }
  return p;
}

/** Step 2's update, written out with this run's numbers for its optimizer. */
function renderUpdate(state) {
  const u = state.update;
  const eta = [state.learningRate];
  const lines = [];
  for (const [name, part, value] of [["w", u.w, state.w], ["b", u.b, state.b]]) {
    const g = `∂L/∂${name}`;
    const here = [value, "model", name];
    const next = [part.next, "model", `next-${name}`];
    const grad = [part.gradient, "", `grad-${name}`];
    switch (state.optimizer) {
      case "gd":
        lines.push([`${name} ← ${name} − η·${g} = `, here, " − ", eta, " × (", grad, ") = ", next]);
        break;
      case "momentum":
      case "nesterov":
        lines.push([`v${name} ← μ·v${name} + ${g} = `, [state.momentum], " × (", [part.first], ") + (", grad, ") = ", [part.newFirst]]);
        if (state.optimizer === "momentum") {
          lines.push([`${name} ← ${name} − η·v${name} = `, here, " − ", eta, " × (", [part.newFirst], ") = ", next]);
        } else {
          lines.push([`${name} ← ${name} − η·(${g} + μ·v${name}) = `, here, " − ", eta, " × (", grad, " + ", [state.momentum], " × ", [part.newFirst], ") = ", next]);
        }
        break;
      case "rmsprop":
        lines.push([`s${name} ← α·s${name} + (1 − α)·(${g})² = `, [state.alpha], " × ", [part.second], " + ", [1 - state.alpha], " × (", grad, ")² = ", [part.newSecond]]);
        lines.push([`${name} ← ${name} − η·${g} / (√s${name} + ε) = `, here, " − ", eta, " × ", grad, " / ", [Math.sqrt(part.newSecond) + state.epsilon], " = ", next]);
        break;
      case "adam": {
        const mHat = part.newFirst / u.correction1;
        const vHat = part.newSecond / u.correction2;
        lines.push([`m${name} ← β₁·m${name} + (1 − β₁)·${g} = `, [state.beta1], " × (", [part.first], ") + ", [1 - state.beta1], " × (", grad, ") = ", [part.newFirst]]);
        lines.push([`v${name} ← β₂·v${name} + (1 − β₂)·(${g})² = `, [part.newSecond]]);
        lines.push([`m̂${name} = m${name}/(1 − β₁ᵗ) = `, [part.newFirst], " / ", [u.correction1], " = ", [mHat], `, v̂${name} = v${name}/(1 − β₂ᵗ) = `, [vHat], ` (t = ${u.t})`]);
        lines.push([`${name} ← ${name} − η·m̂${name} / (√v̂${name} + ε) = `, here, " − ", eta, " × ", [mHat], " / ", [Math.sqrt(vHat) + state.epsilon], " = ", next]);
        break;
      }
    }
  }
  document.getElementById("update-lines").replaceChildren(...lines.map(line));
}

/** Which points step 2 uses. */
function batchNote(state) {
  if (state.batchPoints >= state.n) return `The gradient is the mean over all ${state.n} points.`;
  const indices = [...(window.lab?.batch() ?? [])].map((i) => i + 1);
  const shown = indices.length > 12 ? `${indices.slice(0, 12).join(", ")}, …` : indices.join(", ");
  const kind = state.batchSize === 1 ? "stochastic gradient descent: one point" : `a mini-batch of ${state.batchPoints} points`;
  return `This step uses ${kind} (point${indices.length === 1 ? "" : "s"} ${shown}; ringed on the chart): batch ${state.batchNumber} of ${state.batchesPerEpoch} in epoch ${state.epoch + 1}. Each epoch visits every point once, in a new shuffled order.`;
}

const MARKERS = ["●", "■", "▲", "◆"];

/** The race's legend: one row per run, with its line pattern, marker and loss. */
function renderRace(state) {
  const legend = document.getElementById("race-legend");
  legend.hidden = state.runs.length < 2;
  if (legend.hidden) return;
  const rows = state.runs.map((run, i) => {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch run-${i}`;
    const marker = document.createElement("span");
    marker.className = `marker run-${i}`;
    marker.textContent = MARKERS[i];
    const label = document.createElement("span");
    const status = run.diverged ? "diverged" : `loss ${fmt(run.loss)}`;
    label.textContent = `${OPTIMIZERS[run.optimizer].name}, η = ${fmt(run.learningRate)}${run.batchSize ? `, batch ${run.batchSize}` : ""}: ${status}`;
    li.append(swatch, marker, label);
    return li;
  });
  legend.replaceChildren(...rows);
}
