// Classification on the page: switch to it, step, see the sigmoid move and
// the accuracy, and read the cross-entropy of a point term by term.
import assert from "node:assert/strict";
import { eachEngine, open, canvasPixels, screenshotPath, state, button, bound, close } from "./harness.mjs";

eachEngine(({ engine, env, test }) => {
  async function switchToClassification(page) {
    await page.getByLabel("Classification: predict a label, 0 or 1").check();
    await page.waitForFunction(() => window.lab.state().problem === "classification");
  }

  test("switch to classification, step: the sigmoid moves and accuracy is shown", async () => {
    const { page, problems, context } = await open(env);
    await switchToClassification(page);
    const s0 = await state(page);
    assert.equal(s0.lossFunction, "cross-entropy");
    assert.equal(s0.step, 0);
    assert.deepEqual(
      await page.$$eval("#dataset option", (o) => o.map((x) => x.value)),
      ["groups", "separable", "mislabelled", "middle"],
    );
    assert.equal(await page.locator("#learning-rate-value").inputValue(), String(s0.learningRate));
    const fit = await canvasPixels(page, "#fit");
    for (let i = 0; i < 5; i++) await button(page, "Step").click();
    assert.notEqual((await canvasPixels(page, "#fit")).hash, fit.hash, "the sigmoid moved");
    const s = await state(page);
    assert.equal(s.step, 5);
    const status = await page.locator("#status").innerText();
    const shown = Number(status.match(/accuracy ([\d.]+)%/)[1]);
    assert.ok(Math.abs(shown - s.accuracy * 100) < 0.1, `${status} vs ${s.accuracy}`);
    assert.match(await page.locator("#fit").getAttribute("aria-label"), /sigmoid ŷ = σ\(.+\).*accuracy/);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: screenshotPath("classification-1280x800", engine), fullPage: true });
    await context.close();
  });

  test("the formula numbers match lab.state() and lab.trace()", async () => {
    const { page, context } = await open(env);
    await switchToClassification(page);
    for (let i = 0; i < 3; i++) await button(page, "Step").click();
    await button(page, "Next point").click(); // point 2
    const s = await state(page);
    const t = await page.evaluate(() => window.lab.trace(1));
    assert.equal(await bound(page, "trace-index"), "2");
    assert.equal(await bound(page, "ce-actual"), t.y === 1 ? "[0, 1]" : "[1, 0]");
    assert.ok(close(await bound(page, "ce-p1"), t.yHat), "predicted probability of class 1");
    assert.ok(close(await bound(page, "ce-p0"), 1 - t.yHat), "predicted probability of class 0");
    assert.ok(close(await bound(page, "ce-point"), t.compare.crossEntropy.loss));
    assert.ok(close(await bound(page, "ce-point"), t.loss), "the point's loss is its cross-entropy");
    assert.ok(close(await bound(page, "pull-ce"), t.compare.crossEntropy.dLdz));
    assert.ok(close(await bound(page, "pull-mse"), t.compare.mse.dLdz));
    assert.ok(close(await bound(page, "grad-w"), s.gradW));
    assert.ok(close(await bound(page, "next-w"), s.w - s.learningRate * s.gradW));
    assert.ok(close(await bound(page, "loss"), s.loss));
    await context.close();
  });

  test("MSE on the sigmoid, separable data, and points of either class", async () => {
    const { page, problems, context } = await open(env);
    await switchToClassification(page);
    await page.selectOption("#loss-function", "mse");
    assert.equal((await state(page)).lossFunction, "mse");
    await page.selectOption("#dataset", "separable");
    for (let i = 0; i < 3; i++) await button(page, "Step").click();
    const s = await state(page);
    assert.equal(s.separable, true);
    assert.match(await bound(page, "progress"), /split perfectly.*not divergence/);
    // A click adds a point of the chosen class; shift-click the other class.
    const n = s.n;
    await page.locator("#fit").scrollIntoViewIfNeeded();
    const box = await page.locator("#fit").boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.keyboard.down("Shift");
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await page.keyboard.up("Shift");
    const points = await page.evaluate(() => window.lab.points());
    assert.equal(points.length, n + 2);
    assert.deepEqual([points[n].y, points[n + 1].y], [0, 1]);
    await page.getByLabel("class 1").check();
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.5);
    assert.equal((await page.evaluate(() => window.lab.points())).at(-1).y, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("switching back to regression keeps the page in one piece", async () => {
    const { page, problems, context } = await open(env);
    await switchToClassification(page);
    await button(page, "Step").click();
    await page.getByLabel("Regression: fit a line to numbers").check();
    const s = await state(page);
    assert.equal(s.problem, "regression");
    assert.equal(s.lossFunction, "mse");
    assert.equal(await page.locator("#dataset").inputValue(), "line");
    assert.equal(await page.locator("#status").innerText().then((t) => t.includes("accuracy")), false);
    await button(page, "Step").click();
    assert.equal((await state(page)).step, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
