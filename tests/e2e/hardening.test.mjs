// Hardening: accessibility audits, the whole lesson by keyboard, failures in
// words, no HTML from user text, a million steps in bounded memory, and the
// numerical edge cases on the page.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test as nodeTest } from "node:test";
import { eachEngine, newContext, open, canvasPixels, screenshotPath, ROOT, state } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

eachEngine(({ engine, env, test }) => {
  /** Runs axe-core on the page (injected through the debugger, so the page's CSP stays as it is). */
  async function audit(page) {
    await page.evaluate(AXE);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
  }

  for (const [name, path] of [
    ["the lesson", ""],
    ["the classification view", "?problem=classification&step=5&race=adam:0.1"],
    ["embed mode", "?embed=1&panels=fit,loss,landscape,steps&controls=run,rate,optimizer"],
  ]) {
    test(`axe-core finds no accessibility violation in ${name}`, async () => {
      const { page, context } = await open(env, path);
      await page.locator("#step").click();
      assert.deepEqual(await audit(page), []);
      await context.close();
    });
  }

  test("the whole lesson by keyboard alone", async () => {
    const { page, problems, context } = await open(env);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent.trim());
    // Tab on to a control further down, Shift+Tab back to one further up: never round the
    // end of the page, out of it (Firefox then no longer shows focus, as if it came by mouse).
    const tabTo = async (id) => {
      const at = () => page.evaluate(() => document.activeElement?.id);
      if (await page.evaluate(() => document.activeElement === document.body)) {
        await page.keyboard.press("Tab"); // on from the control that last had focus
        if ((await at()) === id) return;
      }
      const key = await page.evaluate(
        (id) => (document.getElementById(id).compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING ? "Shift+Tab" : "Tab"),
        id,
      );
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press(key);
        if ((await at()) === id) return;
      }
      throw new Error(`${key} never reached #${id}`);
    };
    // The skip link comes first and shows when focused.
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Skip to the lesson");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    // Choose the data.
    await tabTo("dataset");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => window.lab.config().dataset.name), "outliers");
    // Step, play, pause, reset with the shortcuts, from the page.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("s");
    await page.keyboard.press("ArrowRight");
    assert.equal((await state(page)).step, 2);
    await page.keyboard.press("Space");
    await page.waitForFunction(() => window.lab.state().step >= 6);
    await page.keyboard.press("Space");
    const paused = (await state(page)).step;
    await page.waitForTimeout(150);
    assert.equal((await state(page)).step, paused);
    // And with the buttons: Tab to Step, press Enter and Space.
    await tabTo("step");
    const stepOutline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(stepOutline, "none");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Space");
    assert.equal((await state(page)).step, paused + 2);
    await tabTo("reset");
    await page.keyboard.press("Enter");
    assert.equal((await state(page)).step, 0);
    // Change the learning rate: the slider with arrow keys, the number by typing.
    await tabTo("learning-rate");
    await page.keyboard.press("ArrowLeft");
    const rate = (await state(page)).learningRate;
    assert.ok(rate < 0.1 && rate > 0.09, `${rate}`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("0.05");
    await page.keyboard.press("Enter");
    assert.equal((await state(page)).learningRate, 0.05);
    // Pick a point for backpropagation.
    await tabTo("next-point");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator('[data-bind="trace-index"]').first().textContent(), "3");
    const trace = await page.evaluate(() => window.lab.trace(2));
    assert.equal(await page.locator('[data-bind="trace-z"]').textContent(), String(Number(trace.z.toPrecision(4))));
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [name, arrange, message] of [
    ["a 404", async (page) => page.route("**/*.wasm", (r) => r.fulfill({ status: 404, body: "Not found" })), /could not be downloaded/],
    ["a missing script", async (page) => page.route("**/pkg/app.js", (r) => r.fulfill({ status: 404, body: "" })), /script could not be downloaded or run/],
    [
      "a script the browser cannot parse",
      async (page) => page.route("**/pkg/app.js", (r) => r.fulfill({ contentType: "text/javascript", body: "export const = ;" })),
      /script could not be downloaded or run \(.*SyntaxError|script could not be downloaded or run \(.*Unexpected/,
    ],
    ["a browser without WebAssembly", async (page) => page.addInitScript(() => delete globalThis.WebAssembly), /cannot run WebAssembly/],
    [
      "a CSP without wasm-unsafe-eval",
      async (page) =>
        page.route("**/", async (route) => {
          const response = await route.fetch();
          const html = (await response.text()).replace(" 'wasm-unsafe-eval'", "");
          await route.fulfill({ response, body: html });
        }),
      /Content-Security-Policy does not allow WebAssembly/,
    ],
  ]) {
    test(`when the WebAssembly cannot load (${name}), the page says so and what to do`, async () => {
      const context = await newContext(env);
      const page = await context.newPage();
      await arrange(page);
      await page.goto(env.base);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "error", null, { timeout: 10_000 });
      const box = page.locator("#load-error");
      assert.equal(await box.isVisible(), true);
      assert.match(await box.textContent(), message);
      assert.equal(await page.getByRole("button", { name: "Reload" }).isVisible(), true);
      assert.equal(await page.locator("#fit").isVisible(), false, "no blank chart");
      assert.equal(await page.locator("#loss-heading").isVisible(), true, "the lesson text stays");
      await context.close();
    });
  }

  test("a trap inside the lab stops it with a message and a reload button", async () => {
    const { page, context } = await open(env);
    await page.evaluate(() => {
      window.lab.step = () => {
        throw new WebAssembly.RuntimeError("unreachable");
      };
    });
    await page.locator("#step").click();
    const box = page.locator("#load-error");
    assert.match(await box.textContent(), /Something went wrong inside the lab and it had to stop/);
    assert.equal(await page.getByRole("button", { name: "Reload" }).isVisible(), true);
    await context.close();
  });

  test("a million steps keep memory bounded and the loss chart readable", async () => {
    const { page, problems, context } = await open(env, "?batch=1&lr=0.01");
    const memory = () =>
      page.evaluate(() => ({ wasm: window.labMemoryBytes(), heap: performance.memory?.usedJSHeapSize ?? 0 }));
    await page.evaluate(() => window.lab.step(1000));
    const before = await memory();
    const started = Date.now();
    for (let i = 0; i < 10; i++) await page.evaluate(() => window.lab.step(100_000));
    const seconds = (Date.now() - started) / 1000;
    await page.evaluate(() => window.controller.refresh());
    const after = await memory();
    const s = await state(page);
    assert.equal(s.step, 1_001_000);
    assert.ok(after.wasm - before.wasm <= 1 << 20, `wasm memory grew by ${after.wasm - before.wasm} bytes`);
    assert.ok(Number.isFinite(s.loss));
    const chart = await canvasPixels(page, "#loss");
    assert.ok(chart.drawn > 1500, "the loss chart is drawn");
    await page.locator("#loss").screenshot({ path: screenshotPath("loss-after-a-million-steps", engine) });
    writeFileSync(
      screenshotPath("memory-after-a-million-steps", engine).replace(/png$/, "json"),
      JSON.stringify({ before, after, seconds, steps: 1_000_000 }, null, 1),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the numerical edge cases behave on the page", async () => {
    for (const [name, query, check] of [
      ["one point", "?points=2,3&lr=0.1", (s) => s.n === 1],
      ["all x equal", "?points=1,0;1,2;1,4", (s) => s.optimum.w === 0],
      ["duplicate points", "?points=1,1;1,1;1,1;2,3;2,3", (s) => s.n === 5],
      ["x and y near a million", "?points=200000,280000;400000,460000;600000,640000", (s) => s.diverged],
      ["standardised house prices", "?data=houses&std=1&lr=0.5", (s) => s.converged],
      ["a hundred thousand points", "?n=100000", (s) => s.n === 100_000],
      ["a learning rate of a million", "?lr=1000000&opt=adam&batch=1", (s) => Number.isFinite(s.loss)],
      ["a learning rate of a millionth", "?lr=0.000001&opt=nesterov", (s) => Number.isFinite(s.loss)],
    ]) {
      const { page, problems, context } = await open(env, query);
      for (let i = 0; i < 40; i++) await page.locator("#step").click();
      await page.waitForTimeout(50);
      const s = await state(page);
      assert.ok(check(s), `${name}: ${JSON.stringify(s).slice(0, 300)}`);
      const text = await page.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /NaN|Infinity|undefined/, name);
      if (s.diverged) assert.match(await page.locator("#diverged").textContent(), /too large/, name);
      assert.deepEqual(problems, [], name);
      await context.close();
    }
  });
});

// Reads the sources: no browser, so once, not per engine.
nodeTest("no user text becomes HTML: no innerHTML, eval or inline handlers anywhere", () => {
  const www = `${ROOT}www`;
  for (const file of readdirSync(www).filter((f) => f.endsWith(".js"))) {
    const source = readFileSync(`${www}/${file}`, "utf8");
    for (const pattern of [/innerHTML|outerHTML|insertAdjacentHTML|document\.write/, /\beval\(|new Function\(/, /\.on[a-z]+\s*=/]) {
      assert.doesNotMatch(source, pattern, `${file} uses ${pattern}`);
    }
  }
  for (const file of readdirSync(www).filter((f) => f.endsWith(".html"))) {
    const html = readFileSync(`${www}/${file}`, "utf8");
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${file} has an inline handler`);
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i, `${file} has an inline script`);
    assert.doesNotMatch(html, /\sstyle\s*=|<style/i, `${file} has an inline style`);
  }
});
