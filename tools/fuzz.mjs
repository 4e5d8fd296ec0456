// The long random-input run (`./build.sh fuzz [seconds] [seeds]`): each seed
// for `seconds` on a desktop and on a phone with touch, in each engine
// (ENGINES=chromium or =firefox for one), on dist/. Prints each run's figures,
// and for a failure its seed, what went wrong and its last actions; every
// action of a failed run is saved, to replay it:
//
//   node tools/fuzz.mjs [seconds=60] [seeds=4242,4241,4243,1,2] [devices=desktop,phone]
//   node tools/fuzz.mjs --replay tests/e2e/screenshots/fuzz-chromium-desktop-4242.json
//   node tools/fuzz.mjs --memory [minutes=10]   (playing at full speed, with races and data edits)
//
// SITE=www serves the page's sources instead of dist/ (unminified: readable stacks).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ENGINES, launch, open } from "../tests/e2e/harness.mjs";
import { describeFailure, fuzz, saveRun, startOf, VIEWPORTS } from "../tests/e2e/fuzz.mjs";

const args = process.argv.slice(2);
const site = process.env.SITE ? resolve(process.env.SITE) : undefined;
const devToolsFor = async (engine, context, page) => (engine === "chromium" ? context.newCDPSession(page) : null);

async function runOne(env, { device, seed, seconds, query, replay }) {
  const { page, context, problems } = await open(env, query, VIEWPORTS[device]);
  const cdp = await devToolsFor(env.engine, context, page);
  const started = Date.now();
  const result = await fuzz(page, {
    engine: env.engine,
    problems,
    seed,
    seconds,
    touch: device === "phone",
    replay,
    cdp,
  });
  await context.close().catch(() => {});
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  if (args[0] === "--replay") {
    const run = JSON.parse(readFileSync(args[1], "utf8"));
    const env = await launch(run.engine, site);
    const result = await runOne(env, { ...run, replay: run.actions });
    await env.close();
    console.log(result.failure ? describeFailure({ ...run, ...result }) : `${run.actions.length} actions replayed, nothing went wrong.`);
    process.exit(result.failure ? 1 : 0);
  }
  if (args[0] === "--memory") return memory(Number(args[1] ?? 10));
  const seconds = Number(args[0] ?? 60);
  const seeds = (args[1] ?? "4242,4241,4243,1,2").split(",").map(Number);
  const devices = (args[2] ?? "desktop,phone").split(",");
  const rows = [];
  let failed = 0;
  for (const engine of ENGINES) {
    const env = await launch(engine, site);
    for (const seed of seeds) {
      for (const device of devices) {
        const query = startOf(seed);
        const result = await runOne(env, { device, seed, seconds, query });
        const row = { engine, device, seed, query, actions: result.actions.length, seconds: result.seconds, left: result.left };
        rows.push(row);
        if (result.failure) {
          failed++;
          const saved = saveRun({ engine, device, seed, query, ...result });
          console.log(`FAILED ${describeFailure({ engine, device, seed, ...result, saved })}`);
        } else {
          const back = row.left ? ` (the browser went Back ${row.left} times, the lesson was opened again)` : "";
          console.log(`ok ${engine} ${device} seed ${seed} (${query || "the default page"}): ${row.actions} actions in ${row.seconds.toFixed(0)} s${back}`);
        }
      }
    }
    await env.close();
  }
  for (const engine of ENGINES) {
    const mine = rows.filter((r) => r.engine === engine);
    const actions = mine.reduce((sum, r) => sum + r.actions, 0);
    const minutes = mine.reduce((sum, r) => sum + r.seconds, 0) / 60;
    console.log(`${engine}: ${mine.length} runs, ${new Set(mine.map((r) => r.seed)).size} seeds, ${actions} actions in ${minutes.toFixed(1)} minutes`);
  }
  console.log(failed ? `${failed} run(s) failed` : "no failures");
  process.exit(failed ? 1 : 0);
}

/**
 * Playing at full speed for `minutes`, with a race or a data edit every 15 s
 * (by the page's own buttons and chart), sampling the lab's WebAssembly
 * memory and (Chromium) the JS heap after a garbage collection.
 */
async function memory(minutes) {
  for (const engine of ENGINES) {
    const env = await launch(engine, site);
    const { page, context, problems } = await open(env, "?speed=1000");
    const cdp = await devToolsFor(engine, context, page);
    const sample = async () => {
      if (cdp) await cdp.send("HeapProfiler.collectGarbage");
      return page.evaluate(() => ({
        wasm: window.labMemoryBytes(),
        heap: performance.memory?.usedJSHeapSize ?? null,
        step: window.lab.state().step,
      }));
    };
    const edits = [
      () => page.locator("#race-optimizers").click(),
      () => page.mouse.click(...fitPoint),
      () => page.locator("#race-rates").click(),
      () => page.locator("#remove-point").click(),
      () => page.locator("#race-stop").click(),
      () => page.locator("#new-seed").click(),
    ];
    const box = await page.locator("#fit").boundingBox();
    const fitPoint = [box.x + box.width * 0.6, box.y + box.height * 0.3];
    const samples = [await sample()];
    await page.evaluate(() => window.controller.play());
    const end = Date.now() + minutes * 60_000;
    for (let i = 0; Date.now() < end; i++) {
      await page.waitForTimeout(15_000);
      await page.evaluate(() => document.getElementById("fit").scrollIntoView({ block: "center" }));
      await edits[i % edits.length]().catch(() => {});
      await page.evaluate(() => window.controller.playing || window.controller.play());
      if (i % 4 === 3) {
        samples.push(await sample());
        const s = samples.at(-1);
        console.log(`${engine} ${((Date.now() - end) / 60_000 + minutes).toFixed(1)} min: wasm ${s.wasm} B, heap ${s.heap ?? "–"} B, step ${s.step}`);
      }
    }
    samples.push(await sample());
    const [first, last] = [samples[0], samples.at(-1)];
    const most = (key) => Math.max(...samples.map((s) => s[key] ?? 0));
    console.log(
      `${engine}: ${minutes} minutes at full speed, ${last.step} steps in the last run; wasm ${first.wasm} → ${last.wasm} B (most ${most("wasm")}); ` +
        `JS heap ${first.heap ?? "–"} → ${last.heap ?? "–"} B (most ${most("heap") || "–"}); problems: ${problems.length ? problems.join("; ") : "none"}`,
    );
    await context.close();
    await env.close();
  }
}

await main();
