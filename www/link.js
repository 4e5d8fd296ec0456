// Links: every setting of a lab and of the page in the URL query, so every
// setup is a link and a link rebuilds its run exactly. The lab's Rust side
// calls these (readLink and lab.link in the glue); it checks the config a
// link asks for, and drops what it refuses with a notice (src/io/link.rs).
// wasm-bindgen copies this file into pkg/snippets/, and catalogue.js beside
// it (src/web/api.rs names that module too).
//
// Reading never fails: a malformed parameter is dropped, takes its default,
// and is named in a notice. Notices are plain text; the page shows them as text.

import { CATALOGUE } from "./catalogue.js";

/** A parameter's value that cannot be read; the message says why. */
class Malformed extends Error {}
const refuse = (reason) => {
  throw new Malformed(reason);
};

/** The longest query read, in characters; the rest is ignored. */
const MAX_QUERY = 2 ** 20;
/** The page's settings when the link says nothing: the settings table's defaults. */
const defaultView = () => {
  const view = {};
  for (const [field, , scope, kind, , , , fallback] of CATALOGUE.settings) {
    if (scope === "view") view[field] = kind === "flag" ? false : kind === "number" ? fallback : null;
  }
  return view;
};

/** A decimal number, as links have always been read (unlike Number(): no hex, no empty text). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function readNumber(text) {
  const trimmed = text.trim();
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? value : refuse(`"${shorten(trimmed)}" is not a finite number`);
}

/** `count` numbers separated by commas. */
function readNumbers(text, count) {
  const parts = text.split(",");
  if (parts.length !== count) refuse(`must be ${count} numbers separated by commas; got "${shorten(text)}"`);
  return parts.map(readNumber);
}

/** `x,y;x,y;…` */
function readPoints(text) {
  return text
    .split(";")
    .filter((pair) => pair.trim())
    .map((pair, i) => {
      try {
        const [x, y] = readNumbers(pair, 2);
        return { x, y };
      } catch (error) {
        throw error instanceof Malformed ? new Malformed(`point ${i + 1}: ${error.message}`) : error;
      }
    });
}

/** `w,b` */
function readStart(text) {
  const [w, b] = readNumbers(text, 2);
  return { w, b };
}

/** `optimizer:learningRate[:batchSize],…` */
function readRace(text) {
  return text
    .split(",")
    .filter(Boolean)
    .map((run, i) => {
      const [optimizer, rate, batch, ...more] = run.split(":");
      if (more.length) refuse(`run ${i + 1} must be optimizer:learningRate[:batchSize]`);
      const fields = { optimizer };
      if (rate !== undefined) fields.learningRate = readNumber(rate);
      if (batch !== undefined) fields.batchSize = readNumber(batch);
      return fields;
    });
}

/**
 * The shortest decimal that reads back to `value`, plain from 1e-4 up to 1e6
 * and with an exponent outside (`1e-8`, `2.5e6`), as links have always been
 * written. (String() gives the same digits, with exponents from 1e21 up.)
 */
export function writeDecimal(value) {
  const [digits, exponent] = value.toExponential().split("e");
  return exponent < -4 || exponent >= 6 ? `${digits}e${Number(exponent)}` : String(value);
}

const writePair = (a, b) => `${writeDecimal(a)},${writeDecimal(b)}`;

// How each kind of parameter is read from text (or refused) and written as
// text (undefined: left out of the link).
const asName = { read: (text) => text, write: String };
const asDecimal = { read: readNumber, write: writeDecimal };
const asText = { read: (text) => text, write: (text) => text || undefined };
const asWhole = { read: readNumber, write: String };
const asFlag = {
  read(text) {
    if (["1", "true", "yes", ""].includes(text)) return true;
    if (["0", "false", "no"].includes(text)) return false;
    refuse(`must be 1 or 0; got "${shorten(text)}"`);
  },
  write: (on) => (on === true ? "1" : undefined),
};

/** A page setting from `min` to `max` (whole, if `whole`), left out of links at its default. */
function inRange(min, max, whole, fallback, reason) {
  return {
    read(text) {
      const value = readNumber(text);
      return (!whole || Number.isInteger(value)) && value >= min && value <= max ? value + 0 : refuse(reason); // (-0 + 0 is 0)
    },
    write(value) {
      const clamped = Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
      const written = whole ? Math.trunc(clamped) : clamped;
      return written === fallback ? undefined : String(written);
    },
  };
}

/** A comma-separated list of names from `allowed` (at least one). */
function namesFrom(allowed) {
  return {
    read(text) {
      const names = text.split(",").map((name) => name.trim()).filter(Boolean);
      if (!names.length) refuse(`must name at least one of ${allowed.join(", ")}`);
      const unknown = names.find((name) => !allowed.includes(name));
      if (unknown !== undefined) refuse(`"${shorten(unknown)}" is not one of ${allowed.join(", ")}`);
      return names;
    },
    write: (names) => (Array.isArray(names) ? names.filter((name) => typeof name === "string").join(",") : undefined),
  };
}

