// The lab's catalogue (src/io/catalogue.rs, written for the page as
// www/catalogue.js and checked by tests/catalogue.rs): the one source of the
// page's optimizer and data-set menus and of the speed and zoom ranges. The
// lab takes everything it lists, links read by its ranges, and the README's
// tables say the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CATALOGUE as lists } from "../../www/catalogue.js";
import { init, readLink } from "./lab.mjs";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The cells of the README table row that starts with `` `key` `` (the first such row after `after`). */
function row(key, after) {
  const text = README.slice(README.indexOf(after));
  const line = text.split("\n").find((l) => l.startsWith(`| \`${key}\``));
  assert.ok(line, `README has no row for ${key} after ${after}`);
  return line.split(" | ").map((cell) => cell.trim());
}
/** The names written in backticks in `cell` (quoted or not). */
const names = (cell) => [...cell.matchAll(/`"?([a-z-]+)"?`/g)].map((m) => m[1]);

test("the lab takes every problem, optimizer and data set of its catalogue, and no other", () => {
  assert.deepEqual(lists.problems, ["regression", "classification"]);
  for (const problem of lists.problems) assert.equal(init({ problem }).state().problem, problem);
  for (const optimizer of lists.optimizers) assert.equal(init({ optimizer }).state().optimizer, optimizer);
  for (const [name, problem, label] of lists.datasets) {
    assert.ok(lists.problems.includes(problem), name);
    assert.ok(label.length > 0, name);
    assert.equal(init({ problem, dataset: { name } }).config().dataset.name, name);
    const other = lists.problems.find((p) => p !== problem);
    assert.throws(() => init({ problem: other, dataset: { name } }), /dataset\.name/);
  }
  assert.throws(() => init({ optimizer: "sgd" }), /optimizer must be one of/);
});

test("the README's config and link tables list what the catalogue does", () => {
  const config = "| field | meaning";
  const link = "| parameter | meaning";
  assert.deepEqual(names(row("optimizer", config)[2]), lists.optimizers);
  assert.deepEqual(names(row("opt", link)[2]), lists.optimizers);
  assert.deepEqual(names(row("problem", config)[2]), lists.problems);
  assert.deepEqual(names(row("problem", link)[2]), lists.problems);
  const datasets = lists.datasets.map(([name]) => name);
  assert.deepEqual(names(row("dataset", config)[2]).filter((n) => !["name", "n", "noise"].includes(n)), datasets);
  assert.deepEqual(names(row("data", link)[2]), datasets);
  const [zoomIn, zoomOut] = lists.zoom;
  assert.match(row("zoom", link)[2], new RegExp(`whole number ${String(zoomIn).replace("-", "−")} to ${zoomOut}$`));
  const [slowest, fastest, speed] = lists.speed;
  assert.match(row("speed", link)[2], new RegExp(`^${slowest} to ${fastest} \\(${fastest}: `));
  assert.equal(row("speed", link)[3], `${speed} |`);
});

test("links read the page's speed and zoom by the catalogue's ranges", () => {
  const [zoomIn, zoomOut] = lists.zoom;
  const [slowest, fastest, speed] = lists.speed;
  assert.equal(readLink("").view.speed, speed);
  for (const zoom of [zoomIn, zoomOut]) assert.equal(readLink(`?zoom=${zoom}`).view.zoom, zoom);
  for (const zoom of [zoomIn - 1, zoomOut + 1]) {
    const link = readLink(`?zoom=${zoom}`);
    assert.equal(link.view.zoom, 0);
    assert.deepEqual(link.notices, [`zoom: must be a whole number from ${zoomIn} to ${zoomOut}; the default is used.`]);
  }
  for (const steps of [slowest, fastest]) assert.equal(readLink(`?speed=${steps}`).view.speed, steps);
  assert.deepEqual(readLink(`?speed=${fastest + 1}`).notices, [`speed: must be a number of steps per second from ${slowest} to ${fastest}; the default is used.`]);
  // Written back the same way: out of range clamped, the default left out.
  const lab = init({});
  assert.match(lab.link({ zoom: zoomOut + 5, speed: fastest * 2 }), new RegExp(`speed=${fastest}&zoom=${zoomOut}$`));
  assert.doesNotMatch(lab.link({ zoom: 0, speed }), /speed|zoom/);
});

/** The names in the first cells of the README table that starts at the line `header`. */
function tableKeys(header) {
  const lines = README.slice(README.indexOf(header)).split("\n");
  const end = lines.findIndex((line) => !line.startsWith("|"));
  return lines.slice(2, end).flatMap((line) => [...line.split(" | ")[0].matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]));
}

test("the settings table has every config field and link parameter the README's tables list, and no other", () => {
  const settings = lists.settings;
  const configFields = [...new Set(settings.filter(([, , scope]) => ["config", "run", "constant"].includes(scope)).map(([field]) => field.split(".")[0]))];
  assert.deepEqual(tableKeys("| field | meaning"), configFields);
  assert.deepEqual(tableKeys("| parameter | meaning").sort(), settings.map(([, param]) => param).sort());
  // Each page setting's words name its own range.
  for (const [field, , scope, kind, min, max, , fallback, allowed] of settings) {
    if (!["steps", "view"].includes(scope) || kind !== "number") continue;
    assert.ok(allowed.includes(String(min)), `${field}: ${allowed}`);
    assert.ok(field === "point" || allowed.includes(String(max)), `${field}: ${allowed}`);
    assert.ok(fallback >= min && fallback <= max, field);
  }
});

test("the page's problem choices and optimizer-constant boxes are the catalogue's and the settings table's", () => {
  const page = readFileSync(new URL("../../www/index.html", import.meta.url), "utf8");
  const radios = [...page.matchAll(/<input type="radio" name="problem" value="([a-z]+)"/g)].map((m) => m[1]);
  assert.deepEqual(radios, lists.problems);
  const constants = lists.settings.filter(([, , scope]) => scope === "constant").map(([field]) => field);
  const boxes = [...page.matchAll(/<label data-for-optimizer="([a-z ]+)">[^<]*<input type="number" id="([a-z0-9]+)"[^>]*value="([^"]+)"/g)];
  assert.deepEqual(boxes.map((m) => m[2]), constants);
  const defaults = init({}).config();
  for (const [, optimizers, id, value] of boxes) {
    for (const name of optimizers.split(" ")) assert.ok(lists.optimizers.includes(name), `${id}: ${name}`);
    assert.equal(Number(value), defaults[id], `${id}'s box starts at its default`);
  }
});
