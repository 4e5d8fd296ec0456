// The lesson page, driven like a learner: steps, play, reset, the learning
// rate, points, the walkthrough, the keyboard, HiDPI, phones, divergence.
import assert from "node:assert/strict";
import { eachEngine, open, canvasPixels, screenshotPath, state, button, bound, close } from "./harness.mjs";

eachEngine(({ engine, env, test }) => {
  const activeStep = (page) =>
    page.evaluate(() => Number(document.querySelector("#walkthrough > li.active")?.dataset.step ?? 0));

  test("Step moves the line, adds to the loss curve, and lights steps 2 then 3", async () => {
    const { page, problems, context } = await open(env);
    assert.equal(await activeStep(page), 1, "step 1 is lit at the start");
    const fit = await canvasPixels(page, "#fit");
    const loss = await canvasPixels(page, "#loss");
    await button(page, "Step").click();
    assert.equal(await activeStep(page), 2, "step 2 lights first");
    await page.waitForFunction(() => document.querySelector("#walkthrough > li.active")?.dataset.step === "3");
    assert.equal((await state(page)).step, 1);
    assert.notEqual((await canvasPixels(page, "#fit")).hash, fit.hash, "the line moved");
    assert.notEqual((await canvasPixels(page, "#loss")).hash, loss.hash, "the loss chart grew");
    assert.match(await page.locator("#announcer").textContent(), /Step 1: loss [\d.]+, down by/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the numbers of every step equal lab.state()", async () => {
    const { page, context } = await open(env);
    for (let i = 0; i < 3; i++) await button(page, "Step").click();
    const s = await state(page);
    assert.ok(close(await bound(page, "grad-w"), s.gradW), "∂L/∂w");
    assert.ok(close(await bound(page, "grad-b"), s.gradB), "∂L/∂b");
    assert.ok(close(await bound(page, "learning-rate"), s.learningRate), "η");
    assert.ok(close(await bound(page, "w"), s.w), "w");
    assert.ok(close(await bound(page, "next-w"), s.w - s.learningRate * s.gradW), "the updated w");
    assert.ok(close(await bound(page, "next-b"), s.b - s.learningRate * s.gradB), "the updated b");
    assert.ok(close(await bound(page, "loss"), s.loss), "the new loss");
    assert.ok(close(await bound(page, "start-w"), s.start.w), "the start");
    assert.ok(close(await bound(page, "start-loss"), s.start.loss), "the start's loss");
    assert.equal(await bound(page, "seed"), String(s.seed));
    assert.equal(await bound(page, "step-count"), "Step 3");
    // Backpropagation for the chosen point matches lab.trace().
    const t = await page.evaluate(() => window.lab.trace(0));
    assert.ok(close(await bound(page, "trace-z"), t.z));
    assert.ok(close(await bound(page, "trace-dl-dw"), t.dLdw));
    assert.ok(close(await bound(page, "trace-dl-dyhat"), t.dLdYhat));
    const label = await page.locator("#fit").getAttribute("aria-label");
    assert.match(label, /line y = -?[\d.]+x [+-] [\d.]+, loss [\d.]+ after 3 steps/);
    await context.close();
  });

  test("Play runs, Pause stops, Reset starts again at step 1", async () => {
    const { page, problems, context } = await open(env);
    await button(page, "Play").click();
    assert.equal(await page.locator("#play").getAttribute("aria-pressed"), "true");
    await page.waitForFunction(() => window.lab.state().step >= 5);
    assert.equal(await activeStep(page), 4, "step 4 (repeat) is lit while playing");
    await button(page, "Pause").click();
    const paused = (await state(page)).step;
    await page.waitForTimeout(300);
    assert.equal((await state(page)).step, paused, "nothing moves while paused");
    assert.match(await page.locator("#announcer").textContent(), /Paused\. Step \d+/);
    const before = await state(page);
    await button(page, "Reset").click();
    const after = await state(page);
    assert.equal(after.step, 0);
    assert.notDeepEqual([after.w, after.b], [before.start.w, before.start.b], "a new random start");
    assert.equal(await activeStep(page), 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a new learning rate applies while playing, without a reset", async () => {
    const { page, context } = await open(env);
    await button(page, "Play").click();
    await page.waitForFunction(() => window.lab.state().step >= 3);
    await page.locator("#learning-rate-value").fill("0.02");
    await page.locator("#learning-rate-value").press("Enter");
    const changed = await state(page);
    assert.equal(changed.learningRate, 0.02);
    assert.ok(changed.step >= 3, "the run went on");
    await page.waitForFunction((s) => window.lab.state().step > s + 2, changed.step);
    await button(page, "Pause").click();
    const slider = Number(await page.locator("#learning-rate").inputValue());
    assert.ok(Math.abs(slider - Math.log10(0.02)) <= 0.005, "the slider follows the typed value");
    // The slider is on a log scale: its middle is η ≈ 0.0316.
    await page.locator("#learning-rate").fill("-1.5");
    assert.equal((await state(page)).learningRate, 0.0316);
    assert.equal(await page.locator("#learning-rate-value").inputValue(), "0.0316");
    // A value out of range is refused in words and changes nothing.
    await page.locator("#learning-rate-value").fill("50");
    await page.locator("#learning-rate-value").press("Enter");
    assert.match(await page.locator("#learning-rate-error").textContent(), /0\.0001 to 10/);
    assert.equal((await state(page)).learningRate, 0.0316);
    await context.close();
  });

  test("a click on the chart adds a point; a click on a point chooses it", async () => {
    const { page, context } = await open(env);
    const n = (await state(page)).n;
    const box = await page.locator("#fit").boundingBox();
    await page.mouse.click(box.x + box.width * 0.85, box.y + box.height * 0.75);
    assert.equal((await state(page)).n, n + 1, "a point was added");
    assert.equal(await bound(page, "trace-index"), String(n + 1), "and chosen for backpropagation");
    // Remove it again with the keyboard form.
    await page.getByText("Edit the points by keyboard").click();
    await button(page, "Remove chosen point").click();
    assert.equal((await state(page)).n, n);
    await context.close();
  });

  test("the keyboard shortcuts work", async () => {
    const { page, context } = await open(env);
    await page.locator("h1").click();
    await page.keyboard.press("s");
    assert.equal((await state(page)).step, 1);
    await page.keyboard.press("ArrowRight");
    assert.equal((await state(page)).step, 2);
    await page.keyboard.press("Space");
    await page.waitForFunction(() => window.lab.state().step >= 5);
    await page.keyboard.press("Space");
    const stopped = (await state(page)).step;
    await page.waitForTimeout(200);
    assert.equal((await state(page)).step, stopped);
    await page.keyboard.press("r");
    assert.equal((await state(page)).step, 0);
    // Typing in a field is not a shortcut.
    await page.locator("#learning-rate-value").focus();
    await page.keyboard.press("s");
    assert.equal((await state(page)).step, 0);
    await context.close();
  });

  test("a far too large learning rate diverges in words, never NaN, and Reset recovers", async () => {
    const { page, problems, context } = await open(env);
    await page.locator("#learning-rate-value").fill("10");
    await page.locator("#learning-rate-value").press("Enter");
    for (let i = 0; i < 12; i++) await button(page, "Step").click();
    const s = await state(page);
    assert.equal(s.diverged, true);
    const notice = page.locator("#diverged");
    assert.equal(await notice.isVisible(), true);
    assert.match(await notice.textContent(), /learning rate 10 is too large/);
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /NaN|Infinity/);
    assert.match(await bound(page, "progress"), /diverged at step \d+/);
    await page.locator("#learning-rate-value").fill("0.1");
    await page.locator("#learning-rate-value").press("Enter");
    await button(page, "Reset").click();
    assert.equal((await state(page)).diverged, false);
    assert.equal(await notice.isVisible(), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("at devicePixelRatio 2 the canvases have twice the backing pixels", async () => {
    const { page, context } = await open(env, "", { deviceScaleFactor: 2 });
    for (const id of ["#fit", "#loss"]) {
      const size = await page.$eval(id, (c) => [c.width, c.height, c.clientWidth, c.clientHeight]);
      assert.equal(size[0], size[2] * 2, `${id} width`);
      assert.equal(size[1], size[3] * 2, `${id} height`);
    }
    await context.close();
  });

  test("the charts are redrawn at their new size when the layout resizes", async () => {
    const { page, context } = await open(env);
    await page.setViewportSize({ width: 700, height: 800 });
    await page.waitForFunction(() => {
      const c = document.getElementById("fit");
      return c.width === c.clientWidth;
    });
    assert.ok((await canvasPixels(page, "#fit")).drawn > 1000);
    await context.close();
  });

  test("with reduced motion nothing plays by itself", async () => {
    const { page, context } = await open(env, "", { reducedMotion: "reduce" });
    await page.waitForTimeout(500);
    assert.equal((await state(page)).step, 0);
    await button(page, "Step").click();
    assert.equal(await activeStep(page), 3, "no animation between steps 2 and 3");
    await context.close();
  });

  test("nothing comes from another origin, and no console errors", async () => {
    const { page, problems, requests, context } = await open(env);
    await button(page, "Play").click();
    await page.waitForTimeout(300);
    await button(page, "Pause").click();
    for (const url of requests) assert.ok(url.startsWith(env.base), `${url} is from this site`);
    // The page, the lab's script and its WebAssembly (the styles and the start-up
    // script are inline, so nothing else holds up the first charts), and the icon.
    const files = new Set(requests.map((url) => url.slice(env.base.length)));
    for (const file of ["", "pkg/app.js", "pkg/gradient_descent_lab_bg.wasm"]) assert.ok(files.has(file), `${file || "the page"} is loaded`);
    for (const file of files) assert.ok(["", "pkg/app.js", "pkg/gradient_descent_lab_bg.wasm", "favicon.svg"].includes(file), `${file} is not one of the page's files`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [name, viewport] of [
    ["desktop-1280x800", { width: 1280, height: 800 }],
    ["phone-390x844", { width: 390, height: 844 }],
    ["phone-360x740", { width: 360, height: 740 }],
  ]) {
    test(`no sideways scrolling, and a screenshot, at ${name}`, async () => {
      const { page, context } = await open(env, "", { viewport, hasTouch: viewport.width < 500 });
      for (let i = 0; i < 8; i++) await button(page, "Step").click();
      await page.waitForTimeout(500);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `page is ${width} px wide`);
      await page.screenshot({ path: screenshotPath(name, engine), fullPage: true });
      await context.close();
    });
  }

  test("each formula's pointers run from their label to the term they name", async () => {
    const { page, context } = await open(env);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(100);
    const arrows = await page.evaluate(() =>
      [...document.querySelectorAll("#mse-formula, #ce-formula")].map((formula) => {
        const box = formula.getBoundingClientRect();
        const heads = [...formula.querySelectorAll("svg.pointers path")].filter((_, i) => i % 2 === 1);
        return [...formula.querySelectorAll("[data-points-at]")].map((label, i) => {
          const term = document.getElementById(label.dataset.pointsAt).getBoundingClientRect();
          // The head's tip: the middle point of "M x,y L tipX,tipY L x,y".
          const [tipX, tipY] = heads[i].getAttribute("d").split(" ")[1].slice(1).split(",").map(Number);
          return { tipX: tipX + box.left, tipY: tipY + box.top, term: [term.left, term.right, term.bottom] };
        });
      }),
    );
    assert.equal(arrows.length, 2);
    for (const formula of arrows) {
      assert.equal(formula.length, 2, "two labels, two arrows");
      for (const { tipX, tipY, term } of formula) {
        assert.ok(tipX > term[0] && tipX < term[1], `the tip (${tipX}) is under the term (${term[0]}–${term[1]})`);
        assert.ok(Math.abs(tipY - term[2] - 4) < 1, `the tip (${tipY}) is just below the term (${term[2]})`);
      }
    }
    await context.close();
  });
});
