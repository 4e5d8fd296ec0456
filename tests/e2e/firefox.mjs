// Firefox for the page tests: Debian's firefox-esr driven by puppeteer-core
// over WebDriver BiDi, behind the part of Playwright's API that the tests use
// (so each test is written once, in Playwright's words, and runs in both).
//
// Differences over BiDi that this file absorbs: key names ("Space" is " ",
// "ControlOrMeta" is Control), console warnings are "warn" (Playwright says
// "warning"), a locator is a query that is run again on each use, a download
// is the new file in the context's download folder, and a route is BiDi's
// request interception.
import puppeteer from "puppeteer-core";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TIMEOUT = 10_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts firefox-esr. Reduced motion is a browser preference in Firefox (no
 * BiDi command emulates it per page), so a test that wants it gets a browser of its own.
 */
export function launchFirefox({ reducedMotion = false } = {}) {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    extraPrefsFirefox: {
      // The Clipboard API without a paste prompt: what the clipboard permissions give Chromium.
      "dom.events.testing.asyncClipboard": true,
      // Scrollbars over the page, not beside it: as phones have, and as Playwright's headless Chromium.
      "ui.useOverlayScrollbars": 1,
      ...(reducedMotion ? { "ui.prefersReducedMotion": 1 } : {}),
    },
  });
}

/** A Playwright-like browser context: its own cookies, storage and downloads. */
export class FirefoxContext {
  static async create(browser, options = {}) {
    const downloads = mkdtempSync(join(tmpdir(), "gdl-downloads-"));
    const context = await browser.createBrowserContext({ downloadBehavior: { policy: "allow", downloadPath: downloads } });
    return new FirefoxContext(context, downloads, options);
  }

  constructor(context, downloads, options) {
    this.context = context;
    this.downloads = downloads;
    this.options = options;
  }

  async newPage() {
    const page = await this.context.newPage();
    const { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, hasTouch = false } = this.options;
    await page.setViewport({ ...viewport, deviceScaleFactor, hasTouch });
    return new FirefoxPage(page, this);
  }

  /** Firefox has no clipboard permissions: a preference (see launchFirefox) stands for them. */
  grantPermissions(permissions, { origin }) {
    const others = permissions.filter((p) => !p.startsWith("clipboard-"));
    return others.length ? this.context.overridePermissions(origin, others) : undefined;
  }

  async close() {
    await this.context.close();
    rmSync(this.downloads, { recursive: true, force: true });
  }
}

/** Runs in the page: the elements a locator's query finds, in document order. */
function queryAll(root, query) {
  const normal = (text) => (text ?? "").replace(/\s+/g, " ").trim();
  const matches = (text, wanted, exact) =>
    exact ? normal(text) === wanted : normal(text).toLowerCase().includes(wanted.toLowerCase());
  const hiddenForAria = (el) => !el.checkVisibility({ visibilityProperty: true }) || el.closest("[aria-hidden=true]");
  const labelledBy = (el) =>
    el.getAttribute("aria-labelledby")?.split(/\s+/).map((id) => root.getElementById(id)?.textContent).join(" ");
  const accessibleName = (el) => normal(labelledBy(el) || el.getAttribute("aria-label") || el.textContent || el.title);
  switch (query.by) {
    case "css":
      return [...root.querySelectorAll(query.selector)];
    case "role": {
      if (query.role !== "button") throw new Error(`getByRole("${query.role}") is not implemented for Firefox`);
      return [...root.querySelectorAll("button, [role=button], input[type=button], input[type=submit]")].filter(
        (el) => !hiddenForAria(el) && (query.name === undefined || matches(accessibleName(el), query.name, query.exact)),
      );
    }
    case "text": {
      // The innermost elements whose text matches (as Playwright's getByText).
      const all = [...root.body.querySelectorAll("*")].filter(
        (el) => !["SCRIPT", "STYLE"].includes(el.tagName) && matches(el.textContent, query.text, query.exact),
      );
      return all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
    }
    case "label": {
      const controls = [...root.querySelectorAll("input, select, textarea, button")];
      return controls.filter((el) =>
        [el.getAttribute("aria-label"), labelledBy(el), ...[...(el.labels ?? [])].map((l) => l.textContent)].some(
          (text) => text && matches(text, query.text, query.exact),
        ),
      );
    }
  }
  throw new Error(`unknown query ${JSON.stringify(query)}`);
}

