// One point, worked through: its squared error or cross-entropy in the loss
// section, the pull of each loss on it, and backpropagation row by row. Each
// value that comes from others is written as a sum of the numbers it comes
// from (sums.js), so every row can be checked by hand.
import { formatNumber as fmt } from "./format.js";
import { redrawPointers } from "./pointers.js";
import { writeSum } from "./sums.js";
import { bind, count } from "./walkthrough.js";

const $ = (id) => document.getElementById(id);

/** The chosen point's worked examples and its backpropagation table. */
export function renderPoint(state, trace, batch) {
  const classification = state.problem === "classification";
  const { x, y, z, yHat } = trace;
  bind("trace-index", String(trace.index + 1));
  bind("trace-x", fmt(x));
  bind("trace-y", fmt(y));
  bind("trace-class", String(y));
  bind("trace-w", fmt(state.w));
  bind("trace-b", fmt(state.b));
  bind("trace-dz-dw", fmt(x));
  renderBatchMembership(state, trace.index, batch);

  const sum = (id, parts, result, cls = "", name = "") => writeSum($(id), null, parts, result, cls, name);
  // Forward: z = w·x + b, ŷ, and this point's loss.
  sum("trace-z-sum", [[state.w, "model"], " × ", [x, "data"], " + ", [state.b, "model"]], z, "", "trace-z");
  if (classification) sum("trace-yhat-sum", ["σ(", [z], ")"], yHat, "model", "trace-yhat");
  else plain("trace-yhat-sum", yHat, "model", "trace-yhat");
  // Backward: the derivative of each link.
  const dLdYhat = [trace.dLdYhat];
  if (state.lossFunction === "mse") {
    sum("trace-loss-sum", ["(", [yHat, "model"], " − ", [y, "data"], ")²"], trace.loss, "loss-text", "trace-loss");
    sum("trace-dl-dyhat-sum", ["2 × (", [yHat, "model"], " − ", [y, "data"], ")"], trace.dLdYhat, "", "trace-dl-dyhat");
  } else {
    // Only the true class's term is not zero: −ln ŷ for label 1, −ln(1 − ŷ) for label 0.
    const [loss, slope] = y === 1 ? [["−ln ", [yHat, "model"]], ["−1 / ", [yHat, "model"]]] : [["−ln(1 − ", [yHat, "model"], ")"], ["1 / (1 − ", [yHat, "model"], ")"]];
    sum("trace-loss-sum", loss, trace.loss, "loss-text", "trace-loss");
    sum("trace-dl-dyhat-sum", slope, trace.dLdYhat, "", "trace-dl-dyhat");
  }
  if (classification) {
    sum("trace-dyhat-dz-sum", [[yHat, "model"], " × (1 − ", [yHat, "model"], ")"], trace.dYhatDz, "", "trace-dyhat-dz");
  } else {
    plain("trace-dyhat-dz-sum", 1, "", "trace-dyhat-dz");
  }
  const chain = [dLdYhat, " × ", [trace.dYhatDz]];
  sum("trace-dl-dw-sum", [...chain, " × ", [x, "data"]], trace.dLdw, "", "trace-dl-dw");
  sum("trace-dl-db-sum", [...chain, " × 1"], trace.dLdb, "", "trace-dl-db");

  if (classification) renderComparison(trace);
  else sum("mse-worked-sum", ["(", [yHat, "model"], " − ", [y, "data"], ")²"], trace.loss, "loss-text");
}

/** A cell that holds one number (where the rule has nothing to work out). */
function plain(id, value, cls, name) {
  const number = document.createElement("span");
  number.className = `num ${cls}`.trim();
  number.dataset.bind = name;
  number.textContent = fmt(value);
  $(id).classList.remove("sum");
  delete $(id).dataset.shape;
  $(id).replaceChildren(number);
}

/** Says whether the followed point is one of the next step's batch. */
function renderBatchMembership(state, index, batch) {
  const note = $("batch-member");
  const batched = state.batchPoints < state.n;
  note.hidden = !batched;
  if (!batched) return;
  const inBatch = [...batch].includes(index);
  const first = batch[0] + 1;
  $("follow-batch").hidden = inBatch;
  $("follow-batch").textContent = `Follow point ${first}`;
  $("follow-batch").dataset.point = String(first - 1);
  bind(
    "batch-member-text",
    inBatch
      ? `Point ${index + 1} is one of the ${count(state.batchPoints, "point")} of the next step's batch: its derivatives below are part of that step's gradient.`
      : `Point ${index + 1} is not in the next step's batch, so its derivatives below play no part in that step's gradient.`,
  );
}

/** The cross-entropy of the chosen point term by term, and its pull under both losses. */
function renderComparison(trace) {
  const y = [1 - trace.y, trace.y];
  const p = [1 - trace.yHat, trace.yHat];
  const truth = trace.y;
  // The true class's label and probability carry the pointers' ids.
  const label = (i) => [y[i], "actual", `ce-y${i}`, i === truth ? "ce-worked-y" : ""];
  const probability = (i) => [p[i], "predicted", `ce-p${i}`, i === truth ? "ce-worked-p" : ""];
  const before = $("ce-worked-sum").textContent;
  const worked = writeSum(
    $("ce-worked-sum"),
    "CEᵢ",
    ["−(", label(0), "·ln ", probability(0), " + ", label(1), "·ln ", probability(1), ")"],
    trace.compare.crossEntropy.loss,
    "loss-text",
    "ce-point",
  );
  // Each term keeps together; a narrow box breaks the line at the "+" between them.
  const nodes = [...worked.querySelector(".worked").childNodes];
  for (const term of worked.querySelector(".term") ? [] : [nodes.slice(0, 4), nodes.slice(5)]) {
    const group = document.createElement("span");
    group.className = "term";
    term[0].before(group);
    group.append(...term);
  }
  if (worked.textContent !== before) redrawPointers($("ce-worked"));
  const shown = [...worked.querySelectorAll(".worked .predicted")].map((e) => e.textContent);
  bind("ce-actual", `[${y.join(", ")}]`);
  bind("ce-predicted", `[${shown.join(", ")}]`);
  const pulls = { "pull-ce": trace.compare.crossEntropy.dLdz, "pull-mse": trace.compare.mse.dLdz };
  const yHat = [trace.yHat, "model"];
  const label1 = [trace.y, "data"];
  writeSum($("pull-ce-sum"), null, [yHat, " − ", label1], pulls["pull-ce"], "", "pull-ce");
  writeSum($("pull-mse-sum"), null, ["2 × (", yHat, " − ", label1, ") × ", yHat, " × (1 − ", yHat, ")"], pulls["pull-mse"], "", "pull-mse");
  for (const [name, pull] of Object.entries(pulls)) {
    // |∂L/∂z| is at most 1 under cross-entropy; the bars share that scale.
    $(name).style.width = `${Math.min(1, Math.abs(pull)) * 100}%`;
  }
}
