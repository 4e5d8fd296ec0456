// Share, embed and bring your own data: links, embed mode, the single file,
// the Content-Security-Policy, CSV import, export and import of a run.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eachEngine, newContext, open, canvasPixels, screenshotPath, ROOT, state, button } from "./harness.mjs";

eachEngine(({ engine, env, test }) => {
  const PAYLOAD = "<img src=x onerror=window.hacked=1>";

  test("a link reproduces the run: the same state and the same next steps", async () => {
    const { page, problems, context } = await open(env);
    await page.selectOption("#optimizer", "momentum");
    await page.locator("#learning-rate-value").fill("0.05");
    await page.locator("#learning-rate-value").press("Enter");
    await page.selectOption("#batch-size", "4");
    await page.locator("#points").fill("40");
    await page.locator("#log-scale").check();
    for (let i = 0; i < 7; i++) await button(page, "Step").click();
    await page.waitForFunction(() => location.search.includes("step=7"));
    const url = page.url();
    assert.match(url, /opt=momentum/);
    assert.match(url, /lr=0\.05/);
    assert.match(url, /batch=4/);
    assert.match(url, /n=40/);
    assert.match(url, /log=1/);
    const before = await state(page);

    const second = await open(env, url.slice(env.base.length));
    assert.deepEqual(await state(second.page), before, "the same state");
    assert.equal(await second.page.locator("#log-scale").isChecked(), true);
    for (const p of [page, second.page]) for (let i = 0; i < 5; i++) await button(p, "Step").click();
    assert.deepEqual(await state(second.page), await state(page), "the same next steps");
    assert.deepEqual(problems, []);
    assert.deepEqual(second.problems, []);
    await second.context.close();
    await context.close();
  });

  test("a mangled link opens the lab with defaults and names each bad parameter, as text", async () => {
    const query = `?lr=abc&opt=${encodeURIComponent(PAYLOAD)}&n=-5&zzz=1&seed=5&%zz`;
    const { page, context } = await open(env, query);
    const s = await state(page);
    assert.equal(s.learningRate, 0.1, "lr took its default");
    assert.equal(s.optimizer, "gd");
    assert.equal(s.seed, 5, "the good parameters stand");
    assert.equal(await page.locator("#link-notice").isVisible(), true);
    const notices = await page.locator("#link-notices li").allTextContents();
    for (const name of ["lr:", "opt:", "n:", "zzz:", "could not be read"]) {
      assert.ok(notices.some((n) => n.includes(name)), `${name} is named: ${notices.join(" | ")}`);
    }
    assert.ok(notices.some((n) => n.includes(PAYLOAD)), "the payload is shown as text");
    assert.equal(await page.locator("#link-notice img").count(), 0, "and never made into HTML");
    assert.equal(await page.evaluate(() => window.hacked), undefined);
    await button(page, "Step").click();
    assert.equal((await state(page)).step, 1);
    await context.close();
  });

  test("embed mode at 640×480 shows only the chosen panels and controls, without scrollbars", async () => {
    const { page, problems, context } = await open(env, "?embed=1&panels=fit,landscape&controls=run,rate", {
      viewport: { width: 640, height: 480 },
    });
    const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    assert.ok(size[0] <= 640 && size[1] <= 480, `page is ${size}`);
    for (const [selector, visible] of [
      ["#fit", true],
      ["#landscape", true],
      ["#loss", false],
      ["#learning-rate", true],
      ["#optimizer", false],
      ["h1", false],
      ["#steps-section", false],
    ]) {
      assert.equal(await page.locator(selector).isVisible(), visible, selector);
    }
    for (const id of ["#fit", "#landscape"]) {
      const pixels = await canvasPixels(page, id);
      assert.ok(pixels.height >= 150 && pixels.drawn > 2000, `${id} fills its cell: ${JSON.stringify(pixels)}`);
    }
    await button(page, "Step").click();
    assert.equal((await state(page)).step, 1);
    await page.screenshot({ path: screenshotPath("embed-640x480", engine) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a small embed (320×480, four panels) starts and draws its charts", async () => {
    const { page, problems, context } = await open(env, "?embed=1&panels=fit,loss,landscape,steps&controls=run,rate", {
      viewport: { width: 320, height: 480 },
      hasTouch: true,
    });
    for (const id of ["#fit", "#loss", "#landscape"]) {
      const pixels = await canvasPixels(page, id);
      assert.ok(pixels.drawn > 500, `${id} is drawn: ${JSON.stringify(pixels)}`);
    }
    await button(page, "Step").click();
    assert.equal((await state(page)).step, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("three embedded labs on one page each work on their own", async () => {
    // The example page has no lab of its own: each iframe has one.
    const context = await newContext(env, { viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${env.base}embed-example.html`);
    const frames = page.frames().filter((f) => f !== page.mainFrame());
    assert.equal(frames.length, 3);
    for (const frame of frames) {
      await frame.waitForFunction(() => document.documentElement.dataset.ready === "true");
    }
    await frames[0].locator("#step").click();
    await frames[0].locator("#step").click();
    const steps = await Promise.all(frames.map((f) => f.evaluate(() => window.lab.state().step)));
    assert.deepEqual(steps, [2, 0, 0]);
    const runs = await frames[2].evaluate(() => window.lab.state().runs.length);
    assert.equal(runs, 4, "the third lab races four runs");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the single file trains and draws when opened from file://", async () => {
    const context = await newContext(env, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${ROOT}dist/gradient-descent-lab.html?seed=4`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const before = await canvasPixels(page, "#fit");
    assert.ok(before.drawn > 1000);
    for (let i = 0; i < 3; i++) await page.locator("#step").click();
    assert.equal(await page.evaluate(() => window.lab.state().step), 3);
    assert.notEqual((await canvasPixels(page, "#fit")).hash, before.hash);
    assert.ok((await canvasPixels(page, "#landscape")).drawn > 1000);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    // Its two inline scripts (the WebAssembly with boot.js, and the lab's module) by their hashes.
    assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    assert.ok(requests.every((url) => url.startsWith("file://") || url.startsWith("data:")), requests.join(" "));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the page runs under its strict CSP", async () => {
    const { page, problems, context } = await open(env);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(csp, /default-src 'self'/);
    // The inline boot script and styles are allowed by their hashes, nothing else inline.
    assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+';/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    await button(page, "Play").click();
    await page.waitForFunction(() => window.lab.state().step >= 10);
    await button(page, "Pause").click();
    assert.deepEqual(problems, [], "no CSP violation or other error");
    await context.close();
  });

  test("a CSV with good and bad lines reports each bad line by number; using it keeps nothing else", async () => {
    const { page, problems, context } = await open(env);
    const before = await state(page);
    await page.getByText("Import your own data (CSV)").click();
    // Nothing usable: nothing changes.
    // (The report appears once the page's data module has loaded: the first time, after a moment.)
    const checked = (text) => page.waitForFunction((t) => document.getElementById("csv-summary").textContent.includes(t), text);
    await page.locator("#csv-text").fill("x,y\nfoo,bar\n");
    await button(page, "Check the data").click();
    await checked("Read 1 row");
    assert.match(await page.locator("#csv-summary").textContent(), /nothing to use, so nothing was changed/);
    assert.equal(await page.locator("#csv-use").isVisible(), false);
    assert.deepEqual(await state(page), before);
    // Good and bad lines, one carrying a script.
    await page.locator("#csv-text").fill(`x,y\n0,1\n1,${PAYLOAD}\n2\n3,7\n4;5\n5,11\n`);
    await button(page, "Check the data").click();
    await checked("Read 6 rows");
    const errors = await page.locator("#csv-errors li").allTextContents();
    assert.deepEqual(errors.map((e) => e.match(/^Line (\d+)/)[1]), ["3", "4", "6"]);
    assert.match(errors[0], /y is not a number: "<img src=x onerror=/);
    assert.match(errors[1], /missing column/);
    assert.equal(await page.locator("#csv-errors img").count(), 0);
    assert.match(await page.locator("#csv-summary").textContent(), /3 good, 3 with a problem/);
    await page.getByRole("button", { name: "Use the 3 good points" }).click();
    const points = await page.evaluate(() => window.lab.points());
    assert.deepEqual(points, [{ x: 0, y: 1 }, { x: 3, y: 7 }, { x: 5, y: 11 }]);
    assert.equal(await page.evaluate(() => window.hacked), undefined);
    // A file with a script in its name: the name is text.
    const dir = mkdtempSync(join(tmpdir(), "gdl-"));
    const file = join(dir, `${PAYLOAD}.csv`.replace(/\//g, "_"));
    writeFileSync(file, "1;2,5\n2;4,5\n");
    await page.locator("#csv-file").setInputFiles(file);
    await page.waitForFunction(() => document.getElementById("csv-summary").textContent.includes("from the file"));
    assert.match(await page.locator("#csv-summary").textContent(), /2 good, 0 with a problem/);
    assert.ok((await page.locator("#csv-summary").textContent()).includes("<img src=x onerror="));
    assert.equal(await page.locator("#csv-report img").count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a run exported as JSON loads back to the same run; data and charts download", async () => {
    const { page, problems, context } = await open(env);
    await page.selectOption("#optimizer", "adam");
    for (let i = 0; i < 9; i++) await button(page, "Step").click();
    const saved = await state(page);
    const [run] = await Promise.all([page.waitForEvent("download"), button(page, "Run as JSON").click()]);
    const path = await run.path();
    const json = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(json.steps, 9);
    assert.equal(json.history.loss.length, 10);
    // Change everything, then load the run back.
    await page.selectOption("#optimizer", "gd");
    await button(page, "Reset").click();
    await button(page, "Step").click();
    await page.locator("#run-file").setInputFiles(path);
    await page.waitForFunction(() => window.lab.state().step === 9);
    assert.deepEqual(await state(page), saved);
    assert.equal(await page.locator("#optimizer").inputValue(), "adam");
    // A file that is not a run changes nothing.
    const dir = mkdtempSync(join(tmpdir(), "gdl-"));
    writeFileSync(join(dir, "not-a-run.json"), '{"hello": 1}');
    await page.locator("#run-file").setInputFiles(join(dir, "not-a-run.json"));
    await page.waitForFunction(() => !document.getElementById("run-error").hidden);
    assert.match(await page.locator("#run-error").textContent(), /not a run saved by Gradient Descent Lab/);
    assert.deepEqual(await state(page), saved);

    const [csv] = await Promise.all([page.waitForEvent("download"), button(page, "Data as CSV").click()]);
    const lines = readFileSync(await csv.path(), "utf8").trim().split("\n");
    assert.equal(lines[0], "x,y");
    assert.equal(lines.length, saved.n + 1);
    const [png] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save the loss landscape as PNG" }).click(),
    ]);
    const bytes = readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
    assert.equal(png.suggestedFilename(), "gradient-descent-lab-landscape.png");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Copy link puts this exact setup on the clipboard", async () => {
    const { page, context } = await open(env);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.base });
    await page.locator("#learning-rate-value").fill("0.2");
    await page.locator("#learning-rate-value").press("Enter");
    await button(page, "Step").click();
    await button(page, "Copy link").click();
    await page.waitForFunction(() => document.getElementById("share-status").textContent.includes("copied"));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /lr=0\.2/);
    assert.match(copied, /step=1/);
    await context.close();
  });

  test("a course author's script runs two labs on one page, each with its own canvases", async () => {
    const context = await newContext(env, { viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${env.base}scripting-example.html`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const before = await Promise.all(["#lab-gd .fit", "#lab-momentum .fit"].map((s) => canvasPixels(page, s)));
    await page.getByRole("button", { name: "Ten steps each" }).click();
    const after = await Promise.all(["#lab-gd .fit", "#lab-momentum .fit"].map((s) => canvasPixels(page, s)));
    assert.notEqual(after[0].hash, before[0].hash);
    assert.notEqual(after[1].hash, before[1].hash);
    assert.notEqual(after[0].hash, after[1].hash, "two different runs");
    const outputs = await page.locator("output").allTextContents();
    assert.ok(outputs.every((o) => o.startsWith("step 10, loss")), outputs.join(" | "));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