/** Runs in the page: a slider (or the like) takes a value, with input and change events (as in Playwright). */
function setValueAndDispatch(el, value) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

/** A Playwright-like locator: a query, run again (and waited for) on each use. */
class Locator {
  constructor(frame, query, index) {
    this.frame = frame;
    this.query = query;
    this.index = index; // undefined: exactly one element must match (Playwright's strict mode)
  }

  first() {
    return new Locator(this.frame, this.query, 0);
  }

  async #all() {
    // An expression, not a function with arguments: queryAll goes in as its source.
    const list = await this.frame.target.evaluateHandle(`(${queryAll})(document, ${JSON.stringify(this.query)})`);
    const properties = await list.getProperties();
    await list.dispose();
    const handles = [];
    for (const [key, handle] of properties) {
      if (/^\d+$/.test(key)) handles[Number(key)] = handle.asElement();
      else await handle.dispose();
    }
    return handles;
  }

  /** The element, once there is exactly one (or the chosen one); waits up to TIMEOUT ms. */
  async #element(wanted = async () => true) {
    const started = Date.now();
    for (;;) {
      const all = await this.#all();
      const element = this.index === undefined ? (all.length === 1 ? all[0] : undefined) : all[this.index];
      for (const other of all) if (other !== element) await other.dispose();
      if (element && (await wanted(element))) return element;
      await element?.dispose();
      if (this.index === undefined && all.length > 1) throw new Error(`${this} matches ${all.length} elements`);
      if (Date.now() - started > TIMEOUT) throw new Error(`${this}: no such element after ${TIMEOUT} ms`);
      await sleep(50);
    }
  }

  toString() {
    return `locator ${JSON.stringify(this.query)}${this.index === undefined ? "" : `[${this.index}]`}`;
  }

  async #with(action, wanted) {
    const element = await this.#element(wanted);
    try {
      return await action(element);
    } finally {
      await element.dispose();
    }
  }

  #evaluate(fn, arg) {
    return this.#with((element) => element.evaluate(fn, arg));
  }

  async count() {
    const all = await this.#all();
    for (const element of all) await element.dispose();
    return all.length;
  }

  async isVisible() {
    const all = await this.#all();
    const element = this.index === undefined ? all[0] : all[this.index];
    if (this.index === undefined && all.length > 1) throw new Error(`${this} matches ${all.length} elements`);
    const visible = element
      ? await element.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
        })
      : false;
    for (const el of all) await el.dispose();
    return visible;
  }

  async allTextContents() {
    const all = await this.#all();
    const texts = await Promise.all(all.map((el) => el.evaluate((e) => e.textContent)));
    for (const el of all) await el.dispose();
    return texts;
  }

  textContent() {
    return this.#evaluate((el) => el.textContent);
  }
  innerText() {
    return this.#evaluate((el) => el.innerText);
  }
  getAttribute(name) {
    return this.#evaluate((el, n) => el.getAttribute(n), name);
  }
  inputValue() {
    return this.#evaluate((el) => el.value);
  }
  isChecked() {
    return this.#evaluate((el) => el.checked);
  }
  boundingBox() {
    return this.#with((element) => element.boundingBox());
  }
  scrollIntoViewIfNeeded() {
    return this.#evaluate((el) => el.scrollIntoView({ block: "center", inline: "nearest" }));
  }
  focus() {
    return this.#with((element) => element.focus());
  }
  screenshot(options) {
    return this.#with((element) => element.screenshot(options));
  }
  setInputFiles(path) {
    return this.#with((element) => element.uploadFile(path));
  }

  /** Clicks the middle of the element once it is visible and enabled (as Playwright does). */
  click() {
    const ready = (element) =>
      element.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && !el.disabled;
      });
    return this.#with((element) => element.click(), ready);
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
    if (!(await this.isChecked())) throw new Error(`${this} did not become checked`);
  }

  /**
   * As Playwright's fill: a slider (and the like) takes the value with input
   * and change events; a text or number box is cleared and typed into.
   */
  async fill(value) {
    const setDirectly = await this.#evaluate((el) =>
      ["range", "color", "date", "time", "datetime-local", "month", "week"].includes(el.type),
    );
    if (setDirectly) return this.#evaluate(setValueAndDispatch, value);
    await this.focus();
    await this.frame.page.keyboard.press("ControlOrMeta+a");
    if (value === "") await this.frame.page.keyboard.press("Backspace");
    else await this.frame.page.keyboard.type(value);
  }

  async press(key) {
    await this.focus();
    await this.frame.page.keyboard.press(key);
  }
}

