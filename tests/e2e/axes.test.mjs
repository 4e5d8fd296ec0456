// The charts' axes and narrow embeds: each y axis title clears its tick
// labels (wide labels such as house prices, a zoomed-out landscape, a log
// scale), at 320 and 1280 px and at devicePixelRatio 1 and 2; a 320 px embed
// of three charts does not scroll sideways and keeps each chart 100 px high.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, canvasPixels, screenshotPath } from "./harness.mjs";

let env;
before(async () => (env = await launch()));
after(async () => env.close());

/**
 * The columns of a canvas left of its y axis (the first dark vertical line
 * about as long as any in its left half): whether each holds any ink.
 */
function leftOfAxis(page, selector) {
  return page.$eval(selector, (canvas) => {
    const copy = document.createElement("canvas");
    [copy.width, copy.height] = [canvas.width, canvas.height];
    const context = copy.getContext("2d", { willReadFrequently: true });
    context.drawImage(canvas, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    const ink = (x, y) => {
      const i = 4 * (y * width + x);
      return 765 - data[i] - data[i + 1] - data[i + 2] > 90;
    };
    const runs = [];
    for (let x = 0; x < width / 2; x++) {
      let [run, longest] = [0, 0];
      for (let y = 0; y < height; y++) {
        run = ink(x, y) && data[4 * (y * width + x)] < 100 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      runs.push(longest);
    }
    const axis = runs.findIndex((run) => run >= 0.9 * Math.max(...runs));
    // Left of the tick marks (4 CSS px), each column: any ink?
    const scale = canvas.width / canvas.clientWidth;
    const columns = [];
    for (let x = 0; x < axis - 6 * scale; x++) {
      let any = false;
      for (let y = 0; y < height && !any; y++) any = ink(x, y);
      columns.push(any);
    }
    return columns;
  });
}

/** The runs of inked columns: [first, last] of each. */
function inkRuns(columns) {
  const runs = [];
  columns.forEach((inked, x) => {
    if (!inked) return;
    if (runs.length && runs.at(-1)[1] === x - 1) runs.at(-1)[1] = x;
    else runs.push([x, x]);
  });
  return runs;
}

for (const [width, height, ratio] of [
  [1280, 800, 1],
  [1280, 800, 2],
  [320, 480, 1],
  [320, 480, 2],
]) {
  test(`the y axis titles clear their tick labels (house prices, zoomed out, log scale) at ${width} px, ratio ${ratio}`, async () => {
    const path = `?data=houses&zoom=6&log=1&step=3${width < 400 ? "&embed=1&panels=fit,loss,landscape" : ""}`;
    const { page, problems, context } = await open(env, path, { viewport: { width, height }, deviceScaleFactor: ratio });
    await page.waitForTimeout(200);
    // In a 100 px chart the loss chart's title, "loss (log scale)", is longer
    // than the canvas is high: it is left out rather than cut.
    const titled = width < 400 ? ["#fit", "#landscape"] : ["#fit", "#loss", "#landscape"];
    for (const id of ["#fit", "#loss", "#landscape"]) {
      const runs = inkRuns(await leftOfAxis(page, id));
      // The title (drawn 6 px from the left edge), a gap, then the tick
      // labels (one run or several, their characters apart).
      const [title, labels] = runs;
      assert.equal(title[0] < 10 * ratio, titled.includes(id), `${id}: a title at the left edge? ${JSON.stringify(runs)}`);
      if (!titled.includes(id)) continue;
      assert.ok(labels, `${id}: the title and the labels are apart: ${JSON.stringify(runs)}`);
      assert.ok(labels[0] - title[1] > 2 * ratio, `${id}: a gap of ${labels[0] - title[1] - 1} px between the title and the labels`);
      assert.ok(title[1] - title[0] < 20 * ratio, `${id}: the first run is the title alone: ${JSON.stringify(runs)}`);
    }
    if (width < 400) {
      for (const id of ["#fit", "#loss", "#landscape"]) {
        const { height: drawn } = await canvasPixels(page, id);
        assert.ok(drawn >= 100 * ratio, `${id} is ${drawn / ratio} px high`);
      }
    }
    await page.screenshot({ path: screenshotPath(`axes-${width}-${ratio}x`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a 320 px embed of three charts: no sideways scrolling, each chart at least 100 px high, both problems", async () => {
  for (const problem of ["regression", "classification"]) {
    const path = `?embed=1&problem=${problem}&panels=fit,loss,landscape&controls=run,rate`;
    const { page, problems, context } = await open(env, path, { viewport: { width: 320, height: 480 } });
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.querySelector(".embed-panels").scrollWidth]);
    assert.ok(widths[0] <= 320 && widths[1] <= 320, `${problem}: ${widths}`);
    for (const id of ["#fit", "#loss", "#landscape"]) {
      const box = await page.locator(id).evaluate((c) => [c.clientWidth, c.clientHeight]);
      assert.ok(box[1] >= 100, `${problem} ${id}: ${box}`);
    }
    await page.locator(".embed-panels").evaluate((panels) => (panels.scrollTop = panels.scrollHeight));
    await page.screenshot({ path: screenshotPath(`embed-320-${problem}`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});
