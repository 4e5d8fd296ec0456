// Course material: the lab where learning platforms put it. Platforms frame
// pasted or uploaded HTML in <iframe sandbox="allow-scripts"> without
// allow-same-origin, so the lab runs there with an opaque origin ("null").
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { canvasPixels, eachEngine, newContext, ROOT } from "./harness.mjs";

/**
 * A page of the test's own at `path` on the lab's server (served by the
 * test, so nothing test-only ships in dist/), opened in a new context.
 */
async function hostPage(env, path, html, problems) {
  const context = await newContext(env, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.route(`**/${path}`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
  await page.goto(env.base + path);
  return { context, page };
}

/** The frames of `page` other than its own, once each says the lab is ready (or failed). */
async function labFrames(page, count) {
  let frames = [];
  for (let tries = 0; tries < 200 && frames.length < count; tries++) {
    frames = page.frames().filter((frame) => frame !== page.mainFrame());
    if (frames.length < count) await page.waitForTimeout(50);
  }
  assert.equal(frames.length, count);
  for (const frame of frames) await frame.waitForFunction(() => document.documentElement.dataset.ready);
  return frames;
}

/** A frame's lab, from inside: where it runs, whether it started, what went wrong. */
const inside = (frame) =>
  frame.evaluate(() => ({
    origin,
    ready: document.documentElement.dataset.ready,
    failure: document.getElementById("load-error")?.textContent.trim() ?? "",
    step: typeof window.lab?.state === "function" ? window.lab.state().step : null,
  }));

eachEngine(({ env, test }) => {
  test("the site and the single file step and draw in sandbox=allow-scripts frames (an opaque origin)", async () => {
    const problems = [];
    const html =
      '<!doctype html><meta charset="utf-8"><title>A course page</title>' +
      '<iframe sandbox="allow-scripts" src="index.html?step=3" width="1000" height="800" title="site"></iframe>' +
      '<iframe sandbox="allow-scripts" width="1000" height="800" title="single file"></iframe>';
    const { context, page } = await hostPage(env, "sandbox-host.html", html, problems);
    const single = readFileSync(`${ROOT}dist/gradient-descent-lab.html`, "utf8");
    await page.evaluate((text) => {
      document.querySelectorAll("iframe")[1].srcdoc = text;
    }, single);
    const frames = await labFrames(page, 2);
    for (const [frame, steps] of [
      [frames[0], 3],
      [frames[1], 0],
    ]) {
      const before = await inside(frame);
      assert.equal(before.origin, "null", "the frame's origin is opaque");
      assert.equal(before.ready, "true", `the lab started (${before.failure})`);
      assert.equal(before.step, steps);
      const blank = await canvasPixels(frame, "#fit");
      await frame.locator("#step").click();
      await frame.waitForFunction((n) => window.lab.state().step === n, steps + 1);
      const drawn = await canvasPixels(frame, "#fit");
      assert.ok(drawn.drawn > 2000, `the fit chart is drawn (${drawn.drawn} pixels)`);
      assert.notEqual(drawn.hash, blank.hash, "the step redrew the line");
      assert.ok((await canvasPixels(frame, "#loss")).drawn > 1000, "the loss chart is drawn");
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
