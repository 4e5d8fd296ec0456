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
  document.body.dataset.problem = state.problem;
  document.body.dataset.loss = state.lossFunction;
  document.body.dataset.stepped = String(state.step > 0);

  bind("seed", String(state.seed));
  bind("start-w", fmt(state.start.w));
  bind("start-b", fmt(state.start.b));
  bind("start-loss", fmt(state.start.loss));
  bind("grad-w", fmt(state.gradW));
  bind("grad-b", fmt(state.gradB));
  bind("learning-rate", fmt(state.learningRate));
  bind("w", fmt(state.w));
  bind("b", fmt(state.b));
  bind("next-w", fmt(state.w - state.learningRate * state.gradW));
  bind("next-b", fmt(state.b - state.learningRate * state.gradB));
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
