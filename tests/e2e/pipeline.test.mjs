// The pipeline: the page loads the wasm and draws both charts, with nothing
// missing (a favicon too) and nothing from another origin.
import assert from "node:assert/strict";
import { eachEngine, open, canvasPixels } from "./harness.mjs";

eachEngine(({ engine, env, test }) => {
  test("the page loads with no console error, a favicon, and drawn charts", async () => {
    const { page, problems, requests, context } = await open(env);
    const favicon = await page.evaluate(() => document.querySelector("link[rel=icon]")?.href);
    assert.ok(favicon, "a favicon is linked");
    const response = await page.request.get(favicon);
    assert.equal(response.status(), 200);
    for (const id of ["#fit", "#loss"]) {
      const { drawn, width, height } = await canvasPixels(page, id);
      assert.ok(drawn > (width * height) / 100, `${id} is drawn (${drawn} pixels)`);
    }
    assert.ok(requests.every((url) => url.startsWith(env.base)), "nothing from another origin");
    // The files build.sh weighs (PAGE_FILES): what loads on demand (exercise.js, data-io.js) is not among them.
    const files = new Set(requests.map((url) => new URL(url).pathname.slice(1)));
    assert.deepEqual([...files].sort(), ["", "favicon.svg", "pkg/app.js", "pkg/gradient_descent_lab_bg.wasm"]);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
