// Every sentence true: every written sum on the page, worked out by hand from
// the numbers it shows, gives the result it shows (over every optimizer,
// batches, both problems, late steps); the words of steps 1 and 4 and of the
// mini-batches are true of the run; the learning-rate lessons do what they
// say; races use rates the rate box takes and end without losing steps.
import assert from "node:assert/strict";
import { eachEngine, open, state, button, bound, canvasPixels } from "./harness.mjs";

/**
 * Evaluates a written sum the way a learner with a calculator would, here by
 * turning it into JavaScript (independently of the page's own evaluator):
 * × · → *, − → -, x² → (x)**2, √x → Math.sqrt(x), ln x → Math.log(x), σ → 1/(1+e^−z).
 */
function byHand(text) {
  const number = String.raw`-?\d+(?:\.\d+)?(?:e-?\d+)?`;
  const js = text
    .replace(/[×·]/g, "*")
    .replace(/−/g, "-")
    .replace(new RegExp(String.raw`(\([^()]*\)|${number})²`, "g"), "(($1)**2)")
    .replace(new RegExp(`√(${number})`, "g"), "Math.sqrt($1)")
    .replace(/√\(/g, "Math.sqrt(")
    .replace(new RegExp(`ln ?(${number})`, "g"), "Math.log($1)")
    .replace(/ln\(/g, "Math.log(")
    .replace(/σ\(/g, "sigma(");
  return new Function("sigma", `return ${js};`)((z) => 1 / (1 + Math.exp(-z)));
}

/** A result shown on the page: four significant digits, trailing zeros dropped. */
const rounded = (value) => Number(value.toPrecision(4));

/** Every written sum now on the page: [worked text, shown result, where]. */
const sums = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll(".sum")].map((sum) => [
      sum.querySelector(".worked").textContent,
      sum.querySelector(".result").textContent,
      sum.textContent,
    ]),
  );

async function checkSums(page, label) {
  const all = await sums(page);
  assert.ok(all.length >= 6, `${label}: only ${all.length} sums`);
  for (const [worked, result, whole] of all) {
    const value = byHand(worked);
    assert.ok(Number.isFinite(value), `${label}: ${whole} does not work out`);
    assert.equal(rounded(value), Number(result), `${label}: ${whole} works out to ${value}`);
  }
  return all.length;
}

/** The four lessons run from the page's start, measured as the issue defines them. */
async function measureLessons(page) {
  return page.evaluate(() => {
    const lab = window.lab;
    const lessons = lab.lessons();
    const { w, b } = lab.state().start;
    const start = { w, b, loss: lab.state().start.loss };
    const best = lab.state().optimum?.loss ?? 0;
    const curvature = lab.state().curvature;
    const optimum = lab.state().optimum;
    const config = lab.config();
    const results = {};
    for (const name of ["small", "good", "large", "huge"]) {
      const run = window.labInit({ ...config, optimizer: "gd", batchSize: 0, race: null, learningRate: lessons[name].learningRate, start: { w, b } });
      const way = start.loss - best;
      let near = null;
      let share100 = 0;
      let crossings = 0;
      let side = optimum ? (start.w - optimum.w) * curvature.w + (start.b - optimum.b) * curvature.b : 0;
      for (let t = 0; t <= 3000; t++) {
        const s = run.state();
        const gap = (s.loss - best) / way;
        if (near === null && gap <= 0.01) near = t;
        if (t === 100) share100 = 1 - gap;
        if (t >= 1 && t <= 30 && optimum) {
          const now = (s.w - optimum.w) * curvature.w + (s.b - optimum.b) * curvature.b;
          if (now * side < 0) crossings++;
          side = now;
        }
        if (s.diverged || (near !== null && t >= Math.max(100, 2 * near))) break;
        run.step(1);
      }
      const end = run.state();
      results[name] = { ...lessons[name], near, share100, crossings, diverged: end.diverged, settled: (end.loss - best) / way <= 0.01 };
    }
    return results;
  });
}

eachEngine(({ env, test }) => {
  test("every written sum works out by hand to its result, for every optimizer, batch size and problem", async () => {
    const { page, problems, context } = await open(env);
    let checked = 0;
    const runs = [
      ["regression", { optimizer: "gd" }],
      ["regression", { optimizer: "momentum", learningRate: 0.05 }],
      ["regression", { optimizer: "nesterov", learningRate: 0.05 }],
      ["regression", { optimizer: "rmsprop", learningRate: 0.05 }],
      ["regression", { optimizer: "adam", learningRate: 0.2 }],
      ["regression", { optimizer: "gd", batchSize: 4 }],
      ["regression", { optimizer: "momentum", batchSize: 1, learningRate: 0.05 }],
      ["classification", { optimizer: "gd" }],
      ["classification", { optimizer: "adam", learningRate: 0.1, batchSize: 2 }],
      ["classification", { optimizer: "rmsprop", learningRate: 0.1, loss: "mse" }],
    ];
    for (const [problem, settings] of runs) {
      await page.evaluate(([p, s]) => {
        window.controller.set({ problem: p });
        window.controller.set({ ...s, start: null, seed: 7 });
      }, [problem, settings]);
      for (const [steps, point] of [[0, 0], [1, 3], [6, 11], [60, 20], [400, 5]]) {
        await page.evaluate(([n, i]) => {
          window.lab.step(n);
          window.controller.view.selected = i;
          window.controller.refresh();
        }, [steps, point]);
        checked += await checkSums(page, `${problem} ${JSON.stringify(settings)} after +${steps} steps`);
      }
    }
    assert.ok(checked > 300, `${checked} sums checked`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the sums' results are the lab's own numbers to the digits shown", async () => {
    const { page, context } = await open(env, "?opt=adam&lr=0.3&step=4");
    const s = await state(page);
    const t = await page.evaluate(() => window.lab.trace(0));
    assert.equal(Number(await bound(page, "next-w")), rounded(s.update.w.next));
    assert.equal(Number(await bound(page, "next-b")), rounded(s.update.b.next));
    for (const [name, value] of [["trace-z", t.z], ["trace-loss", t.loss], ["trace-dl-dw", t.dLdw], ["trace-dl-db", t.dLdb]]) {
      assert.equal(Number(await bound(page, name)), rounded(value), name);
    }
    // A worked cross-entropy of a point the model is sure of: its probability
    // needs more digits than four to give the point's loss by hand.
    await page.goto(`${env.base}?problem=classification&data=separable&step=300`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const worked = await page.locator("#ce-worked-sum").textContent();
    assert.match(worked, /^CEᵢ\s=\s−\(\d·ln [\d.e-]+ \+ \d·ln [\d.e-]+\) =\s/);
    const trace = await page.evaluate(() => window.lab.trace(0));
    assert.equal(Number(await bound(page, "ce-point")), rounded(trace.compare.crossEntropy.loss));
    await checkSums(page, "a confident classifier");
    await context.close();
  });

  test("logarithms are natural, written ln, and the page says so once", async () => {
    const { page, context } = await open(env, "?problem=classification");
    const text = await page.evaluate(() => document.body.innerText);
    const left = text.replace(/not log, which is to base 10/, "").replace(/log scale/g, "");
    assert.doesNotMatch(left, /\blog\b/, "no 'log' left but the calculator key and the log scales");
    assert.match(text, /ln is the natural logarithm, to base e/);
    const names = await page.evaluate(() => [...document.querySelectorAll("#ce-formula mi")].map((mi) => mi.textContent));
    assert.deepEqual(names.filter((n) => /^(ln|log)$/.test(n)), ["ln"]);
    await context.close();
  });

  test("step 1 says where the start came from: the seed, Reset, a click, an edit or a link", async () => {
    const { page, context } = await open(env);
    const from = () => page.locator("#start-from").textContent();
    assert.equal(await from(), "Drawn at random from seed 42");
    await button(page, "Reset").click();
    assert.equal(await from(), "A new random start from Reset (draw 1 from seed 42)");
    await button(page, "Reset").click();
    assert.equal(await from(), "A new random start from Reset (draw 2 from seed 42)");
    const box = await page.locator("#landscape").boundingBox();
    await page.locator("#landscape").click({ position: { x: box.width * 0.4, y: box.height * 0.4 } });
    assert.equal(await from(), "Where you clicked on the landscape");
    // The lessons start again where the run started: the start keeps its origin.
    await button(page, "Good").click();
    assert.equal(await from(), "Where you clicked on the landscape");
    await button(page, "Step").click();
    await page.evaluate(() => window.lab.addPoint(1, 1) ?? window.controller.refresh());
    assert.equal(await from(), "Where the line was when the points changed");
    const link = await page.evaluate(() => window.controller.keeper.query());
    const opened = await open(env, `?${link}`);
    assert.equal(await opened.page.locator("#start-from").textContent(), "From the link");
    await opened.context.close();
    await context.close();
  });

  test("step 4 says when a step went uphill, and why; never 'downhill' then", async () => {
    const { page, context } = await open(env, "?batch=1&lr=0.2&opt=momentum");
    let uphill = 0;
    for (let i = 0; i < 40; i++) {
      await page.evaluate(() => window.controller.stepOnce());
      const s = await state(page);
      const words = await bound(page, "progress");
      if (s.loss > s.previous.loss) {
        uphill++;
        assert.match(words, /went uphill: the loss rose by/);
        assert.match(words, /batch of 1 point only/);
        assert.match(words, /Momentum moves by its velocity/);
        assert.doesNotMatch(words, /went downhill|further down/);
      } else {
        assert.doesNotMatch(words, /uphill/);
      }
    }
    assert.ok(uphill > 0, "this run has steps that go up");
    // Plain gradient descent past 2/curvature: the step was too long.
    const { page: large, context: other } = await open(env, "?lr=0.48");
    await large.evaluate(() => window.controller.stepOnce());
    await large.evaluate(() => window.controller.stepOnce());
    const s = await state(large);
    assert.ok(s.loss > s.previous.loss);
    assert.match(await bound(large, "progress"), /too long for how sharply the loss curves here.*above 2\/curvature/);
    await other.close();
    await context.close();
  });

  test("mini-batches: the mean over the batch (1/B), the followed point in or out of it, never '1 points'", async () => {
    const { page, context } = await open(env, "?batch=4");
    const s = await state(page);
    const batch = await page.evaluate(() => [...window.lab.batch()]);
    assert.match(await bound(page, "batch-note"), /the mean over those 4 points \(1\/B, B = 4\), not the mean over all 30/);
    assert.equal(await bound(page, "mean-over"), "B");
    assert.equal(await bound(page, "batch-points"), "4 points");
    const inBatch = batch.includes(0);
    const note = page.locator("#batch-member");
    assert.match(await note.textContent(), inBatch ? /is one of the 4 points/ : /is not in the next step's batch/);
    if (!inBatch) {
      await page.locator("#follow-batch").click();
      assert.equal(await bound(page, "trace-index"), String(batch[0] + 1));
      assert.match(await note.textContent(), /is one of the 4 points of the next step's batch/);
    }
    assert.equal(s.batchPoints, 4);
    await page.selectOption("#batch-size", "1");
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /\b1 points\b/);
    assert.match(await bound(page, "batch-note"), /the gradient is that one point's own/);
    await page.selectOption("#batch-size", "0");
    assert.equal(await bound(page, "mean-over"), "N");
    assert.equal(await note.isVisible(), false);
    await context.close();
  });

  test("the learning-rate lessons show what they say, from the page's own buttons", async () => {
    for (const query of ["", "?seed=7&data=outliers", "?data=houses&std=1", "?problem=classification", "?problem=classification&data=mislabelled&seed=3"]) {
      const { page, problems, context } = await open(env, query);
      // A second copy of the module, for labs of the test's own (course authors import it the same way).
      await page.evaluate(async () => {
        const glue = await import("./pkg/gradient_descent_lab.js");
        await glue.default();
        window.labInit = glue.init;
      });
      const m = await measureLessons(page);
      const label = query || "the default";
      if (m.small.holds) assert.ok(m.small.share100 < 0.5, `${label}: too small came ${m.small.share100} of the way`);
      if (m.large.holds) {
        assert.ok(m.large.crossings >= 5 && m.large.settled, `${label}: too large crossed ${m.large.crossings} times`);
      }
      if (m.huge.holds) assert.ok(m.huge.diverged, `${label}: far too large did not blow up`);
      assert.ok(m.good.holds && m.good.settled, `${label}: good`);
      for (const other of ["small", "large", "huge"]) {
        if (m[other].holds) assert.ok(m[other].near === null || m[other].near > m.good.near, `${label}: ${other} is as quick as good`);
      }
      // The buttons apply exactly these rates, from the same start, and say what happens.
      const start = (await state(page)).start;
      for (const [name, title] of [["small", "Too small"], ["good", "Good"], ["large", "Too large"], ["huge", "Far too large"]]) {
        await button(page, title).click();
        const s = await state(page);
        const note = await page.locator("#preset-note").textContent();
        if (m[name].holds) {
          assert.equal(s.learningRate, m[name].learningRate, `${label}: ${title}`);
          assert.deepEqual([s.step, s.start.w, s.start.b], [0, start.w, start.b]);
          assert.ok(s.learningRate >= 1e-4 && s.learningRate <= 10);
        } else {
          assert.match(note, /cannot/, `${label}: ${title} says it cannot hold`);
        }
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test("racing learning rates uses rates the box takes, and ending the race keeps the steps", async () => {
    for (const query of ["", "?problem=classification"]) {
      const { page, context } = await open(env, query);
      await button(page, "Race learning rates").click();
      const s = await state(page);
      assert.ok(s.runs.length >= 3, `${query}: ${s.runs.length} runs`);
      for (const run of s.runs) assert.ok(run.learningRate >= 1e-4 && run.learningRate <= 10, `${query}: η = ${run.learningRate}`);
      for (let i = 0; i < 5; i++) await button(page, "Step").click();
      const before = await state(page);
      await button(page, "End the race").click();
      const after = await state(page);
      assert.deepEqual([after.step, after.w, after.b, after.runs.length], [5, before.w, before.b, 1]);
      await context.close();
    }
  });

  test("an embed without the optimizer control still says which optimizer runs", async () => {
    const { page, context } = await open(env, "?embed=1&opt=adam&lr=0.05&controls=run");
    assert.match(await page.locator("#status").innerText(), /Adam, η = 0\.05/);
    const { page: full, context: other } = await open(env);
    assert.doesNotMatch(await full.locator("#status").innerText(), /gradient descent/);
    await other.close();
    await context.close();
  });

  test("a divergence on the house prices points to Standardise x", async () => {
    const { page, context } = await open(env, "?data=houses&lr=0.0001");
    for (let i = 0; i < 10; i++) await button(page, "Step").click();
    const notice = await page.locator("#diverged").textContent();
    assert.match(notice, /blew up/);
    assert.match(notice, /Tick “Standardise x”/);
    await context.close();
  });

  test("the slice shows the loss along the steepest direction, with the steps on it", async () => {
    const { page, problems, context } = await open(env, "?lr=0.45");
    for (let i = 0; i < 8; i++) await button(page, "Step").click();
    await page.locator("#slice").scrollIntoViewIfNeeded();
    const pixels = await canvasPixels(page, "#slice", [0xc0, 0x39, 0x2b]);
    assert.ok(pixels.drawn > 3000 && pixels.near > 100, `drawn ${pixels.drawn}, in the model's colour ${pixels.near}`);
    const note = await page.locator("#slice-note").textContent();
    const s = await state(page);
    const factor = 1 - s.learningRate * s.curvature.max;
    assert.match(note, /each step lands on the other side, nearer/);
    assert.equal(Number(await page.locator("#slice-note .result").textContent()), rounded(factor));
    await button(page, "Step").click();
    assert.notEqual((await canvasPixels(page, "#slice")).hash, pixels.hash, "it follows the run");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
