// Shared set-up of the end-to-end tests: the lesson served from www/ on a
// free port, and Debian's Chromium driven by playwright-core.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../tools/serve.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOTS = `${ROOT}tests/e2e/screenshots`;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Starts the server (on dist/, the page as it ships) and the browser; `close()` stops both. */
export async function launch(folder = `${ROOT}dist`) {
  const server = await startServer(folder, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  const base = `http://127.0.0.1:${server.address().port}/`;
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/**
 * Opens `path` in a new page and records what a learner would not see: console
 * errors, page errors, failed requests, and requests to any other origin.
 */
export async function open(env, path = "", options = {}) {
  const context = await env.browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    reducedMotion: options.reducedMotion ?? "no-preference",
    hasTouch: options.hasTouch ?? false,
  });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(env.base + path);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return { page, context, problems, requests };
}

/**
 * How many pixels of a canvas are drawn (not blank white), a hash of all of
 * them, and (given an `[r, g, b]`) how many are close to that colour.
 */
export async function canvasPixels(page, selector, rgb = [0, 0, 0]) {
  return page.$eval(selector, (canvas, [r, g, b]) => {
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
  }, rgb);
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return `${SCREENSHOTS}/${name}.png`;
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
