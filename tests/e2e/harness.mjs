// Shared set-up of the end-to-end tests: the lesson served from dist/ on a
// free port, and a browser: Debian's Chromium driven by playwright-core, or
// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (behind
// the same Playwright-like API, see firefox.mjs). Each test file wraps its
// tests in `eachEngine`, so every test is written once and runs per engine.
import { describe, test as nodeTest, before, after } from "node:test";
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../tools/serve.mjs";
import { launchFirefox, FirefoxContext } from "./firefox.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOTS = `${ROOT}tests/e2e/screenshots`;

/** The engines the page tests run in: `ENGINES=chromium` or `ENGINES=firefox` for one. */
export const ENGINES = (process.env.ENGINES ?? "chromium,firefox").split(",").map((e) => e.trim()).filter(Boolean);
for (const engine of ENGINES) {
  if (!["chromium", "firefox"].includes(engine)) throw new Error(`ENGINES: unknown engine "${engine}" (chromium, firefox)`);
}

/**
 * Tests that fail because of a bug of the page (not of the test or the
 * harness), in the engines named, each with what was measured. There they run
 * as `todo`: reported, but not failing the run. Once the page is fixed, delete
 * the entry and the test counts again. (Firefox spaces MathML operators
 * correctly, with a real math font, so its formulas are wider than Chromium's.)
 */
export const KNOWN_PAGE_BUGS = [
];

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/**
 * Runs `body({ engine, env, test })` once per engine, inside `describe(engine)`:
 * `env` is filled (server and browser) before the tests run and closed after.
 * `test(name, fn)` is node's test, made `todo` where KNOWN_PAGE_BUGS lists it.
 */
export function eachEngine(body) {
  for (const engine of ENGINES) {
    describe(engine, () => {
      const env = {};
      before(async () => Object.assign(env, await launch(engine)));
      after(() => env.close?.());
      const test = (name, fn) => {
        const bug = KNOWN_PAGE_BUGS.find((b) => b.test === name && b.engines.includes(engine));
        return nodeTest(name, bug ? { todo: `known page bug: ${bug.measured}` } : {}, fn);
      };
      body({ engine, env, test });
    });
  }
}

/** Starts the server (on dist/, the page as it ships) and the browser; `close()` stops both. */
export async function launch(engine = "chromium", folder = `${ROOT}dist`) {
  const server = await startServer(folder, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser =
    engine === "firefox"
      ? await launchFirefox()
      : await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  // Firefox sets reduced motion per browser: a second one, started when a test first asks.
  let reducedMotion;
  return {
    engine,
    base,
    browser,
    firefoxFor: (options) =>
      options.reducedMotion === "reduce" ? (reducedMotion ??= launchFirefox({ reducedMotion: true })) : browser,
    async close() {
      await browser.close();
      if (reducedMotion) await (await reducedMotion).close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** A new browser context (Playwright's, or its Firefox likeness) with these page options. */
export async function newContext(env, options = {}) {
  const settings = {
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    reducedMotion: options.reducedMotion ?? "no-preference",
    hasTouch: options.hasTouch ?? false,
  };
  if (env.engine === "firefox") return FirefoxContext.create(await env.firefoxFor(settings), settings);
  return env.browser.newContext(settings);
}

/**
 * Opens `path` in a new page and records what a learner would not see: console
 * errors, page errors, failed requests, and requests to any other origin.
 */
export async function open(env, path = "", options = {}) {
  const context = await newContext(env, options);
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // (Not data: URLs, which are no download: Firefox reports its own bullet font, from its built-in styles.)
  page.on("request", (r) => r.url().startsWith("data:") || requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(env.base + path);
  await page.waitForFunction(() => document.documentElement.dataset.ready);
  if ((await page.evaluate(() => document.documentElement.dataset.ready)) !== "true") {
    const message = await page.evaluate(() => document.getElementById("load-error")?.textContent.trim());
    throw new Error(`the lab did not start: ${message}\n${problems.join("\n")}`);
  }
  return { page, context, problems, requests };
}

/**
 * How many pixels of a canvas are drawn (not blank white), a hash of all of
 * them, and (given an `[r, g, b]`) how many are close to that colour.
 */
export async function canvasPixels(page, selector, rgb = [0, 0, 0]) {
  // (evaluate, not $eval: a frame of either engine takes it too.)
  return page.evaluate(([selector, [r, g, b]]) => {
    const canvas = document.querySelector(selector);
    // Read through a copy, so the page's own canvas is never read back.
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext("2d", { willReadFrequently: true });
    context.drawImage(canvas, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    let near = 0;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) drawn++;
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) near++;
      hash = Math.imul(hash ^ (data[i] + 7 * data[i + 1] + 31 * data[i + 2]), 16777619);
    }
    return { drawn, near, hash, width: canvas.width, height: canvas.height };
  }, [selector, rgb]);
}

/** Where a screenshot goes; its name says the engine unless it is Chromium's. */
export function screenshotPath(name, engine = "chromium") {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return `${SCREENSHOTS}/${engine === "chromium" ? name : `${engine}-${name}`}.png`;
}

/** The page's lab state (the JS API's `state()`). */
export const state = (page) => page.evaluate(() => window.lab.state());

/** A button by its accessible name, exactly. */
export const button = (page, name) => page.getByRole("button", { name, exact: true });

/** The text of the first element bound to a lesson number (`data-bind`). */
export const bound = (page, name) =>
  page.evaluate((n) => document.querySelector(`[data-bind="${n}"]`).textContent, name);

/** A number shown with four significant digits agrees with the exact one. */
export const close = (shown, actual) => Math.abs(Number(shown) - actual) <= 1e-3 * Math.max(1, Math.abs(actual));
