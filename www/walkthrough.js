// The lesson's live text: the four steps with this run's numbers, and the
// words that describe the charts to screen readers. It only reads lab
// snapshots; every sentence is worked out from the run it describes.
import { renderPoint } from "./backprop.js";
import { formatNumber as fmt, signedTerm } from "./format.js";
import { writeSum } from "./sums.js";

/** Sets the text of every element bound to `name`. */
export function bind(name, text) {
  for (const element of document.querySelectorAll(`[data-bind="${name}"]`)) {
    if (element.textContent !== text) element.textContent = text;
  }
}

/** `1 point`, `30 points`. */
export const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The active step of the walkthrough: 1 to 4. */
export function highlightStep(number) {
  for (const item of document.querySelectorAll("#walkthrough > li")) {
    const active = Number(item.dataset.step) === number;
    item.classList.toggle("active", active);
    if (active) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
}

/** Where step 1's start came from, in words (`given`: a start the page gave, with its words). */
function renderStartFrom(state, from, given) {
  const seed = document.createElement("span");
  seed.className = "num";
  seed.dataset.bind = "seed";
  seed.textContent = String(from.seed);
  const words = {
    seed: ["Drawn at random from seed ", seed],
    reset: [`A new random start from Reset (draw ${from.draw} from seed `, seed, ")"],
    edit: ["Where the line was when the points changed"],
    given: [given && given.w === state.start.w && given.b === state.start.b ? given.words : "Given in the config"],
  }[from.kind];
  const element = document.getElementById("start-from");
  const text = words.map((part) => (typeof part === "string" ? part : part.textContent)).join("");
  if (element.textContent !== text) element.replaceChildren(...words);
}

/** How the loss changed in the last step, as words around a written sum. */
function renderLossChange(state) {
  const element = document.getElementById("loss-change");
  const previous = state.previous;
  if (!previous) return element.replaceChildren();
  const down = state.loss <= previous.loss;
  const [from, to] = down ? [previous.loss, state.loss] : [state.loss, previous.loss];
  const sum = writeSum(element.querySelector(".sum") ?? document.createElement("span"), null, [[from], " − ", [to]], from - to, "loss-text");
  const words = down ? "down by " : "up by ";
  if (element.firstChild?.data !== words || !sum.isConnected) element.replaceChildren(words, sum);
}

/** What the last step did, and why when the loss went up. */
function progress(state) {
  if (state.diverged) {
    return `The run diverged at step ${state.divergedAt}: that step would have sent the loss out of bounds, so the lab stopped at the last finite state.`;
  }
  const best = state.optimum ? ` The best possible loss on these points is ${fmt(state.optimum.loss)}.` : "";
  if (state.step === 0) return `No steps yet.${best}`;
  const change = state.loss - state.previous.loss;
  if (change > 0) return `The last step went uphill: the loss rose by ${fmt(change)}. ${uphill(state)}${best}`;
  if (state.converged) return `Converged: the gradient is all but zero, so each step barely moves w and b.${best}`;
  if (change === 0) return `The last step left the loss as it was, to every digit the computer keeps.${best}`;
  if (state.separable) {
    return "These groups can be split perfectly, so no finite weight is best: each step downhill makes the sigmoid steeper and the loss smaller, on towards 0. That is not divergence.";
  }
  return `The last step went downhill: the loss fell by ${fmt(-change)}. Each pass through steps 2 and 3 moves w and b further down.${best}`;
}

/** Why a step went uphill, from the way this run steps. */
function uphill(state) {
  const reasons = [];
  if (state.batchPoints < state.n) {
    reasons.push(
      `The step followed the gradient of its batch of ${count(state.batchPoints, "point")} only, not the slope of the loss on all ${state.n}: a step downhill for the batch can be uphill for every point.`,
    );
  }
  const name = OPTIMIZERS[state.optimizer].name;
  if (state.optimizer === "momentum" || state.optimizer === "nesterov") {
    reasons.push(`${capital(name)} moves by its velocity, built up from earlier gradients, not by the slope here: it can carry the run past the floor of the valley and up the other side.`);
  } else if (state.optimizer !== "gd") {
    reasons.push(`${name} divides each step by the size of recent gradients, so its steps do not shrink as the slope does: near the floor a step can overshoot it.`);
  } else if (reasons.length === 0) {
    const limit = state.stableLearningRate;
    const over = limit && state.learningRate > limit
      ? ` The learning rate ${fmt(state.learningRate)} is above 2/curvature = ${fmt(limit)} (the curvature at the floor), so near the floor each step overshoots by more than the last.`
      : "";
    reasons.push(`The step was too long for how sharply the loss curves here: it went past the lowest point along its direction and up the other side.${over}`);
  }
  return reasons.join(" ");
}

export const capital = (text) => text[0].toUpperCase() + text.slice(1);

/** The model as words: `the line y = 1.98x + 0.47` or `the sigmoid ŷ = σ(1.2x - 0.3)`. */
export function modelText(state) {
  const z = `${fmt(state.w, 3)}x ${signedTerm(state.b, 3)}`;
  return state.problem === "classification" ? `the sigmoid ŷ = σ(${z})` : `the line y = ${z}`;
}

/** A share as a percentage: 0.8666 → "86.7%". */
export function percent(share) {
  return typeof share === "number" && Number.isFinite(share) ? `${fmt(share * 100, 3)}%` : "–";
}

/**
 * Updates every number of the lesson from a lab snapshot and a point's
 * trace; `page` adds what the snapshot leaves out (`startFrom`: where the
 * start came from, `lab.startFrom()`; `given`: a start the page gave and its
 * words; `batch`: the indices of the next step's points).
 */
export function render(state, trace, page = {}) {
  const root = document.documentElement.dataset;
  root.problem = state.problem;
  root.loss = state.lossFunction;
  root.stepped = String(state.step > 0);
  root.batched = String(state.batchPoints < state.n);

  renderStartFrom(state, page.startFrom, page.given);
  bind("start-w", fmt(state.start.w));
  bind("start-b", fmt(state.start.b));
  bind("start-loss", fmt(state.start.loss));
  bind("grad-w", fmt(state.gradW));
  bind("grad-b", fmt(state.gradB));
  bind("learning-rate", fmt(state.learningRate));
  bind("optimizer-name", OPTIMIZERS[state.optimizer].name);
  bind("optimizer-note", OPTIMIZERS[state.optimizer].note);
  bind("run-settings", ` · ${OPTIMIZERS[state.optimizer].name}, η = ${fmt(state.learningRate)}`);
  bind("batch-note", batchNote(state, page.batch ?? []));
  bind("epoch-text", state.batchSize > 0 && state.batchSize < state.n ? ` · epoch ${state.epoch + 1}` : "");
  bind("loss", fmt(state.loss));
  bind("step-count", `Step ${state.step}`);
  bind("progress", progress(state));
  bind("points", count(state.n, "point"));
  bind("n", String(state.n));
  bind("batch-points", count(state.batchPoints, "point"));
  bind("mean-over", state.batchPoints < state.n ? "B" : "N");
  bind("accuracy", percent(state.accuracy));
  renderUpdate(state);
  renderLossChange(state);
  renderRace(state);
  renderSlice(state);
  if (trace) renderPoint(state, trace, page.batch ?? []);

  const fit = document.getElementById("fit");
  const accuracy = state.accuracy === null ? "" : `, accuracy ${percent(state.accuracy)}`;
  const words = `${count(state.n, "point")} and ${modelText(state)}, loss ${fmt(state.loss, 3)}${accuracy} after ${count(state.step, "step")}`;
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
      `Loss chart: the loss went from ${fmt(state.start.loss, 3)} to ${fmt(state.loss, 3)} in ${count(state.step, "step")}${best}.`,
    );
}

