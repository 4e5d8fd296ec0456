// Every benchmark of the lesson, written to BENCHMARKS.md: page weight, the
// size of build variants, training throughput (native, wasm, plain JS),
// frame cost, start-up, and the loss landscape. Run by `./build.sh bench`
// after it has built dist/. Benchmarks, not tests: the machines are noisy, so
// the figures are for reading and the ratios (measured side by side in one
// run) are what to compare.
import { execFileSync, execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SIZES = [100, 1_000, 10_000, 100_000, 1_000_000];
const PROBLEMS = ["regression", "classification"];
// gzip -9, as build.sh's size gate measures (Node's zlib at level 9 writes
// some 0.5 % more: the figures here and the gate's would disagree).
const gz = (bytes) => execFileSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 1 << 26 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const log = (text) => console.log(`  ${text}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--enable-precise-memory-info"];
/** wasm-opt as ./build.sh runs it. */
const SHIPPED_OPT = ["-Oz", "--converge", "--low-memory-unused", "--strip-producers", "--strip-target-features"];
const WASM_OPT_FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", "--enable-simd"];

const server = await startServer(ROOT, 0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
const report = [];

async function newPage(url, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  return page;
}

async function lessonPage(query = "") {
  const page = await newPage(`${base}dist/${query}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return page;
}

// ------------------------------------------------------------ page weight

async function pageWeight() {
  console.log("Page weight");
  const page = await browser.newPage();
  const loaded = [];
  page.on("response", (r) => loaded.push(r.url()));
  await page.goto(`${base}dist/`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  // The favicon comes late: wait until nothing more is loading.
  await page.waitForLoadState("networkidle");
  await page.close();
  const rows = [];
  let total = 0;
  let foreign = 0;
  for (const url of new Set(loaded)) {
    if (!url.startsWith(base)) {
      foreign++;
      continue;
    }
    const path = decodeURIComponent(new URL(url).pathname).replace(/^\//, "").replace(/\/$/, "/index.html");
    const bytes = readFileSync(join(ROOT, path));
    total += gz(bytes);
    rows.push(`| \`${path}\` | ${bytes.length.toLocaleString("en")} | ${gz(bytes).toLocaleString("en")} |`);
    log(`${path}: ${gz(bytes)} B gzipped`);
  }
  log(`total ${total} B`);
  report.push(
    "## 1. Page weight",
    "",
    "Every file the lesson page loads (`dist/`, as it ships), gzipped with `gzip -9` (Node's zlib at level 9).",
    "",
    "| file | bytes | gzipped |",
    "|---|---:|---:|",
    ...rows,
    `| **total** | | **${total.toLocaleString("en")} (${kb(total)})** |`,
    "",
    `Requests to another origin: ${foreign}. Goal: at most 100 KB, nothing from another origin. \`./build.sh test\` fails if the total passes 100,000 bytes.`,
    "",
    "How it came down from 148,026 bytes (measured as each change was made, in this order; the WebAssembly gzipped, then the page):",
    "",
    "| change | WebAssembly | page |",
    "|---|---:|---:|",
    "| before (opt-level z, wasm-opt -Oz, SIMD) | 121,906 | 148,026 |",
    "| no `f64` formatting: plotters-canvas patched to write colours and font sizes as integers and to measure text with `measureText`; our own label formatter on the axes | 110,538 | |",
    "| no Unicode tables: no `str` slicing or `replace` whose panic message escapes text; ASCII test for a CSV header | 104,554 | |",
    "| our own correctly rounded decimal reader (`src/decimal.rs`) instead of `str::parse::<f64>` and its tables | 90,750 | |",
    "| our own axes, ticks and labels instead of plotters' `ChartBuilder` and mesh | 80,061 | |",
    "| talc instead of dlmalloc as the allocator | 77,939 | |",
    "| our own round ticks; plain loops instead of `collect` into `Result` | 76,356 | |",
    "| wasm-opt `--converge --low-memory-unused`; `boot.js` without the WebAssembly's failure messages; terser after esbuild; `index.html` without indentation | 75,358 | 100,673 |",
    "| import names without wasm-bindgen's hashes (`tools/short-imports.mjs`) | 74,294 | 98,493 |",
    "| then, for speed: the training loop's state in registers, the optimizer's update inlined into it | 74,693 | 98,961 |",
    "| then, for start-up: `boot.js` and the styles inline in `index.html` (two files fewer) | 74,693 | 98,838 |",
    "| then, the learning-rate lessons (`lab.lessons()`; measured at that commit, 163ce21) | 80,515 | 104,727 |",
    "| link and CSV text work in JavaScript: reading and writing links (`readLink`, `lab.link`) and reading CSV (`readCsv`) moved to `www/link.js` and `www/csv.js`, which the glue imports (the browser splits, decodes and reads and writes numbers for free); Rust still checks the config a link asks for (`src/link.rs`) and writes CSV (`lab.csv()`: moving it would save at most 140 bytes). WebAssembly −9,534, `app.js` +2,472 (13,098 → 15,570) | 70,981 | 97,665 |",
    "| then, the lesson's new parts (written sums, the slice chart, start origins, the lessons' words; the sort of the lessons' candidate rates, 3 KB, replaced by ordered insertion) and phone layout (measured after merging them) | 71,446 | 102,388 |",
    "| CSV written by the page too (`lab.csv()` calls `writeCsv` in `www/csv.js`): no exact shortest writer and no decimal reader left in the WebAssembly (`src/decimal.rs`, `src/csv.rs` gone); error messages give numbers to 15 significant digits | 68,373 | 99,432 |",
    "| then, issues 13–15 (every sentence true, random input, the house: folders, losses once, θ, the catalogue; one `join` of `&str` in config messages), at 164fc72 | 68,498 | 99,887 |",
    "| the settings table (`src/io/settings.rs`): the config's field lists computed from it at compile time, its numbers checked by the table's ranges, link.js reading the page's ranges from catalogue.js instead of from Rust | 67,969 | 99,456 |",
    "| then, for speed: the neuron's two parameters written out on the hot path (the plain update, the mean of the gradient, the divergence checks), which the θ reshaping had turned into loops that opt-level z keeps | 68,193 | 99,668 |",
    "| then, a chart's x title that does not fit its canvas keeps its part before a comma (the slice chart on a phone) | 68,283 | 99,758 |",
    "| then, issue 16's three data sets a line cannot fit (wave, steps, middle), with the line, outliers and houses drawn through the same `curve` helper (it paid for most of their bytes); measured on main after the merge, beside the network core, which the page does not link yet | 68,469 | 99,996 |",
    "| issue 18's course tools, and what paid for them: the CSV import and downloads (`data-io.js`) and the exercises (`exercise.js`, `exercises.js`) loaded on demand, when a learner first asks, not by the lesson page; the buttons' `type=\"button\"` left out (the page has no form); panic messages without the crate registry's folder (`--remap-path-prefix` in build.sh; the size variants below are built without it); then the Exercises section, the controller's step limit, `setExercise` and the failure message's words on sandboxes | 68,430 | 99,769 |",
    "",
    "serde at the boundary (issue 15), measured on a scratch branch and not landed, for want of bytes: writing `lessons()` through `#[derive(Serialize)]` and serde-wasm-bindgen cost +2.7 KB gzipped; reading a config through `#[derive(Deserialize)]` cost +20.8 KB, most of it core's float formatting, which serde's own error wording (`Unexpected::Float`, written with `{}`) links in. With serde-wasm-bindgen's `invalid_type`/`invalid_value` worded without it (a 60-line patch like plotters-canvas's), a probe of one derived config struct with nested points and runs cost +7.6 KB (WebAssembly +7.0 KB, glue +0.6 KB): serde-wasm-bindgen's struct, option and sequence access for each type, its field-name cache (a `HashMap`, hashbrown) and serde's messages. The hand-written value and conversions it would replace (`io/value.rs`, `web/convert.rs`, the `ToValue` impls) are some 5–7 KB of the WebAssembly before compression (2–3 KB gzipped). Taking serde for both directions would need some 9 KB from elsewhere in a page that has about 0.5 KB to spare.",
    "",
  );
  return total;
}

// ------------------------------------------------------------ size variants

function buildVariant(name, configs, wasmOpt) {
  const target = join(ROOT, "target/bench-variants", name);
  execFileSync("cargo", ["build", "-q", "--release", "--target", "wasm32-unknown-unknown", "--lib", "--target-dir", join(ROOT, "target/bench-build", name), ...configs.flatMap((c) => ["--config", c])], { cwd: ROOT, stdio: "inherit" });
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", target, join(ROOT, "target/bench-build", name, "wasm32-unknown-unknown/release/gradient_descent_lab.wasm")], { stdio: "inherit" });
  const wasm = join(target, "gradient_descent_lab_bg.wasm");
  if (wasmOpt) execFileSync(join(ROOT, "node_modules/.bin/wasm-opt"), [...wasmOpt, ...WASM_OPT_FEATURES, wasm, "-o", wasm], { stdio: "inherit" });
  execFileSync("node", [join(ROOT, "tools/short-imports.mjs"), target], { stdio: "inherit" });
  const bytes = readFileSync(wasm);
  return { name, raw: bytes.length, gz: gz(bytes), pkg: `/target/bench-variants/${name}` };
}

async function sizeVariants() {
  console.log("Size variants (each a full release build; a few minutes)");
  const z = ['profile.release.opt-level="z"'];
  const variants = [
    ["shipped: opt-level z, wasm-opt -Oz --converge, simd128", z, SHIPPED_OPT],
    ["opt-level z, wasm-opt -Oz once", z, ["-Oz"]],
    ["opt-level z, no wasm-opt", z, null],
    ['opt-level "s", wasm-opt -Os', ['profile.release.opt-level="s"'], ["-Os", ...SHIPPED_OPT.slice(1)]],
    ["the crate at opt-level 3 (core and charts), plotters z", [...z, "profile.release.package.gradient-descent-lab.opt-level=3"], SHIPPED_OPT],
    ["opt-level z, no simd128", [...z, 'target.wasm32-unknown-unknown.rustflags=["-C", "target-feature=-simd128"]'], SHIPPED_OPT],
  ];
  const results = [];
  for (const [label, configs, opt] of variants) {
    const name = label.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
    const result = { label, ...buildVariant(name, configs, opt) };
    log(`${label}: ${result.gz} B gzipped`);
    results.push(result);
  }
  // The speed each variant buys: the hot loop at 10,000 points.
  for (const variant of results) {
    const page = await newPage(`${base}benches/page/bench.html?pkg=${variant.pkg}`);
    await page.waitForFunction(() => window.benchReady === true);
    variant.regression = (await page.evaluate(() => window.throughput("regression", 10_000, 7))).wasm.median;
    variant.classification = (await page.evaluate(() => window.throughput("classification", 10_000, 7))).wasm.median;
    await page.close();
  }
  const shipped = results[0];
  report.push(
    "### Size-saving options, one by one",
    "",
    "The WebAssembly alone, built each way from this commit (`tools/bench.mjs` builds each with `cargo build --config …`), with the speed of its training step at 10,000 points in the same browser.",
    "",
    "| build | raw | gzipped | regression ns/point | classification ns/point |",
    "|---|---:|---:|---:|---:|",
    ...results.map((v) => `| ${v.label} | ${v.raw.toLocaleString("en")} | ${v.gz.toLocaleString("en")} (${((v.gz / shipped.gz) * 100).toFixed(0)} %) | ${v.regression.toFixed(2)} | ${v.classification.toFixed(2)} |`),
    "",
  );
  const twiggy = execSync("command -v twiggy || true").toString().trim();
  if (twiggy) {
    const named = join(ROOT, "target/bench-variants/named.wasm");
    execFileSync("wasm-bindgen", ["--target", "web", "--keep-debug", "--out-dir", join(ROOT, "target/bench-variants/named"), join(ROOT, "target/bench-build", results[0].name, "wasm32-unknown-unknown/release/gradient_descent_lab.wasm")]);
    execFileSync(join(ROOT, "node_modules/.bin/wasm-opt"), ["-Oz", "-g", ...WASM_OPT_FEATURES, join(ROOT, "target/bench-variants/named/gradient_descent_lab_bg.wasm"), "-o", named]);
    const top = execFileSync(twiggy, ["top", "-n", "16", named]).toString();
    report.push("What takes the space (`twiggy top` of the shipped build, names kept for reading; the names section is not shipped):", "", "```", top.trim(), "```", "");
  }
}

// ------------------------------------------------------------ throughput

function nativeThroughput() {
  console.log("Native training throughput (criterion)");
  execFileSync("cargo", ["bench", "--bench", "training", "--", "--noplot"], { cwd: ROOT, stdio: "inherit" });
  const results = {};
  for (const problem of PROBLEMS) {
    for (const n of SIZES) {
      const file = join(ROOT, `target/criterion/step_${problem}/${n}/new/estimates.json`);
      const estimates = JSON.parse(readFileSync(file, "utf8"));
      const nsPerStep = estimates.median.point_estimate;
      results[`${problem}/${n}`] = {
        median: nsPerStep / n,
        low: estimates.median.confidence_interval.lower_bound / n,
        high: estimates.median.confidence_interval.upper_bound / n,
      };
    }
  }
  return results;
}

async function throughput(native) {
  console.log("Training throughput in Chromium (wasm and plain JS, interleaved)");
  const page = await newPage(`${base}benches/page/bench.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const rows = [];
  for (const problem of PROBLEMS) {
    for (const n of SIZES) {
      const result = await page.evaluate(([p, n]) => window.throughput(p, n), [problem, n]);
      const nat = native[`${problem}/${n}`];
      const row = {
        problem,
        n,
        native: nat.median,
        wasm: result.wasm.median,
        js: result.js.median,
        ofNative: nat.median / result.wasm.median,
        overJs: result.js.median / result.wasm.median,
      };
      log(`${problem} ${n}: native ${nat.median.toFixed(2)}, wasm ${row.wasm.toFixed(2)}, js ${row.js.toFixed(2)} ns/point`);
      rows.push(
        `| ${problem} | ${n.toLocaleString("en")} | ${nat.median.toFixed(2)} (${nat.low.toFixed(2)}–${nat.high.toFixed(2)}) | ${result.wasm.median.toFixed(2)} (${result.wasm.min.toFixed(2)}–${result.wasm.max.toFixed(2)}) | ${result.js.median.toFixed(2)} (${result.js.min.toFixed(2)}–${result.js.max.toFixed(2)}) | ${row.ofNative.toFixed(2)} | ${row.overJs.toFixed(2)} |`,
      );
    }
  }
  await page.close();
  report.push(
    "## 2. Training throughput",
    "",
    "One step of plain gradient descent on every point (the loss and its gradient, the update, the new loss), in nanoseconds per point: the core natively (criterion, `cargo bench --bench training`, median with its 95 % interval), the same core in WebAssembly in headless Chromium (`lab.step`), and a plain JavaScript loop over `Float64Array`s doing the same maths in the same page (median of 9 interleaved samples, smallest–largest). Goal: wasm at least 0.8 of native and 1.5 times the JS loop.",
    "",
    "| problem | points | native | wasm | plain JS | wasm ÷ native speed | wasm ÷ JS speed |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  );
}

// ------------------------------------------------------------ frames

async function frameCost() {
  console.log("Frame cost");
  const rows = [];
  for (const n of [1_000, 100_000]) {
    const page = await lessonPage(`?n=${n}`);
    const times = await page.evaluate(() => {
      const out = [];
      for (let i = 0; i < 80; i++) {
        const t = performance.now();
        window.lab.step(1);
        window.controller.refreshNow();
        out.push(performance.now() - t);
      }
      return out.slice(20);
    });
    // Playing as fast as the speed control allows: frames drawn per second.
    const fps = await page.evaluate(async () => {
      window.controller.stepsPerSecond = 1000;
      window.controller.play();
      await new Promise((r) => setTimeout(r, 500));
      const start = window.lab.state().step;
      let frames = 0;
      const count = () => {
        frames++;
        if (window.controller.playing) requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 3000));
      window.controller.pause(false);
      const seconds = (performance.now() - t) / 1000;
      return { fps: frames / seconds, steps: (window.lab.state().step - start) / 3.5 };
    });
    log(`${n} points: median ${median(times).toFixed(2)} ms a frame; ${fps.fps.toFixed(1)} fps playing, ${Math.round(fps.steps)} steps/s`);
    rows.push(`| ${n.toLocaleString("en")} | ${ms(median(times))} (${spread(times)}) | ${fps.fps.toFixed(1)} | ${Math.round(fps.steps).toLocaleString("en")} |`);
    await page.close();
  }
  report.push(
    "## 3. Frame cost",
    "",
    "One animation frame of the lesson page (`dist/`, 1280 × 800): one step plus redrawing every panel (the data chart, the loss chart, the landscape, and the lesson's numbers), median of 60 frames (smallest–largest). Then playing at the fastest speed for 3 s: frames per second, and steps per second (the loop runs as many steps as fit its time budget in each frame). Goal: at most 4 ms at 1,000 points, at least 30 frames a second at 100,000.",
    "",
    "| points | one frame | frames/s playing | steps/s playing |",
    "|---:|---:|---:|---:|",
    ...rows,
    "",
  );
}

/** The first-draw mark and the first contentful paint of the page in `page`. */
async function startTimes(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return page.evaluate(() => [
    performance.getEntriesByName("lab-first-draw")[0].startTime,
    performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
  ]);
}

/**
 * Loads as a learner meets the lesson: a link followed in an open tab, to a
 * site the browser has not seen. Each load comes from its own loopback
 * address (127.0.1.k), so it gets a new renderer process and nothing is
 * cached.
 */
async function linkLoads(count) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const times = [];
  for (let k = 1; k <= count; k++) {
    // (Linux answers on all of 127.0.0.0/8; elsewhere these may need adding.)
    const site = await startServer(ROOT, 0, `127.0.1.${k}`).catch(() => null);
    if (!site) {
      log(`127.0.1.${k} is not a loopback address here: no loads from a link`);
      await page.close();
      return null;
    }
    await page.goto("about:blank");
    await new Promise((done) => setTimeout(done, 300));
    await page.goto(`http://127.0.1.${k}:${site.address().port}/dist/`);
    times.push(await startTimes(page));
    site.close();
  }
  await page.close();
  return times;
}

/**
 * Loads each in a new browser window (Playwright's newPage), `wait` ms after
 * the window opened (earlier runs: at once).
 */
async function windowLoads(count, wait) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await new Promise((done) => setTimeout(done, wait));
    await page.goto(`${base}dist/`);
    times.push(await startTimes(page));
    await page.close();
    await new Promise((done) => setTimeout(done, 300));
  }
  return times;
}

async function startUp() {
  console.log("Start-up");
  const rows = [];
  const results = {};
  for (const [name, label, loads] of [
    ["link", "a link followed in an open tab, a new site each time", () => linkLoads(15)],
    ["window later", "a new browser window each time, the page opened in it 0.5 s later", () => windowLoads(15, 500)],
    ["window at once", "a new browser window each time, the page opened in it at once (as earlier runs measured)", () => windowLoads(15, 0)],
  ]) {
    const times = await loads();
    if (!times) {
      rows.push(`| ${label} | not measured: 127.0.1.k is not a loopback address on this system | |`);
      continue;
    }
    const drawn = times.map(([d]) => d);
    const painted = times.map(([, p]) => p).filter(Number.isFinite);
    results[name] = median(drawn);
    log(`${name}: first draw median ${median(drawn).toFixed(1)} ms`);
    rows.push(`| ${label} | **${ms(median(drawn))}** (${spread(drawn)}) | ${ms(median(painted))} (${spread(painted)}) |`);
  }
  report.push(
    "## 4. Start-up",
    "",
    `From navigation to the first drawn charts (the \`lab-first-draw\` performance mark, set right after the first draw), loading \`dist/\` from a server on this machine, 15 loads each, median (smallest–largest). Goal: under 150 ms. Following a link: **${results.link ? ms(results.link) : "not measured"}**; in a new window, opened once the window is ready: **${ms(results["window later"])}**; opened the same instant as its window: **${ms(results["window at once"])}**.`,
    "",
    "| how the page is opened | first charts drawn | first contentful paint |",
    "|---|---:|---:|",
    ...rows,
    "",
    "A learner follows a link in a browser that is already open: the first row. Each of its loads comes from its own loopback address (127.0.1.k), so it is a site the browser has not seen: nothing is cached, and the browser starts a new renderer process for it once the response is in (the page's parse ends some 45 ms later than in a ready tab, by the navigation timings of loads measured by hand). The middle row is the page alone: a tab whose process is ready. The last row is how earlier runs measured start-up: the page opened the moment its window is. This Chromium builds each new window's own address-bar popup (a WebUI page that loads dozens of scripts) in those first few hundred milliseconds, on the same two cores, and the page waits for the CPU; with that popup turned off (`--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup`, checked by hand, not part of this run) the at-once loads were some 80 ms faster.",
    "",
  );
}

async function landscape() {
  console.log("Landscape");
  const rows = [];
  for (const problem of PROBLEMS) {
    for (const n of [1_000, 100_000]) {
      const page = await lessonPage(`?problem=${problem}&n=${n}`);
      const result = await page.evaluate(() => {
        const canvas = document.getElementById("landscape");
        const fresh = [];
        const cached = [];
        for (const zoom of [1, 2, 3, -1, -2, 0, 1]) {
          let t = performance.now();
          window.lab.drawLandscape(canvas, { zoomOut: zoom });
          fresh.push(performance.now() - t);
          t = performance.now();
          window.lab.drawLandscape(canvas, { zoomOut: zoom });
          cached.push(performance.now() - t);
        }
        return { fresh, cached };
      });
      log(`${problem} ${n}: compute and draw ${median(result.fresh).toFixed(1)} ms, draw ${median(result.cached).toFixed(2)} ms`);
      rows.push(`| ${problem} | ${n.toLocaleString("en")} | ${ms(median(result.fresh))} (${spread(result.fresh)}) | ${ms(median(result.cached))} (${spread(result.cached)}) |`);
      await page.close();
    }
  }
  report.push(
    "## 5. The loss landscape",
    "",
    "Computing the loss over the grid and drawing it (a new view each time, so the heatmap is computed), and drawing it again from the cache (what every frame costs), median of 7 views (smallest–largest), at the page's canvas size. Regression uses the squared error's moments (one pass over the points, then constant time a cell); classification sums over the points, binned by x (128 bins a class) beyond 256 points.",
    "",
    "| problem | points | compute and draw | draw (cached) |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
  );
}

// ------------------------------------------------------------ a network

/**
 * A 1-8-8-1 tanh network (issue 16; the page does not offer networks yet):
 * one full-batch step natively (criterion's `step/network-1-8-8-1-tanh`,
 * from the run of `cargo bench --bench training` above) and in WebAssembly
 * against a plain JavaScript network in the same Chromium page (the ignored
 * wasm-bindgen test `network_speed_against_plain_javascript`, release
 * profile).
 */
function network() {
  console.log("A 1-8-8-1 tanh network: native (criterion) and wasm against plain JS (wasm-bindgen test)");
  const native = [100, 1_000, 10_000].map((n) => {
    const file = join(ROOT, `target/criterion/step_network-1-8-8-1-tanh/${n}/new/estimates.json`);
    const { median: m } = JSON.parse(readFileSync(file, "utf8"));
    return `| ${n.toLocaleString("en")} | ${(m.point_estimate / n).toFixed(0)} (${(m.confidence_interval.lower_bound / n).toFixed(0)}–${(m.confidence_interval.upper_bound / n).toFixed(0)}) |`;
  });
  const output = execFileSync(
    "cargo",
    ["test", "--release", "--target", "wasm32-unknown-unknown", "--test", "wasm", "--", "--include-ignored", "--nocapture", "network_speed"],
    { cwd: ROOT, env: { ...process.env, CHROMEDRIVER: "/usr/bin/chromedriver", CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: "wasm-bindgen-test-runner" } },
  ).toString();
  const line = output.split("\n").find((l) => l.includes("ns/example"))?.trim() ?? "(no figure: the test printed none)";
  log(line);
  report.push(
    "## 6. A network",
    "",
    "A 1-8-8-1 tanh network (issue 16; the page does not offer networks yet): one full-batch step (forward, backward, update, new loss). Natively, criterion (`step/network-1-8-8-1-tanh`), ns per point, median with its 95 % interval:",
    "",
    "| points | native ns/point |",
    "|---:|---:|",
    ...native,
    "",
    "In WebAssembly (release profile, as shipped but before wasm-opt), two points per SIMD lane pair, against a plain JavaScript `Float64Array` network doing the same maths in the same headless Chromium page, 15 interleaved samples of 40 steps on 1,000 points, medians (`cargo test --release --target wasm32-unknown-unknown --test wasm -- --include-ignored --nocapture network_speed`). Goal: wasm at least 2× the JS network, and at most 250 ns per example (a tenth of TensorFlow Playground's ~2.5 µs):",
    "",
    `> ${line}`,
    "",
  );
}

// ------------------------------------------------------------ run

// `--quick` skips the size variants; `--only=a,b` runs just those sections
// (weight, variants, throughput, frames, startup, landscape, network) while
// tuning; `network` reads criterion's figures of the throughput run.
const started = new Date();
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const runs = (name) => (only ? only.includes(name) : !(name === "variants" && process.argv.includes("--quick")));
const weight = await pageWeight();
if (runs("variants")) await sizeVariants();
if (runs("throughput")) await throughput(nativeThroughput());
if (runs("frames")) await frameCost();
if (runs("startup")) await startUp();
if (runs("landscape")) await landscape();
if (runs("network")) network();

const cpu = cpus()[0]?.model ?? "unknown";
const header = [
  "# Benchmarks",
  "",
  "Written by `./build.sh bench` (`tools/bench.mjs`); do not edit by hand. Benchmarks, not tests: absolute times depend on the machine and its load; the ratios, measured side by side in one run, are what to compare.",
  "",
  `- Date: ${started.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  `- Machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}`,
  `- Browser: headless Chromium ${browser.version()} (${process.env.CHROMIUM ?? "/usr/bin/chromium"}), driven by playwright-core`,
  `- Rust: ${execSync("rustc --version").toString().trim()}; Node ${process.version}`,
  `- Commands: \`./build.sh bench\` = \`./build.sh dist\`, then \`node tools/bench.mjs\` (which runs \`cargo bench --bench training\`)`,
  "",
];
writeFileSync(join(ROOT, "BENCHMARKS.md"), [...header, ...report].join("\n"));
console.log(`BENCHMARKS.md written (page weight ${weight} B)`);
await browser.close();
server.close();
