// Random input on the lesson page, as PhET tests its simulations: clicks,
// drags, wheel turns and keys at random on a desktop, taps, swipes and keys on
// a phone, and (a fifth of the time) a control picked at random, brought into
// view and used: a click inside it, a value typed into it, a key on a menu.
// Each run is seeded; each action is recorded as it was done (coordinates,
// keys, text), so a failing run can be replayed exactly (tools/fuzz.mjs).
//
// Checked as it runs, and at its end: no page error and no console error, no
// renderer crash, no lab stopped by a trap, no NaN, Infinity or undefined in
// the page's text, the lab answering `state()` with finite numbers, and the
// charts drawn.
import { mkdirSync, writeFileSync } from "node:fs";
import { canvasPixels, SCREENSHOTS } from "./harness.mjs";
import { random } from "../js/random.mjs";

/** Where a seed's run starts: the default page, or (by seed) one of a few setups a learner reaches. */
export const START = ["", "?data=houses", "?problem=classification", "?race=momentum:0.1,adam:0.1", "?data=houses&zoom=6&lr=0.0001"];
export const startOf = (seed) => START[seed % START.length];

/** The desktop and the phone the runs use. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true },
};

const KEYS = ["Space", "ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Tab", "Shift+Tab", "Enter", "r", "s", "Escape",
  "Home", "End", "PageUp", "PageDown", "1", "9", "-", "e", "Backspace"];
/** What is typed into a box: ordinary values, the edges of what the lab takes, and beyond. */
const TYPED = ["0", "-0", "1", "-1", "0.5", "3", "10", "11", "0.0001", "1e-5", "999999", "1e6", "-1e6", "2.5e6", "-3.4e6",
  "1e9", "-1e9", "1e300", "-1e300", "5e-324", "", "abc", "1,5", "2;3"];
const MENU_KEYS = ["ArrowDown", "ArrowUp", "Home", "End"];

/** A seeded generator of numbers in [0, 1) (the tests' mulberry32). */
export const seeded = (seed) => random(seed).next;

/** Runs in the page: a control in view, as a selector, its box and its kind (or null). */
function pickControl(fraction) {
  const controls = [...document.querySelectorAll("button, input:not([type=file]), select, textarea, summary, canvas")].filter(
    (el) => !el.disabled && el.checkVisibility() && el.getBoundingClientRect().width > 0,
  );
  const el = controls[Math.floor(fraction * controls.length)];
  if (!el) return null;
  const path = (node) => {
    if (node.id) return `#${node.id}`;
    if (node === document.body) return "body";
    const same = [...node.parentElement.children].filter((c) => c.tagName === node.tagName);
    return `${path(node.parentElement)} > ${node.tagName.toLowerCase()}:nth-of-type(${same.indexOf(node) + 1})`;
  };
  const kind = el.tagName === "SELECT" ? "menu" : /^(TEXTAREA|INPUT)$/.test(el.tagName) && /^(text|number|textarea)$/.test(el.type) ? "box" : "press";
  return { selector: path(el), kind };
}