/** How the settings that have a shape of their own are read and written. */
const SHAPED = {
  points: { read: readPoints, write: (points) => points.map((p) => writePair(p.x, p.y)).join(";") },
  start: { read: readStart, write: (start) => writePair(start.w, start.b) },
  race: { read: readRace, write: (runs) => runs.map((r) => `${r.optimizer}:${writeDecimal(r.learningRate)}:${r.batchSize}`).join(",") },
  panels: namesFrom(["fit", "loss", "landscape", "steps", "formula", "backprop"]),
  controls: namesFrom(["run", "rate", "optimizer", "batch", "data", "problem", "speed", "lessons", "race", "link"]),
  // An exercise's: exercise.js reads them (and shows the task as text).
  goal: asText,
  within: asText,
  task: asText,
};

/**
 * Every URL parameter, in the order links write them (the settings table's,
 * src/io/settings.rs, through catalogue.js): where its value goes in
 * readLink's `{ config, steps, view }`, and its kind. The config's own rules
 * (its ranges, names and defaults) are the lab's: it checks the config. The
 * page's own settings are checked here, by the table's ranges.
 */
const PARAMS = CATALOGUE.settings.map(([field, param, scope, kind, min, max, whole, fallback, allowed]) => {
  const page = scope === "steps" || scope === "view";
  const path = scope === "steps" ? "steps" : `${page ? "view" : "config"}.${field}`;
  const number = page ? inRange(min, max, whole, fallback, `must be ${allowed}`) : whole ? asWhole : asDecimal;
  return [param, path, { name: asName, flag: asFlag, number, shaped: SHAPED[field] }[kind]];
});

/** Percent-decoding, with `+` a space; null for a broken escape or bytes that are not UTF-8. */
function decode(text) {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return null;
  }
}

/** Percent-encodes all but letters, digits and `-_.~,:;` (as UTF-8). */
const encode = (text) =>
  text.replace(/[^\w\-.~,:;]+/g, (run) =>
    Array.from(new TextEncoder().encode(run), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );

/** At most 40 characters of `text`, for a notice. */
function shorten(text) {
  const chars = [...text];
  return chars.length <= 40 ? text : `${chars.slice(0, 39).join("")}…`;
}

/**
 * Reads a URL query (with or without its leading `?`): `{ config, steps,
 * view, notices }`, the page's settings by the settings table's ranges. The
 * config is not checked yet: the lab does that.
 */
export function readQuery(query) {
  const link = { config: {}, steps: 0, view: defaultView(), notices: [] };
  let text = String(query).replace(/^\?/, "");
  if (text.length > MAX_QUERY) {
    text = text.slice(0, MAX_QUERY);
    link.notices.push("The link is too long; only its first megabyte was read.");
  }
  for (const part of text.split("&").filter(Boolean)) {
    const at = part.indexOf("=");
    const [name, value] = at < 0 ? [decode(part), ""] : [decode(part.slice(0, at)), decode(part.slice(at + 1))];
    if (name === null || value === null) {
      link.notices.push(`A part of the link could not be read (${shorten(part)}); it was ignored.`);
      continue;
    }
    try {
      const [, path, kind] = PARAMS.find(([param]) => param === name) ?? refuse("is not a setting of this lab");
      const read = kind.read(value);
      const keys = path.split(".");
      const key = keys.pop();
      const object = keys.reduce((parent, field) => (parent[field] ??= {}), link);
      // A repeated config parameter counts where it last appears, in order too.
      if (keys[0] === "config") delete object[key];
      object[key] = read;
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      link.notices.push(`${shorten(name)}: ${error.message}; the default is used.`);
    }
  }
  const { config } = link;
  if (config.dataset) {
    const dataset = config.dataset;
    delete config.dataset; // it goes last, if at all
    if (config.points) link.notices.push("data, n, noise: the link also has points, so they were ignored.");
    else config.dataset = dataset;
  }
  return link;
}

/** The URL parameter of a config field (`dataset.n` → `n`, `points[3].x` → `points`), or "config". */
export function paramOf(field) {
  const top = field.split(/[.[]/)[0];
  return PARAMS.find(([, path]) => path === `config.${field}` || path === `config.${top}`)?.[0] ?? "config";
}

/**
 * The query that rebuilds a run: its `config` as the lab gives it (the
 * optimizer's constants only where they are not their defaults), after
 * `steps` steps, with the page's `view` (the fields of readLink's `view`).
 */
export function writeQuery(config, steps, view) {
  const source = { config, steps, view: view ?? {} };
  const written = [];
  for (const [param, path, kind] of PARAMS) {
    const value = path.split(".").reduce((object, key) => object?.[key], source);
    const text = value === undefined ? undefined : kind.write(value);
    if (text !== undefined) written.push(`${param}=${encode(text)}`);
  }
  return written.join("&");
}
