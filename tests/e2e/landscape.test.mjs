// The loss landscape, the optimizers, mini-batches, races and the
// learning-rate lessons, driven on the page.
import assert from "node:assert/strict";
import { eachEngine, open, canvasPixels, screenshotPath, state, button, bound, close } from "./harness.mjs";

eachEngine(({ engine, env, test }) => {
  /** Pixels of the landscape close to an RGB colour. */
  const colourCount = async (page, rgb) => (await canvasPixels(page, "#landscape", rgb)).near;

  test("the landscape is drawn, and a click on it sets the start", async () => {
    const { page, problems, context } = await open(env);
    const drawn = await canvasPixels(page, "#landscape");
    assert.ok(drawn.drawn > (drawn.width * drawn.height) / 3, "the heatmap fills the plot");
    await button(page, "Step").click();
    await page.locator("#landscape").scrollIntoViewIfNeeded();
    const box = await page.locator("#landscape").boundingBox();
    const [x, y] = [box.width * 0.4, box.height * 0.3];
    const wanted = await page.evaluate(([x, y]) => window.lab.paramsAt(x, y), [x, y]);
    assert.ok(wanted, "the position is on the plot");
    await page.mouse.click(box.x + x, box.y + y);
    const s = await state(page);
    assert.equal(s.step, 0, "step 1 again");
    // Within a pixel or so of the point clicked (clicks land on whole pixels).
    const nearby = await page.evaluate(([x, y]) => window.lab.paramsAt(x + 1.5, y + 1.5), [x, y]);
    assert.ok(Math.abs(s.start.w - wanted.w) <= Math.abs(nearby.w - wanted.w), "w");
    assert.ok(Math.abs(s.start.b - wanted.b) <= Math.abs(nearby.b - wanted.b), "b");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the landscape is not recomputed on a plain step", async () => {
    const { page, context } = await open(env);
    const computed = () => page.evaluate(() => window.lab.landscapeComputations());
    const first = await computed();
    assert.ok(first >= 1);
    for (let i = 0; i < 10; i++) await button(page, "Step").click();
    await button(page, "Play").click();
    await page.waitForFunction(() => window.lab.state().step >= 20);
    await button(page, "Pause").click();
    assert.equal(await computed(), first, "stepping redraws the path, not the heatmap");
    // New data does recompute it; so does zooming out.
    await page.locator("#noise").fill("0.6");
    assert.equal(await computed(), first + 1);
    await page.locator("#zoom-out").click();
    assert.equal(await computed(), first + 2);
    await context.close();
  });

  test("a race draws one path per run, each in its own colour", async () => {
    const { page, problems, context } = await open(env);
    const colours = [[0xc0, 0x39, 0x2b], [0x1f, 0x62, 0xc4], [0x2e, 0x7d, 0x32], [0x8a, 0x6a, 0x00]];
    const before = await Promise.all(colours.slice(1).map((c) => colourCount(page, c)));
    await button(page, "Race the optimizers").click();
    for (let i = 0; i < 15; i++) await button(page, "Step").click();
    const s = await state(page);
    assert.deepEqual(s.runs.map((r) => r.optimizer), ["gd", "momentum", "rmsprop", "adam"]);
    assert.ok(s.runs.every((r) => r.step === 15));
    for (const [i, colour] of colours.entries()) {
      const count = await colourCount(page, colour);
      assert.ok(count > 40 + (i > 0 ? before[i - 1] : 0), `run ${i} has a path (${count} pixels)`);
    }
    const legend = await page.locator("#race-legend li").allTextContents();
    assert.equal(legend.length, 4);
    assert.match(legend[3], /Adam, η = 0\.1: loss [\d.]+/);
    await page.screenshot({ path: screenshotPath("race-1280x800", engine), fullPage: true });
    await button(page, "End the race").click();
    assert.equal((await state(page)).runs.length, 1);
    assert.equal(await page.locator("#race-legend").isVisible(), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("each optimizer's update is written out with the numbers of lab.state()", async () => {
    const { page, context } = await open(env);
    for (const optimizer of ["momentum", "nesterov", "rmsprop", "adam"]) {
      await page.selectOption("#optimizer", optimizer);
      for (let i = 0; i < 3; i++) await button(page, "Step").click();
      const s = await state(page);
      assert.equal(s.optimizer, optimizer);
      assert.ok(close(await bound(page, "next-w"), s.update.w.next), `${optimizer}: the new w`);
      assert.ok(close(await bound(page, "next-b"), s.update.b.next), `${optimizer}: the new b`);
      const text = await page.locator("#update-lines").innerText();
      if (optimizer === "adam") assert.match(text, /m̂w = mw\/\(1 − β₁ᵗ\)/);
      if (optimizer === "rmsprop") assert.match(text, /sw ← α·sw/);
      assert.match(await bound(page, "optimizer-note"), /^[A-Z].+\.$/);
    }
    // A constant of the optimizer is a control too.
    await page.locator("#beta1").fill("0.5");
    await page.locator("#beta1").press("Enter");
    assert.equal((await state(page)).beta1, 0.5);
    await context.close();
  });

  test("mini-batches: the walkthrough says which points, and the epoch shows", async () => {
    const { page, context } = await open(env);
    await page.selectOption("#batch-size", "4");
    const s = await state(page);
    assert.equal(s.batchPoints, 4);
    const batch = await page.evaluate(() => [...window.lab.batch()]);
    assert.equal(batch.length, 4);
    const note = await bound(page, "batch-note");
    assert.ok(note.includes(`points ${batch.map((i) => i + 1).join(", ")}`), note);
    assert.match(note, /batch 1 of 8 in epoch 1/);
    for (let i = 0; i < 8; i++) await button(page, "Step").click();
    assert.match(await page.locator("#status").innerText(), /epoch 2/);
    await context.close();
  });

  test("the learning-rate lessons: too small crawls, far too large diverges", async () => {
    const { page, problems, context } = await open(env);
    const limit = (await state(page)).stableLearningRate;
    await button(page, "Too small").click();
    let s = await state(page);
    assert.equal(s.learningRate, (await page.evaluate(() => window.lab.lessons())).small.learningRate);
    assert.ok(s.learningRate < limit / 100);
    assert.match(await page.locator("#preset-note").textContent(), /crawls/);
    await button(page, "Far too large").click();
    s = await state(page);
    assert.equal(s.step, 0);
    assert.ok(s.learningRate > limit);
    for (let i = 0; i < 60; i++) await button(page, "Step").click();
    assert.equal((await state(page)).diverged, true);
    assert.equal(await page.locator("#diverged").isVisible(), true);
    await button(page, "Good").click();
    for (let i = 0; i < 60; i++) await button(page, "Step").click();
    s = await state(page);
    assert.equal(s.diverged, false);
    assert.ok(s.loss < s.start.loss / 2);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
