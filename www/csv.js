// Bringing your own data: CSV in (`x,y` or `x,label`) and out. The lab's Rust
// side calls this (readCsv in the glue, lab.csv()). wasm-bindgen copies this
// file, and link.js beside it, into pkg/snippets/.
//
// Reading never fails as a whole: every bad line is reported with its line
// number and the reason, and the good lines are kept for the learner to use
// or not. Reasons are plain text; the page shows them as text.

import { writeDecimal } from "./link.js";

/** The most data rows read from one text. */
const MAX_ROWS = 10_000;
/** The largest |x| or |y| of a point (as the lab's config allows). */
const MAX_COORDINATE = 1e9;

/** A decimal number, or `inf` or `NaN` (which are not data); unlike Number(), no hex and no empty text. */
const NUMBER = /^[+-]?((\d+\.?\d*|\.\d+)(e[+-]?\d+)?|inf|infinity|nan)$/i;

/**
 * Reads `x,y` (regression) or `x,label` (classification) rows, with or
 * without a header, separated by commas, semicolons or tabs; with
 * semicolons, a decimal comma is read too (`1,5` is 1.5). Returns `{ points,
 * errors, header, separator, skipped }`: the good rows as `[{x, y}]`, each bad
 * line as `{ line, reason }` (lines counted from 1), the header's cells or
 * null, and the rows past the first 10,000, which were not read.
 */
export function readCsv(text, problem) {
  const second = problem === "classification" ? "label" : "y";
  const lines = String(text)
    .split("\n")
    .map((line, i) => [i + 1, line.endsWith("\r") ? line.slice(0, -1) : line])
    .filter(([, line]) => line.trim());
  const first = lines[0]?.[1] ?? "";
  const separator = first.includes("\t") ? "\t" : first.includes(";") ? ";" : ",";
  const result = { points: [], errors: [], header: null, separator, skipped: 0 };
  for (const [index, [number, line]] of lines.entries()) {
    const cells = line.split(separator).map(clean);
    // A first line with letters in it, whose first cell is not a number, is a
    // header (any non-ASCII character counts as a letter: `Fläche (m²)`, `€`).
    if (index === 0 && cells.some((cell) => /[a-z]|[^\0-\x7f]/i.test(cell)) && typeof readNumber(cells[0], separator) === "string") {
      result.header = cells;
      continue;
    }
    if (result.points.length + result.errors.length >= MAX_ROWS) {
      result.skipped++;
      continue;
    }
    const row = readRow(cells, separator, problem, second);
    if (typeof row === "string") result.errors.push({ line: number, reason: row });
    else result.points.push(row);
  }
  return result;
}

/** A cell without surrounding spaces or double quotes. */
function clean(cell) {
  const trimmed = cell.trim();
  return /^".*"$/s.test(trimmed) ? trimmed.slice(1, -1).trim() : trimmed;
}

/** A point `{ x, y }`, or the reason the row is not one. */
function readRow(cells, separator, problem, second) {
  // A trailing separator leaves an empty last cell: not a column.
  if (cells.length > 2 && cells.at(-1) === "") cells = cells.slice(0, -1);
  if (cells.length < 2) return `missing column: expected x and ${second}`;
  if (cells.length > 2) return `${cells.length} columns: expected 2 (x and ${second})`;
  const x = readNumber(cells[0], separator);
  if (typeof x === "string") return `x ${x}`;
  const y = readNumber(cells[1], separator);
  if (typeof y === "string") return `${second} ${y}`;
  if (problem === "classification" && y !== 0 && y !== 1) return `label is not 0 or 1: ${quote(cells[1])}`;
  return { x, y };
}

/** The number in a cell, or the reason it is not one the lab can use. */
function readNumber(cell, separator) {
  if (!cell) return "is empty";
  const text = separator === ";" ? cell.replaceAll(",", ".") : cell;
  if (!NUMBER.test(text)) return `is not a number: ${quote(cell)}`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `is not a finite number: ${quote(cell)}`;
  if (Math.abs(value) > MAX_COORDINATE) return `is too large (at most 1e9 in size): ${quote(cell)}`;
  return value;
}

/** A cell for a message: quoted, and at most 24 characters. */
function quote(cell) {
  const chars = [...cell];
  return `"${chars.slice(0, 24).join("")}${chars.length > 24 ? "…" : ""}"`;
}

/** Points as CSV with a header, `x,y` or `x,label`: each number the shortest decimal that reads back to it. */
export function writeCsv(xs, ys, problem) {
  const rows = [`x,${problem === "classification" ? "label" : "y"}`];
  xs.forEach((x, i) => rows.push(`${writeDecimal(x)},${writeDecimal(ys[i])}`));
  return `${rows.join("\n")}\n`;
}