/** One sentence for the live region. */
export function announcement(state) {
  if (state.diverged) return `Diverged at step ${state.divergedAt}. The learning rate is too large.`;
  const previous = state.previous;
  const change = !previous
    ? ""
    : state.loss <= previous.loss
      ? `, down by ${fmt(previous.loss - state.loss)}`
      : `, up by ${fmt(state.loss - previous.loss)}`;
  return `Step ${state.step}: loss ${fmt(state.loss)}${change}.`;
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

/** Step 2's update, written out with this run's numbers for its optimizer. */
function renderUpdate(state) {
  const u = state.update;
  const eta = [state.learningRate];
  const lines = [];
  // A line: its formula (text) and its worked sum (parts) with the exact result.
  const add = (formula, parts, result, cls, bind) => lines.push({ formula, parts, result, cls, bind });
  for (const [name, part, value] of [["w", u.w, state.w], ["b", u.b, state.b]]) {
    const g = `∂L/∂${name}`;
    const here = [value, "model", name];
    const grad = [part.gradient, "", `grad-${name}`];
    const next = [part.next, "model", `next-${name}`];
    const step = (formula, parts) => add(formula, [here, " − ", eta, " × ", ...parts], next[0], "model", next[2]);
    switch (state.optimizer) {
      case "gd":
        step(`${name} ← ${name} − η·${g}`, [grad]);
        break;
      case "momentum":
      case "nesterov": {
        const mu = [state.momentum];
        const v = [part.newFirst];
        add(`v${name} ← μ·v${name} + ${g}`, [mu, " × ", [part.first], " + ", grad], part.newFirst);
        if (state.optimizer === "momentum") step(`${name} ← ${name} − η·v${name}`, [v]);
        else step(`${name} ← ${name} − η·(${g} + μ·v${name})`, ["(", grad, " + ", mu, " × ", v, ")"]);
        break;
      }
      case "rmsprop": {
        const alpha = [state.alpha];
        add(`s${name} ← α·s${name} + (1 − α)·(${g})²`, [alpha, " × ", [part.second], " + (1 − ", alpha, ") × ", grad, "²"], part.newSecond);
        step(`${name} ← ${name} − η·${g} / (√s${name} + ε)`, [grad, " / (√", [part.newSecond], " + ", [state.epsilon], ")"]);
        break;
      }
      case "adam": {
        const [b1, b2] = [[state.beta1], [state.beta2]];
        const mHat = part.newFirst / u.correction1;
        const vHat = part.newSecond / u.correction2;
        add(`m${name} ← β₁·m${name} + (1 − β₁)·${g}`, [b1, " × ", [part.first], " + (1 − ", b1, ") × ", grad], part.newFirst);
        add(`v${name} ← β₂·v${name} + (1 − β₂)·(${g})²`, [b2, " × ", [part.second], " + (1 − ", b2, ") × ", grad, "²"], part.newSecond);
        add(`m̂${name} = m${name}/(1 − β₁ᵗ)`, [[part.newFirst], " / ", [u.correction1]], mHat);
        add(`v̂${name} = v${name}/(1 − β₂ᵗ)`, [[part.newSecond], " / ", [u.correction2]], vHat);
        step(`${name} ← ${name} − η·m̂${name} / (√v̂${name} + ε)`, [[mHat], " / (√", [vHat], " + ", [state.epsilon], ")"]);
        break;
      }
    }
  }
  if (state.optimizer === "adam") {
    lines.splice(2, 0, { text: `At step t = ${u.t}: 1 − β₁ᵗ = ${fmt(u.correction1)} and 1 − β₂ᵗ = ${fmt(u.correction2)}.` });
  }
  // Each line into the paragraph that held it last time (a sum of the same
  // shape only changes its numbers), new paragraphs for more lines.
  const holder = document.getElementById("update-lines");
  const paragraphs = lines.map((line, i) => {
    let p = holder.children[i];
    if (!p || Boolean(line.text) !== !p.dataset.shape) {
      p = document.createElement("p");
      p.className = "update";
    }
    if (line.text) {
      if (p.textContent !== line.text) p.textContent = line.text;
      return p;
    }
    return writeSum(p, line.formula, line.parts, line.result, line.cls, line.bind);
  });
  if (paragraphs.some((p, i) => holder.children[i] !== p) || holder.children.length !== paragraphs.length) {
    holder.replaceChildren(...paragraphs);
  }
}

/** Which points step 2 uses. */
function batchNote(state, batch) {
  if (state.batchPoints >= state.n) return `The gradient is the mean over all ${count(state.n, "point")}.`;
  const indices = [...batch].map((i) => i + 1);
  const shown = indices.length > 12 ? `${indices.slice(0, 12).join(", ")}, …` : indices.join(", ");
  const kind = state.batchSize === 1 ? "stochastic gradient descent: one point" : `a mini-batch of ${count(state.batchPoints, "point")}`;
  return `This step uses ${kind} (point${indices.length === 1 ? "" : "s"} ${shown}; ringed on the chart), so the gradient is ${state.batchPoints === 1 ? "that one point's own" : `the mean over those ${state.batchPoints} points (1/B, B = ${state.batchPoints})`}, not the mean over all ${state.n}: batch ${state.batchNumber} of ${state.batchesPerEpoch} in epoch ${state.epoch + 1}. Each epoch visits every point once, in a new shuffled order.`;
}

/** The words under the slice: why a step lands where it does on it. */
function renderSlice(state) {
  const note = document.getElementById("slice-note");
  const { max: curvature } = state.curvature;
  const floor = state.optimum ? "the floor of the valley (the optimum)" : "the start (these points have no optimum)";
  const about = `The loss along the line through ${floor} in the direction where the valley is steepest; each dot is where one of the last steps landed, seen along that line.`;
  const say = (text) => note.textContent !== text && (note.textContent = text);
  if (!(curvature > 0)) return say(about);
  const limit = ` Its curvature is λ = ${fmt(curvature)}, so 2/λ = ${fmt(2 / curvature)}.`;
  if (state.optimizer !== "gd" || state.problem !== "regression") {
    const why = state.optimizer !== "gd"
      ? `${capital(OPTIMIZERS[state.optimizer].name)} does not step by η times the slope, so where it lands is not a fixed share of the way.`
      : "Near the floor, plain gradient descent with a rate above 2/λ overshoots by more each time.";
    return say(`${about}${limit} ${why}`);
  }
  // Regression: the loss along the line is a parabola, and each step multiplies the distance by 1 − ηλ.
  const factor = 1 - state.learningRate * curvature;
  const sum = writeSum(note.querySelector(".sum") ?? document.createElement("span"), "1 − η·λ", ["1 − ", [state.learningRate], " × ", [curvature]], factor);
  const what =
    Math.abs(factor) > 1
      ? "more than 1 in size and negative: each step lands on the other side, farther out than the last, because η is above 2/λ."
      : factor < 0
        ? "negative and less than 1 in size: each step lands on the other side, nearer: a zig-zag that shrinks."
        : factor > 0
          ? "between 0 and 1: each step stays on the same side and slides down."
          : "0: the first step lands on the floor.";
  const [before, after] = [`${about}${limit} Each step of gradient descent multiplies the distance to the floor by `, `, ${what}`];
  if (note.firstChild?.data !== before || note.lastChild?.data !== after || !sum.isConnected) note.replaceChildren(before, sum, after);
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
