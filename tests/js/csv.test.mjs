// Bringing your own data (www/csv.js), through the JS API: CSV with or
// without a header, three separators, every bad line reported by number with
// its reason, the good ones kept; and the lab's CSV out reads back in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ANY_CHARACTER, assertFinite, init, random, readCsv } from "./lab.mjs";

const points = (...pairs) => pairs.map(([x, y]) => ({ x, y }));

test("plain rows with a header and without", () => {
  const withHeader = readCsv("x,y\n1,2\n3.5,-4e-2\n", "regression");
  assert.deepEqual(withHeader, { points: points([1, 2], [3.5, -0.04]), errors: [], header: ["x", "y"], separator: ",", skipped: 0 });
  const without = readCsv("1,2\r\n3.5,-4e-2\r\n\r\n", "regression");
  assert.deepEqual(without.points, withHeader.points);
  assert.equal(without.header, null);
  // Headers in other scripts, and with units, are headers too.
  const greek = readCsv("χ,ψ\n1,2\n", "regression");
  assert.deepEqual([greek.header, greek.points], [["χ", "ψ"], points([1, 2])]);
  const units = readCsv("Fläche (m²);Preis (€)\n50;1,5\n", "regression");
  assert.deepEqual([units.header, units.errors, units.points], [["Fläche (m²)", "Preis (€)"], [], points([50, 1.5])]);
});

test("semicolons with decimal commas, tabs, quotes and a trailing separator", () => {
  const semicolons = readCsv('x;y\n1,5;2\n"3";"-0,25"\n', "regression");
  assert.equal(semicolons.separator, ";");
  assert.deepEqual(semicolons.points, points([1.5, 2], [3, -0.25]));
  const tabs = readCsv("height\tweight\n1.5\t60\n2\t70.5\n", "regression");
  assert.equal(tabs.separator, "\t");
  assert.deepEqual(tabs.points, points([1.5, 60], [2, 70.5]));
  // A trailing separator is not a column.
  assert.deepEqual(readCsv("1,2,\n", "regression").points, points([1, 2]));
  // Spaces around a cell and inside its quotes do not matter.
  assert.deepEqual(readCsv(' " 1 " , 2 \n', "regression").points, points([1, 2]));
});

test("every bad line is reported by number with its reason", () => {
  const text = "x,label\n1,0\nabc,1\n2\n\n3,0.5\n4,1,9\n5,inf\n6,\n1e10,1\n7,1\n0x1,1\n";
  const result = readCsv(text, "classification");
  assert.deepEqual(result.points, points([1, 0], [7, 1]));
  assert.deepEqual(result.errors, [
    { line: 3, reason: 'x is not a number: "abc"' },
    { line: 4, reason: "missing column: expected x and label" },
    { line: 6, reason: 'label is not 0 or 1: "0.5"' },
    { line: 7, reason: "3 columns: expected 2 (x and label)" },
    { line: 8, reason: 'label is not a finite number: "inf"' },
    { line: 9, reason: "label is empty" },
    { line: 10, reason: 'x is too large (at most 1e9 in size): "1e10"' },
    { line: 12, reason: 'x is not a number: "0x1"' },
  ]);
  assert.deepEqual(readCsv("1,2,3\n", "regression").errors, [{ line: 1, reason: "3 columns: expected 2 (x and y)" }]);
  // Any problem name other than classification reads regression's x,y.
  assert.deepEqual(readCsv("1,0.5\n", "something else").points, points([1, 0.5]));
});

test("script in a cell is only text", () => {
  const result = readCsv("1,<img src=x onerror=alert(1)>\n", "regression");
  assert.deepEqual(result.errors, [{ line: 1, reason: 'y is not a number: "<img src=x onerror=alert…"' }]);
});

test("at most ten thousand rows", () => {
  const text = Array.from({ length: 10_025 }, (_, i) => `${i},${i % 2}\n`).join("");
  const result = readCsv(text, "classification");
  assert.equal(result.points.length, 10_000);
  assert.equal(result.skipped, 25);
});

test("data written as CSV reads back the same", () => {
  const data = points([0.1, 1 / 3], [-2e-7, 1e9], [123456.789, -0.30000000000000004]);
  const text = init({ points: data }).csv();
  assert.ok(text.startsWith("x,y\n"), text);
  assert.deepEqual(readCsv(text, "regression").points, data);
  const labelled = init({ problem: "classification", points: points([0.1, 0], [-2e-7, 1]) }).csv();
  assert.ok(labelled.startsWith("x,label\n"), labelled);
  assert.deepEqual(readCsv(labelled, "classification").points, points([0.1, 0], [-2e-7, 1]));
});

/** Rows that are often good and often not quite. */
const CELLS = ["1", "-2.5", "3e2", ".5", "0", "1", "0,5", '"4"', "", "inf", "NaN", "x", "abc", "1e10", " 7 ", "0x1", "é"];

/** Any text as CSV: every non-empty line is a point, an error with its number, the header, or past the limit. */
test("any text reads as CSV without losing a line, and the good points make a working lab", () => {
  const rng = random(7);
  for (let i = 0; i < 1500; i++) {
    const text =
      rng.next() < 0.3
        ? rng.text(400, ANY_CHARACTER)
        : Array.from({ length: rng.below(40) }, () =>
            Array.from({ length: 1 + rng.below(3) }, () => rng.pick(CELLS)).join(rng.pick([",", ",", ";", "\t"])),
          ).join(rng.pick(["\n", "\r\n"]));
    const problem = rng.pick(["regression", "classification"]);
    const result = readCsv(text, problem);
    const lines = text.split("\n").filter((line) => line.trim()).length;
    assert.equal(result.points.length + result.errors.length + (result.header ? 1 : 0) + result.skipped, lines, JSON.stringify(text));
    const total = text.split("\n").length;
    let last = 0;
    for (const { line, reason } of result.errors) {
      assert.ok(Number.isInteger(line) && line > last && line <= total, `line ${line} of ${total}`);
      assert.equal(typeof reason, "string");
      // The reason names the column, or says what is wrong with the line's columns.
      assert.match(reason, /^(x |y |label |missing column: |\d+ columns: )/, reason);
      last = line;
    }
    for (const { x, y } of result.points) {
      assert.ok(Number.isFinite(x) && Number.isFinite(y));
      if (problem === "classification") assert.ok(y === 0 || y === 1);
    }
    if (result.points.length) {
      const lab = init({ problem, points: result.points });
      lab.step(200);
      assertFinite(lab, assert);
    }
  }
});
