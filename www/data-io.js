// Bringing data in and taking results out: CSV import with a report of every
// bad line, and downloads of the data (CSV), the run (JSON) and each chart
// (PNG). Nothing the learner had changes until they choose to use new data.
// The page loads this module when the learner first asks for one of these.

/** The format name written into saved runs. */
export const RUN_FORMAT = "gradient-descent-lab run";

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The run as JSON: its config (which rebuilds it), its steps, and its loss history. */
export function runJson(lab) {
  const history = lab.history();
  const columns = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, [...v]]));
  const run = { format: RUN_FORMAT, version: 1, config: lab.config(), steps: lab.state().step, history: columns };
  return JSON.stringify(run, null, 1);
}

/** Reads a saved run: `{ config, steps }`, or throws an Error that says what is wrong. */
export function readRun(text) {
  let run;
  try {
    run = JSON.parse(text);
  } catch {
    throw new Error("This file is not JSON.");
  }
  if (run?.format !== RUN_FORMAT || typeof run.config !== "object" || run.config === null) {
    throw new Error("This JSON is not a run saved by Gradient Descent Lab.");
  }
  const steps = Number(run.steps ?? 0);
  if (!Number.isInteger(steps) || steps < 0 || steps > 1_000_000) {
    throw new Error("The run's step count must be a whole number from 0 to 1,000,000.");
  }
  return { config: run.config, steps };
}

/** Describes CSV text as `readCsv` read it: `{ points, summary, errors }`, all as plain data. */
export function checkCsv(result, source) {
  const good = result.points.length;
  const bad = result.errors.length;
  const from = source ? ` from ${source}` : "";
  let summary = `Read ${good + bad} row${good + bad === 1 ? "" : "s"}${from}: ${good} good, ${bad} with a problem.`;
  if (result.header) summary += ` The first line was a header (${result.header.join(", ")}).`;
  if (result.skipped) summary += ` ${result.skipped} rows past the first 10,000 were not read.`;
  if (good === 0) summary += " There is nothing to use, so nothing was changed.";
  const errors = result.errors.map((e) => `Line ${e.line}: ${e.reason}.`);
  return { points: result.points, summary, errors };
}

/** Fills the import report: the summary and each bad line, as text. */
export function showReport(report) {
  document.getElementById("csv-summary").textContent = report.summary;
  const shown = report.errors.slice(0, 50);
  const items = shown.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  });
  if (report.errors.length > shown.length) {
    const more = document.createElement("li");
    more.textContent = `… and ${report.errors.length - shown.length} more.`;
    items.push(more);
  }
  document.getElementById("csv-errors").replaceChildren(...items);
  const use = document.getElementById("csv-use");
  use.hidden = report.points.length === 0;
  use.textContent = `Use the ${report.points.length} good point${report.points.length === 1 ? "" : "s"}`;
  document.getElementById("csv-report").hidden = false;
}