/** A Playwright-like frame over a puppeteer Frame (or Page): queries and scripts. */
class FirefoxFrame {
  constructor(target, page) {
    this.target = target;
    this.page = page ?? this;
  }

  locator(selector) {
    return new Locator(this, { by: "css", selector });
  }
  getByRole(role, { name, exact = false } = {}) {
    return new Locator(this, { by: "role", role, name, exact });
  }
  getByText(text, { exact = false } = {}) {
    return new Locator(this, { by: "text", text, exact });
  }
  getByLabel(text, { exact = false } = {}) {
    return new Locator(this, { by: "label", text, exact });
  }

  evaluate(fn, arg) {
    return this.target.evaluate(fn, arg);
  }
  /**
   * Polls `fn` in the frame until it returns something truthy. (Puppeteer's
   * own waitForFunction waits in the realm the frame had when it was called:
   * an iframe still on its first about:blank never answers once it has
   * navigated to its page.)
   */
  async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await this.target.evaluate(fn, arg).catch(() => undefined);
      if (value) return value;
      if (Date.now() > end) throw new Error(`Waiting failed: ${timeout}ms exceeded`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  $eval(selector, fn, arg) {
    return this.target.$eval(selector, fn, arg);
  }
  $$eval(selector, fn, arg) {
    return this.target.$$eval(selector, fn, arg);
  }
  selectOption(selector, value) {
    return this.target.select(selector, value);
  }
}

/** Playwright's URL glob: `**` any characters, `*` any but "/". */
const globToRegExp = (glob) =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*\*|\*/g, (star) => (star === "**" ? ".*" : "[^/]*"))}$`);

/** Playwright's Route over an intercepted puppeteer request: answer it, or fetch the real answer first. */
class FirefoxRoute {
  constructor(request) {
    this.request = request;
  }
  /** The real response, fetched by the test (as Playwright's route.fetch). */
  async fetch() {
    const response = await fetch(this.request.url());
    const body = await response.text();
    // fetch has decoded the body: its encoding and length no longer apply.
    const headers = Object.fromEntries([...response.headers].filter(([name]) => !/^content-(encoding|length)$/i.test(name)));
    return { status: () => response.status, headers: () => headers, text: async () => body };
  }
  fulfill({ response, status, headers, contentType, body = "" }) {
    return this.request.respond({
      status: status ?? response?.status() ?? 200,
      headers: headers ?? response?.headers() ?? {},
      contentType,
      body,
    });
  }
}

/** Playwright's key names and combinations ("ControlOrMeta+a") in puppeteer's words. */
const KEY_NAMES = { Space: " ", ControlOrMeta: "Control" };
const keysOf = (combination) => combination.split(/\+(?!$)/).map((key) => KEY_NAMES[key] ?? key);

class FirefoxKeyboard {
  constructor(keyboard) {
    this.keyboard = keyboard;
  }
  async press(combination) {
    const keys = keysOf(combination);
    for (const key of keys.slice(0, -1)) await this.keyboard.down(key);
    await this.keyboard.press(keys.at(-1));
    for (const key of keys.slice(0, -1).reverse()) await this.keyboard.up(key);
  }
  type(text) {
    return this.keyboard.type(text);
  }
  down(key) {
    return this.keyboard.down(keysOf(key)[0]);
  }
  up(key) {
    return this.keyboard.up(keysOf(key)[0]);
  }
}

/** A Playwright-like page over a puppeteer Page. */
export class FirefoxPage extends FirefoxFrame {
  #frames = new WeakMap();
  #routes = [];

  constructor(page, context) {
    super(page);
    this.context = context;
    this.keyboard = new FirefoxKeyboard(page.keyboard);
    const mouse = page.mouse;
    this.mouse = {
      click: (x, y, options) => mouse.click(x, y, options),
      move: (x, y, options) => mouse.move(x, y, options),
      down: (options) => mouse.down(options),
      up: (options) => mouse.up(options),
      // Playwright's wheel(deltaX, deltaY) is puppeteer's wheel({ deltaX, deltaY }).
      wheel: (deltaX, deltaY) => mouse.wheel({ deltaX, deltaY }),
    };
    // tap(x, y) as Playwright's; touchStart, touchMove and touchEnd are puppeteer's own.
    this.touchscreen = page.touchscreen;
    // Playwright's page.request: HTTP from the test itself, not from the page.
    this.request = { get: async (url) => ((response) => ({ status: () => response.status }))(await fetch(url)) };
  }

  /** The same events as Playwright's; a console warning's type is "warning". */
  on(event, listener) {
    if (event !== "console") return this.target.on(event, listener);
    return this.target.on("console", (message) =>
      listener({ type: () => (message.type() === "warn" ? "warning" : message.type()), text: () => message.text() }),
    );
  }

  goto(url) {
    return this.target.goto(url);
  }
  url() {
    return this.target.url();
  }
  /**
   * As Playwright's. A full page shows what lies below the fold too: Chromium's
   * capture paints `content-visibility: auto` content there, Firefox's skips
   * it (blank sections), so it is made visible for the capture, then restored.
   */
  async screenshot(options = {}) {
    if (!options.fullPage) return this.target.screenshot(options);
    const shown = await this.target.evaluateHandle(() => {
      const auto = [...document.querySelectorAll("*")].filter((el) => getComputedStyle(el).contentVisibility === "auto");
      for (const el of auto) el.style.contentVisibility = "visible";
      return auto;
    });
    try {
      return await this.target.screenshot(options);
    } finally {
      await shown.evaluate((auto) => auto.forEach((el) => el.style.removeProperty("content-visibility")));
      await shown.dispose();
    }
  }
  async setViewportSize({ width, height }) {
    await this.target.setViewport({ ...this.target.viewport(), width, height });
  }
  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** Playwright's route, on BiDi request interception: only what the tests use (fulfil, fetch). */
  async route(pattern, handler) {
    if (this.#routes.length === 0) {
      await this.target.setRequestInterception(true);
      this.target.on("request", (request) => {
        const route = this.#routes.find((r) => r.url.test(request.url()));
        if (route) route.handler(new FirefoxRoute(request));
        else request.continue();
      });
    }
    this.#routes.push({ url: globToRegExp(pattern), handler });
  }

  addInitScript(fn) {
    return this.target.evaluateOnNewDocument(fn);
  }

  /** The page's frames (its own first), each the same object every time. */
  frames() {
    return this.target.frames().map((frame) => {
      if (frame === this.target.mainFrame()) return this;
      if (!this.#frames.has(frame)) this.#frames.set(frame, new FirefoxFrame(frame, this));
      return this.#frames.get(frame);
    });
  }
  mainFrame() {
    return this;
  }

  /** Only "download": the next file that lands whole in the context's download folder. */
  async waitForEvent(event) {
    if (event !== "download") throw new Error(`waitForEvent("${event}") is not implemented for Firefox`);
    const folder = this.context.downloads;
    const before = new Set(readdirSync(folder));
    const started = Date.now();
    for (;;) {
      const files = readdirSync(folder);
      const done = files.find((f) => !before.has(f) && !f.endsWith(".part"));
      if (done && !files.some((f) => f.endsWith(".part"))) {
        // Firefox may write a file under a name of its own, then rename it: the
        // download is the file that is still there a moment later.
        await sleep(150);
        if (readdirSync(folder).includes(done)) return { path: async () => join(folder, done), suggestedFilename: () => done };
        continue;
      }
      if (Date.now() - started > TIMEOUT) throw new Error(`no download after ${TIMEOUT} ms`);
      await sleep(50);
    }
  }
}
