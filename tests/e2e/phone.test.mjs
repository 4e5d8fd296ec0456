// Layout on phones: nothing shifts while the page loads on a slow phone
// (Chromium: its DevTools throttling), the backpropagation table fits its
// card and stays a table, and the four steps have their own Step, Play and
// Reset (both engines).
import { test } from "node:test";
import assert from "node:assert/strict";
import { eachEngine, launch, open, screenshotPath, state, button } from "./harness.mjs";

const activeStep = (page) =>
  page.evaluate(() => Number(document.querySelector("#walkthrough > li.active")?.dataset.step ?? 0));

/**
 * The cumulative layout shift of loading `path` over a slow phone network
 * with a 4× slower CPU (Lighthouse's mobile throttling, as DevTools emulates
 * it), up to a second after the lab's first charts; and what shifted. In a
 * browser of its own: one that has loaded the page before starts the lab
 * sooner (its compiled WebAssembly cached), before the page's first paint.
 */
async function layoutShift(path, options) {
  const own = await launch();
  const context = await own.browser.newContext(options);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        const nodes = entry.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName);
        window.shifts.push({ value: entry.value, at: Math.round(entry.startTime), nodes });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(own.base + path);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  const shifts = await page.evaluate(() => window.shifts);
  await own.close();
  return { cls: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
}

const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1350, height: 940 } };

for (const [name, path, options] of [
  ["a phone", "", PHONE],
  ["a desktop", "", DESKTOP],
  ["a phone, following a link to classification", "?problem=classification&step=5", PHONE],
]) {
  test(`nothing shifts while the page loads on ${name} over a slow network (CLS < 0.02)`, async () => {
    const { cls, shifts } = await layoutShift(path, options);
    assert.ok(cls < 0.02, `CLS ${cls.toFixed(4)}: ${JSON.stringify(shifts)}`);
  });
}

test("at 390 px the backpropagation table is still a table to assistive technology", async () => {
  const env = await launch();
  const { page, context } = await open(env, "?problem=classification", { viewport: { width: 390, height: 844 }, hasTouch: true });
  await page.locator("table.backprop").scrollIntoViewIfNeeded();
  // Still a table to assistive technology: the same rows and cells as on a wide screen.
  // (The section is laid out only near the screen: wait for its table.)
  const cdp = await context.newCDPSession(page);
  let nodes = [];
  const count = (role) => nodes.filter((n) => n.role?.value === role).length;
  for (let tries = 0; tries < 50 && !count("table"); tries++) {
    await page.waitForTimeout(100);
    ({ nodes } = await cdp.send("Accessibility.getFullAXTree"));
  }
  assert.deepEqual(
    ["table", "row", "columnheader", "rowheader", "cell"].map(count),
    [1, 14, 3, 13, 22],
    "a table of 14 rows: 3 column headers, 13 row headers, 22 cells",
  );
  await context.close();
  await env.close();
});

eachEngine(({ engine, env, test }) => {
  test("at 390 px the backpropagation table fits its card: quantity and rule on a line, the value under them", async () => {
    const { page, problems, context } = await open(env, "?problem=classification", {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    await page.locator("table.backprop").scrollIntoViewIfNeeded();
    const rows = await page.evaluate(() => {
      const card = document.getElementById("backprop-section").getBoundingClientRect();
      return [...document.querySelectorAll(".backprop tbody tr:not(.pass)")].map((row) => {
        const [quantity, rule, value] = [...row.children].map((cell) => {
        const { left, right, top, bottom } = cell.getBoundingClientRect();
        return { left, right, top, bottom };
      });
        return { quantity, rule, value, right: card.right - 16 };
      });
    });
    assert.equal(rows.length, 11);
    for (const { quantity, rule, value, right } of rows) {
      assert.ok(value.right <= right + 0.5, `the value (${value.left}–${value.right}) is inside the card (${right})`);
      assert.ok(rule.right <= right + 0.5, `the rule ends at ${rule.right}, inside the card (${right})`);
      assert.ok(Math.abs(rule.top - quantity.top) < 1, "the rule beside its quantity");
      assert.ok(value.top >= Math.max(quantity.bottom, rule.bottom) - 0.5, "the value under them");
    }
    await page.locator("#backprop-section").screenshot({ path: screenshotPath("backprop-390", engine) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("on a phone the four steps have their own Step, Play and Reset, which stay in view while reading", async () => {
    const { page, problems, context } = await open(env, "", { viewport: { width: 390, height: 844 }, hasTouch: true });
    const bar = page.locator(".step-bar");
    await page.evaluate(() => document.querySelector('#walkthrough > li[data-step="2"]').scrollIntoView({ block: "start" }));
    const box = await bar.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `the buttons are on screen: ${JSON.stringify(box)}`);
    await button(page, "Step (in the lesson)").click();
    assert.equal((await state(page)).step, 1);
    assert.equal(await activeStep(page), 2, "step 2 lights first");
    await page.waitForFunction(() => document.querySelector("#walkthrough > li.active")?.dataset.step === "3");
    await button(page, "Play (in the lesson)").click();
    await page.waitForFunction(() => window.lab.state().step >= 4);
    const plays = await page.evaluate(() =>
      [...document.querySelectorAll('[data-run="play"]')].map((b) => [b.getAttribute("aria-pressed"), b.textContent]),
    );
    for (const [pressed, text] of plays) {
      assert.equal(pressed, "true");
      assert.match(text, /^Pause/);
    }
    await button(page, "Pause (in the lesson)").click();
    assert.equal(await page.locator("#play").textContent(), "Play", "the lab's button follows");
    await button(page, "Reset (in the lesson)").click();
    assert.equal((await state(page)).step, 0);
    await page.screenshot({ path: screenshotPath("steps-390", engine) });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the lesson's run buttons are not there beside the lab, without the run controls, or embedded", async () => {
    for (const [path, width] of [
      ["", 1280],
      ["?controls=rate", 390],
      ["?embed=1&panels=steps,fit", 390],
    ]) {
      const { page, context } = await open(env, path, { viewport: { width, height: 800 } });
      assert.equal(await page.locator(".step-bar").isVisible(), false, `${path} at ${width} px`);
      await context.close();
    }
  });
});