/** Runs in the page: brings an element into view; its box after. */
function reveal(selector) {
  const el = document.querySelector(selector);
  el.scrollIntoView({ block: "center", inline: "nearest" });
  const box = el.getBoundingClientRect();
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

/** The next random action, as it will be recorded (the page is asked which controls are in it). */
async function nextAction(page, random, touch, { width, height }) {
  const at = () => [Math.round(random() * width), Math.round(random() * height)];
  const r = random();
  if (r < 0.22) {
    const control = await page.evaluate(pickControl, random());
    if (!control) return ["key", "Tab"];
    const box = await page.evaluate(reveal, control.selector);
    if (control.kind === "box") return ["type", control.selector, TYPED[Math.floor(random() * TYPED.length)]];
    if (control.kind === "menu") return ["menu", control.selector, MENU_KEYS[Math.floor(random() * MENU_KEYS.length)]];
    const point = [Math.round(box.x + random() * box.width), Math.round(box.y + random() * box.height)];
    return [touch ? "tap" : "click", ...point, control.selector];
  }
  if (touch) {
    if (r < 0.55) return ["tap", ...at()];
    if (r < 0.82) return ["swipe", ...at(), ...at()];
    return ["key", KEYS[Math.floor(random() * KEYS.length)]];
  }
  if (r < 0.52) return ["click", ...at()];
  if (r < 0.64) return ["drag", ...at(), ...at()];
  if (r < 0.7) return ["wheel", Math.round((random() - 0.5) * 1500)];
  return ["key", KEYS[Math.floor(random() * KEYS.length)]];
}

/** A touch swipe: Chromium's through the DevTools protocol, Firefox's through puppeteer's touchscreen. */
async function swipe(page, cdp, [x1, y1, x2, y2]) {
  if (!cdp) {
    await page.touchscreen.touchStart(x1, y1);
    for (let i = 1; i <= 4; i++) await page.touchscreen.touchMove(x1 + ((x2 - x1) * i) / 4, y1 + ((y2 - y1) * i) / 4);
    return page.touchscreen.touchEnd();
  }
  const touch = (type, x, y) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  await touch("touchStart", x1, y1);
  for (let i = 1; i <= 4; i++) await touch("touchMove", x1 + ((x2 - x1) * i) / 4, y1 + ((y2 - y1) * i) / 4);
  await touch("touchEnd");
}

/** Does one recorded action. */
export async function perform(page, cdp, [kind, ...a]) {
  switch (kind) {
    case "click":
      return page.mouse.click(a[0], a[1]);
    case "drag":
      await page.mouse.move(a[0], a[1]);
      await page.mouse.down();
      await page.mouse.move(a[2], a[3], { steps: 4 });
      return page.mouse.up();
    case "wheel":
      return page.mouse.wheel(0, a[0]);
    case "key":
      return page.keyboard.press(a[0]);
    case "tap":
      return page.touchscreen.tap(a[0], a[1]);
    case "swipe":
      return swipe(page, cdp, a);
    case "type":
      await page.evaluate(reveal, a[0]);
      await page.locator(a[0]).focus();
      await page.keyboard.press("ControlOrMeta+a");
      if (a[1] === "") await page.keyboard.press("Backspace");
      else await page.keyboard.type(a[1]);
      return page.keyboard.press(a[0] === "#csv-text" ? "Tab" : "Enter");
    case "menu":
      await page.evaluate(reveal, a[0]);
      await page.locator(a[0]).focus();
      return page.keyboard.press(a[1]);
  }
  throw new Error(`unknown action ${kind}`);
}

/** Runs in the page: what a learner would see go wrong, or null. */
function pageHealth() {
  if (document.body.dataset.failed === "true") return `the lab stopped: ${document.getElementById("load-error").textContent}`;
  const s = window.lab.state();
  for (const name of ["step", "w", "b", "loss"]) if (!Number.isFinite(s[name])) return `state().${name} is ${s[name]}`;
  const text = document.body.innerText;
  const bad = /NaN|Infinity|undefined/.exec(text);
  if (bad) return `"${bad[0]}" on screen: …${text.slice(Math.max(0, bad.index - 60), bad.index + 40).replace(/\s+/g, " ")}…`;
  return null;
}

/** Each chart that shows has been drawn (some of its pixels are not blank). */
async function chartsDrawn(page) {
  for (const id of ["fit", "loss", "landscape"]) {
    const shown = await page.evaluate((id) => document.getElementById(id).checkVisibility(), id);
    if (!shown) continue;
    const { drawn, width, height } = await canvasPixels(page, `#${id}`);
    if (drawn < width * height * 0.002) return `the chart #${id} is blank (${drawn} of ${width} × ${height} pixels drawn)`;
  }
  return null;
}

/** A promise with a time limit (a crashed or hung page never answers). */
const within = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer in ${ms} ms`)), ms))]);

/**
 * Random input for `seconds` on `page` (opened by the harness's `open`, whose
 * `problems` it watches), or the recorded `replay` actions. Returns
 * `{ actions, failure, url, left }`: every action done, what went wrong (null
 * if nothing) and at which address, and how often the browser left the page.
 */
export async function fuzz(page, { engine, problems, seed, seconds, touch = false, replay = null, cdp = null }) {
  const random = seeded(seed);
  const size = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  const base = page.url().split(/[?#]/)[0];
  const actions = [];
  let [here, left] = [page.url(), 0];
  let crashed = "";
  // Where an uncaught error came from (the harness records its message).
  const stacks = [];
  const jsFrames = (stack) => stack.split("\n").filter((line) => !/wasm-function|^\S/.test(line)).slice(0, 6).join("\n");
  page.on("pageerror", (error) => stacks.push(jsFrames(String(error.stack ?? ""))));
  if (engine === "chromium") page.on("crash", () => (crashed = "the renderer crashed (Chromium's “Aw, Snap!”)"));
  const started = Date.now();
  let checked = Date.now();
  const check = async (final) => {
    const health = await within(page.evaluate(pageHealth), 15_000, "the page");
    return health ?? (final ? await within(chartsDrawn(page), 15_000, "the charts") : null);
  };
  // A swipe to the right on a phone is Chromium's gesture for Back (to the
  // blank page the test opened first): the browser's, not the page's. The
  // lesson is opened again where it was (its address holds the setup).
  const wentBack = async () => {
    if (page.url() !== "about:blank") return false;
    left++;
    await page.goto(here);
    await page.waitForFunction(() => document.documentElement.dataset.ready);
    return true;
  };
  let failure = null;
  for (let i = 0; replay ? i < replay.length : Date.now() - started < seconds * 1000; i++) {
    try {
      const action = replay ? replay[i] : await within(nextAction(page, random, touch, size), 15_000, "the page");
      actions.push(action);
      await within(perform(page, cdp, action), 15_000, `${action[0]}`);
      if (!(await wentBack())) here = page.url();
      if (!here.startsWith(base)) failure = `the page left for ${here}`;
      else if (Date.now() - checked > 2000) {
        checked = Date.now();
        failure = await check(false);
      }
    } catch (error) {
      // (A page that goes Back in the middle of a question answers with an
      // error; the navigation may still be under way: asked again.)
      let resumed = false;
      for (let wait = 300; !crashed && !resumed && wait <= 1200; wait *= 2) {
        await new Promise((done) => setTimeout(done, wait));
        resumed = await wentBack().catch(() => false);
      }
      if (resumed) continue;
      failure = `${String(error.message).split("\n")[0]}`;
    }
    if (crashed) failure = crashed;
    if (!failure && problems.length) failure = problems.join("\n");
    if (failure) break;
  }
  if (!failure) {
    try {
      failure = (await check(true)) ?? (problems.length ? problems.join("\n") : null);
    } catch (error) {
      failure = crashed || String(error.message).split("\n")[0];
    }
  }
  // The address bar holds the setup (the page keeps it up to date), to open it again.
  const url = failure ? await within(page.evaluate(() => location.href), 2000, "the page").catch(() => page.url()) : null;
  if (failure && stacks.length) failure += `\n${stacks[0]}`;
  return { actions, failure: crashed || failure, url, left };
}

/** Saves a failed run, to replay it (tools/fuzz.mjs --replay); returns the file's path. */
export function saveRun({ engine, device, seed, query, failure, actions }) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const saved = `${SCREENSHOTS}/fuzz-${engine}-${device}-${seed}.json`;
  writeFileSync(saved, JSON.stringify({ engine, device, seed, query, failure, actions }));
  return saved;
}

/** What to print for a failed run: how to replay it and its last actions. */
export function describeFailure({ engine, device, seed, failure, actions, url, saved }) {
  return [
    `${engine}, ${device}, seed ${seed}: ${failure}`,
    `at ${url}`,
    `after ${actions.length} actions; the last ${Math.min(25, actions.length)}:`,
    ...actions.slice(-25).map((a) => `  ${JSON.stringify(a)}`),
    saved ? `every action is in ${saved}: replay with node tools/fuzz.mjs --replay ${saved}` : "",
  ].join("\n");
}
