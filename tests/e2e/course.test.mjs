// Course material: the lab where learning platforms put it. Platforms frame
// pasted or uploaded HTML in <iframe sandbox="allow-scripts"> without
// allow-same-origin, so the lab runs there with an opaque origin ("null").
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { startServer } from "../../tools/serve.mjs";
import { button, canvasPixels, eachEngine, newContext, open, ROOT, state } from "./harness.mjs";

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

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page (shadow DOM included), in words. */
async function audit(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}`);
}

/** A folder for an LMS to serve: a package's files, unpacked, and scorm-again's SCORM 1.2 runtime beside them. */
function lmsFolder(files) {
  const folder = mkdtempSync(join(tmpdir(), "gdl-scorm-"));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), bytes);
  }
  writeFileSync(join(folder, "scorm12.js"), readFileSync(`${ROOT}node_modules/scorm-again/dist/scorm12.js`));
  return folder;
}

/** The frames of `page` other than its own, once each says the lab is ready (or failed), or has its elements. */
async function labFrames(page, count) {
  let frames = [];
  for (let tries = 0; tries < 200 && frames.length < count; tries++) {
    frames = page.frames().filter((frame) => frame !== page.mainFrame());
    if (frames.length < count) await page.waitForTimeout(50);
  }
  assert.equal(frames.length, count);
  for (const frame of frames) {
    await frame.waitForFunction(() => document.documentElement.dataset.ready || customElements.get("gradient-descent-lab") !== undefined);
  }
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
      '<iframe sandbox="allow-scripts" width="1000" height="800" title="single file"></iframe>' +
      '<iframe sandbox="allow-scripts" src="element-example.html" width="1000" height="800" title="elements"></iframe>';
    const { context, page } = await hostPage(env, "sandbox-host.html", html, problems);
    const single = readFileSync(`${ROOT}dist/gradient-descent-lab.html`, "utf8");
    await page.evaluate((text) => {
      document.querySelectorAll("iframe")[1].srcdoc = text;
    }, single);
    const frames = await labFrames(page, 3);
    // The element page's labs.
    const labs = await elements(frames[2]);
    assert.equal(labs.length, 3);
    await press(frames[2], 0, "step");
    assert.deepEqual((await elements(frames[2])).map((lab) => lab.step), [1, 0, 0]);
    for (const lab of labs) for (const [title, count] of lab.drawn) assert.ok(count > 1500, `${title} is drawn in the sandbox (${count} pixels)`);
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

  test("in a sandboxed frame whose host does not send the header, the lab says what the host must do", async () => {
    const html = '<!doctype html><meta charset="utf-8"><title>A course page</title><iframe sandbox="allow-scripts" src="index.html" width="1000" height="800" title="site"></iframe>';
    const context = await newContext(env, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.route("**/bare-host.html", (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    // A host that does not let the sandbox's null origin load the script (Playwright's fulfil would
    // add a header allowing it where none is given: one for another origin stands in for none).
    const headers = { "Access-Control-Allow-Origin": "https://another.example" };
    await page.route("**/pkg/app.js", (route) => route.fulfill({ status: 200, headers, contentType: "text/javascript", body: readFileSync(`${ROOT}dist/pkg/app.js`, "utf8") }));
    await page.goto(`${env.base}bare-host.html`);
    const [frame] = await labFrames(page, 1);
    const seen = await inside(frame);
    assert.equal(seen.ready, "error");
    assert.match(seen.failure, /where a learning platform frames it in a sandbox, that its files are sent with Access-Control-Allow-Origin: \* \(see the README\)/);
    await context.close();
  });

  const PAYLOAD = "<img src=x onerror=window.hacked=1>";
  const EXERCISE = `?goal=loss<0.1&within=30&controls=run,rate&task=${encodeURIComponent(`${PAYLOAD}Reach a loss below 0.1 within 30 steps.`)}`;
  const panelText = (page, part) => page.locator(`[data-exercise="custom"] .exercise-${part}`).textContent();

  test("a course author's exercise from the link: missed with a hint from the run, then passed; each result an event; kept on reload", async () => {
    const { page, problems, context } = await open(env, EXERCISE);
    await page.waitForFunction(() => document.querySelector('[data-exercise="custom"]') !== null);
    assert.equal(await panelText(page, "task"), `${PAYLOAD}Reach a loss below 0.1 within 30 steps.`, "the task is text");
    assert.equal(await page.locator("[data-exercise] img").count(), 0);
    assert.equal(await panelText(page, "goal"), "Goal: the loss below 0.1 within 30 steps.");
    await page.evaluate(() => {
      window.results = [];
      addEventListener("lab-exercise", (event) => window.results.push(event.detail));
    });
    // The default rate falls too slowly: 30 steps by hand miss the goal.
    for (let i = 0; i < 30; i++) await button(page, "Step").click();
    const missed = await state(page);
    assert.equal(missed.step, 30);
    const loss = (await panelText(page, "feedback")).match(/^Missed: after 30 steps the loss is ([\d.]+), not below 0\.1\.$/)?.[1];
    assert.ok(loss, await panelText(page, "feedback"));
    assert.ok(Math.abs(Number(loss) - missed.loss) <= 5e-5 * missed.loss, `${loss} is the run's loss ${missed.loss}`);
    const history = await page.evaluate(() => [...window.lab.history().loss]);
    const [from, to] = [history[25], history[30]].map((x) => Number(x.toPrecision(4)));
    assert.equal(await panelText(page, "hint"), `Hint: the loss was still falling, slowly (from ${from} at step 25 to ${to} at step 30). Take a larger learning rate, or another optimizer. Then press Reset and try again.`);
    assert.deepEqual(await page.evaluate(() => window.results), [{ id: "custom", passed: false, score: 0, steps: 30 }]);
    // A larger rate, a new start, Play: passed, and playing stops there.
    await page.locator("#learning-rate-value").fill("0.3");
    await page.locator("#learning-rate-value").press("Enter");
    await button(page, "Reset").click();
    await button(page, "Play").click();
    await page.waitForFunction(() => window.results.length === 2);
    const [, passed] = await page.evaluate(() => window.results);
    assert.equal(passed.passed, true);
    assert.equal(passed.score, 100);
    assert.ok(passed.steps > 0 && passed.steps <= 30, `passed at step ${passed.steps}`);
    const record = await page.evaluate(() => ((h) => ({ step: [...h.step], loss: [...h.loss] }))(window.lab.history()));
    const at = record.step.indexOf(passed.steps);
    assert.ok(record.loss[at] < 0.1 && record.loss[at - 1] >= 0.1, "the first step below the goal");
    const shown = (await panelText(page, "feedback")).match(new RegExp(`^Passed: at step ${passed.steps} the loss is ([\\d.]+), below 0\\.1\\.$`))?.[1];
    assert.ok(shown && Number(shown) < 0.1 && Math.abs(Number(shown) - record.loss[at]) <= 5e-5, await panelText(page, "feedback"));
    assert.ok(await page.locator('[data-exercise="custom"].passed').count());
    // Opened again from the course's link, the page remembers (localStorage).
    await page.goto(env.base + EXERCISE);
    await page.waitForFunction(() => document.querySelector('[data-exercise="custom"]') !== null);
    assert.equal(await panelText(page, "feedback"), `Passed before, at step ${passed.steps}. Try it again if you like.`);
    assert.equal(await page.evaluate(() => window.hacked), undefined);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a malformed goal is named in the exercise, and the lab works on", async () => {
    const { page, problems, context } = await open(env, "?goal=loss<<0.1&within=ten&task=Try%20it");
    await page.waitForFunction(() => document.querySelector("[data-exercise]") !== null);
    const named = await page.locator("[data-exercise] .exercise-problem").allTextContents();
    assert.deepEqual(named, [
      `This exercise's link is malformed: goal: must be like loss<0.05 or accuracy>=0.9; got "loss<<0.1".`,
      `This exercise's link is malformed: within: must be a whole number of steps from 1 to 1000000; got "ten".`,
    ]);
    await button(page, "Step").click();
    assert.equal((await state(page)).step, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a course author's script sets an exercise with setExercise, replaces it, and takes it away", async () => {
    const { page, problems, context } = await open(env);
    await page.evaluate(() => {
      window.results = [];
      addEventListener("lab-exercise", (event) => window.results.push(event.detail));
    });
    await page.evaluate(() => window.setExercise({ goal: "loss<1000", within: 5, task: "From the API" }));
    assert.equal(await page.locator('[data-exercise="custom"] .exercise-task').textContent(), "From the API");
    assert.equal(await page.locator('[data-exercise="custom"] .exercise-goal').textContent(), "Goal: the loss below 1000 within 5 steps.");
    await page.evaluate(() => window.setExercise({ goal: "loss<0.0001", within: 3 }));
    assert.equal(await page.locator("[data-exercise]").count(), 1, "the new exercise replaces the old");
    for (let i = 0; i < 3; i++) await button(page, "Step").click();
    await page.waitForFunction(() => window.results.length === 2);
    assert.deepEqual(await page.evaluate(() => window.results), [
      { id: "custom", passed: true, score: 100, steps: 0 },
      { id: "custom", passed: false, score: 0, steps: 3 },
    ]);
    await page.evaluate(() => window.setExercise({}));
    assert.equal(await page.locator("[data-exercise]").count(), 0);
    await button(page, "Step").click();
    assert.equal(await page.evaluate(() => window.results.length), 2, "no exercise, no results");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an exercise in a sandboxed frame (no storage there) posts its result to the course page", async () => {
    const problems = [];
    const html =
      '<!doctype html><meta charset="utf-8"><title>A course page</title>' +
      '<script>window.messages = []; addEventListener("message", (event) => window.messages.push(event.data));</script>' +
      '<iframe sandbox="allow-scripts" src="index.html?embed=1&goal=loss<1000&task=Start" width="800" height="600" title="lab"></iframe>';
    const { context, page } = await hostPage(env, "exercise-host.html", html, problems);
    await page.waitForFunction(() => window.messages.some((m) => m?.type === "lab-exercise"));
    const messages = await page.evaluate(() => window.messages.filter((m) => m?.type === "lab-exercise"));
    assert.deepEqual(messages, [{ type: "lab-exercise", id: "custom", passed: true, score: 100, steps: 0 }]);
    const [frame] = await labFrames(page, 1);
    assert.equal((await inside(frame)).origin, "null");
    assert.equal(await frame.evaluate(() => document.querySelector('[data-exercise="custom"] .exercise-feedback').textContent), "Passed: at step 0 the loss is " + (await frame.evaluate(() => window.lab.state().loss.toPrecision(4).replace(/0+$/, ""))) + ", below 1000.");
    assert.deepEqual(problems, []);
    await context.close();
  });

  /** The package as ./build.sh test wrote it (tools/scorm.mjs), unpacked. */
  const unpacked = () => unzipSync(readFileSync(`${ROOT}dist/gradient-descent-lab-scorm.zip`));

  test("the SCORM package: a manifest with SCORM 1.2's required elements, listing every file it holds", async () => {
    const files = unpacked();
    assert.ok(files["imsmanifest.xml"], "imsmanifest.xml at the root");
    const { page, context } = await open(env);
    // The browser's own XML parser reads the manifest.
    const found = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "application/xml");
      if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror").textContent };
      const CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
      const ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
      const all = (name, within = doc) => [...within.getElementsByTagNameNS(CP, name)];
      const text = (name, within) => all(name, within)[0]?.textContent.trim();
      const root = doc.documentElement;
      const organizations = all("organizations")[0];
      const organization = all("organization")[0];
      const item = all("item", organization)[0];
      const resource = all("resource")[0];
      return {
        root: [root.namespaceURI, root.localName, root.getAttribute("identifier")],
        schema: [text("schema"), text("schemaversion")],
        organizations: [organizations.getAttribute("default"), organization.getAttribute("identifier"), text("title", organization)],
        item: [item.getAttribute("identifier"), item.getAttribute("identifierref"), text("title", item)],
        resource: [resource.getAttribute("identifier"), resource.getAttribute("type"), resource.getAttributeNS(ADLCP, "scormtype"), resource.getAttribute("href")],
        files: all("file", resource).map((file) => file.getAttribute("href")),
      };
    }, new TextDecoder().decode(files["imsmanifest.xml"]));
    await context.close();
    assert.equal(found.error, undefined);
    assert.deepEqual(found.root, ["http://www.imsproject.org/xsd/imscp_rootv1p1p2", "manifest", "gradient-descent-lab"]);
    assert.deepEqual(found.schema, ["ADL SCORM", "1.2"]);
    const [defaultOrganization, organization, title] = found.organizations;
    assert.equal(defaultOrganization, organization, "organizations' default names the organization");
    assert.equal(title, "Gradient Descent Lab");
    const [item, reference, itemTitle] = found.item;
    assert.ok(item && itemTitle);
    const [resource, type, scormType, href] = found.resource;
    assert.equal(reference, resource, "the item names the resource");
    assert.deepEqual([type, scormType], ["webcontent", "sco"]);
    assert.equal(href, "index.html?goal=loss%3C0.1&within=30&controls=run%2Crate&task=Reach%20a%20loss%20below%200.1%20within%2030%20steps%20by%20changing%20only%20the%20learning%20rate.");
    assert.ok(found.files.includes(href.split("?")[0]), "the launch file is listed");
    assert.deepEqual([...found.files].sort(), Object.keys(files).filter((f) => f !== "imsmanifest.xml").sort(), "every file listed is in the zip, and every file in it listed");
    for (const file of found.files) assert.ok(readFileSync(`${ROOT}dist/${file}`).equals(Buffer.from(files[file])), `${file} as dist/ has it`);
  });

  test("in an LMS (scorm-again's Scorm12API) the package reports incomplete, then a miss, then passed, with its score, progress and commits", async () => {
    // The LMS: the unpacked package and a page that holds the SCORM API and frames the launch file.
    const folder = lmsFolder(unpacked());
    const launch = (await import("../../tools/scorm.mjs")).DEFAULT_QUERY;
    const lms = (suspended) =>
      '<!doctype html><meta charset="utf-8"><title>An LMS</title><script src="scorm12.js"></script><script>' +
      'window.API = new Scorm12API({ logLevel: 5 }); window.commits = 0; API.on("LMSCommit", () => window.commits++);' +
      (suspended ? `API.loadFromJSON({ cmi: { suspend_data: ${JSON.stringify(suspended)} } });` : "") +
      "</script>" +
      `<iframe src="index.html?${new URLSearchParams(launch)}" width="1100" height="800" title="lesson"></iframe>`;
    const server = await startServer(folder, 0);
    const base = `http://127.0.0.1:${server.address().port}/`;
    const context = await newContext(env, { viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(e.message));
      await page.route(`${base}lms.html`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: lms() }));
      await page.goto(`${base}lms.html`);
      const [frame] = await labFrames(page, 1);
      await frame.waitForFunction(() => document.querySelector('[data-exercise="custom"]') !== null);
      const cmi = () =>
        page.evaluate(() => ({
          status: API.cmi.core.lesson_status,
          score: [API.cmi.core.score.raw, API.cmi.core.score.min, API.cmi.core.score.max],
          suspended: API.cmi.suspend_data,
          commits: window.commits,
        }));
      const started = await cmi();
      assert.equal(started.status, "incomplete");
      assert.deepEqual(started.score.slice(1), ["0", "100"]);
      assert.ok(started.commits >= 1);
      // Only the run controls and the rate show, as the launch link says.
      assert.equal(await frame.locator("#optimizer").isVisible(), false);
      for (let i = 0; i < 30; i++) await frame.locator("#step").click();
      const missed = await cmi();
      assert.equal(missed.status, "incomplete");
      assert.equal(missed.score[0], "0");
      assert.ok(missed.commits > started.commits, "a commit after the miss");
      assert.equal(JSON.parse(missed.suspended).attempts, 1);
      await frame.locator("#learning-rate-value").fill("0.3");
      await frame.locator("#learning-rate-value").press("Enter");
      await frame.locator("#reset").click();
      await frame.locator("#play").click();
      await page.waitForFunction(() => API.cmi.core.lesson_status === "passed");
      const passed = await cmi();
      assert.deepEqual(passed.score, ["100", "0", "100"]);
      const progress = JSON.parse(passed.suspended);
      assert.equal(progress.passed, true);
      assert.equal(progress.attempts, 2);
      assert.ok(passed.commits > missed.commits, "a commit after the pass");
      // The learner comes back: the LMS hands the progress back, and the page says so.
      await page.route(`${base}lms.html`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: lms(passed.suspended) }));
      await page.goto(`${base}lms.html`);
      const [again] = await labFrames(page, 1);
      await again.waitForFunction(() => document.querySelector('[data-exercise="custom"] .exercise-feedback')?.textContent.startsWith("Passed before"));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await new Promise((done) => server.close(done));
    }
  });

  /** Each <gradient-descent-lab> of a page (or frame), once its lab exists: its step and how much of each shown chart is drawn. */
  const elements = (where) =>
    where.evaluate(async () => {
      const labs = [...document.querySelectorAll("gradient-descent-lab")];
      await Promise.all(labs.map((lab) => lab.ready));
      return labs.map((lab) => {
        const drawn = [...lab.shadowRoot.querySelectorAll("figure:not([hidden]) canvas")].map((canvas) => {
          const copy = document.createElement("canvas");
          [copy.width, copy.height] = [canvas.width, canvas.height];
          const context = copy.getContext("2d");
          context.drawImage(canvas, 0, 0);
          const data = context.getImageData(0, 0, copy.width, copy.height).data;
          let count = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) count++;
          return [canvas.getAttribute("aria-label"), count, canvas.clientWidth];
        });
        return { step: lab.lab.state().step, optimizer: lab.lab.state().optimizer, learningRate: lab.lab.state().learningRate, drawn };
      });
    });
  const press = (where, index, action) =>
    where.evaluate(([i, a]) => document.querySelectorAll("gradient-descent-lab")[i].shadowRoot.querySelector(`[data-run="${a}"]`).click(), [index, action]);

  /** The elements' example page, once its labs exist: `{ context, page, problems, labs }`. */
  async function elementPage(viewport = { width: 1280, height: 900 }) {
    const context = await newContext(env, { viewport });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${env.base}element-example.html`);
    return { context, page, problems, labs: await elements(page) };
  }

  test("three <gradient-descent-lab> elements under a strict CSP run their own labs; attributes set them, and a change applies", async () => {
    const { context, page, problems, labs: first } = await elementPage();
    assert.deepEqual(first.map((lab) => [lab.step, lab.optimizer, lab.learningRate]), [[0, "gd", 0.1], [0, "momentum", 0.05], [0, "adam", 0.5]]);
    assert.deepEqual(first[1].drawn.map(([title]) => title), ["The loss landscape and the path", "The loss after each step"], "panels in the attribute's order");
    for (const lab of first) for (const [title, count] of lab.drawn) assert.ok(count > 1500, `${title} is drawn (${count} pixels)`);
    await press(page, 0, "step");
    await press(page, 0, "step");
    await press(page, 2, "step");
    assert.deepEqual((await elements(page)).map((lab) => lab.step), [2, 0, 1], "each element steps its own lab");
    // The host page's CSS cannot reach inside (a constructed sheet: the strict CSP refuses <style>).
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync("canvas, button, figure { display: none !important; } * { color: transparent !important; }");
      document.adoptedStyleSheets = [sheet];
    });
    assert.ok((await elements(page))[0].drawn.every(([, , width]) => width > 200), "the charts keep their size");
    // Attributes change: the lab is rebuilt from them.
    await page.evaluate(() => {
      const lab = document.querySelector("gradient-descent-lab");
      lab.setAttribute("opt", "adam");
      lab.setAttribute("lr", "0.02");
      lab.setAttribute("panels", "loss");
    });
    await page.waitForFunction(() => document.querySelector("gradient-descent-lab").lab.state().optimizer === "adam");
    const [changed] = await elements(page);
    assert.deepEqual([changed.step, changed.learningRate], [0, 0.02]);
    assert.deepEqual(changed.drawn.map(([title]) => title), ["The loss after each step"]);
    // A bad attribute is said in the element, as text, and the rest stands.
    await page.evaluate(() => document.querySelector("gradient-descent-lab").setAttribute("lr", "<b>fast</b>"));
    await page.waitForFunction(() => document.querySelector("gradient-descent-lab").lab.state().learningRate === 0.1);
    const notice = await page.evaluate(() => document.querySelector("gradient-descent-lab").shadowRoot.querySelector(".notice").textContent);
    assert.equal(notice, 'lr: "<b>fast</b>" is not a finite number; the default is used.');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an element's goal, within and task attributes set it an exercise, judged in its own shadow DOM", async () => {
    const { context, page, problems } = await elementPage();
    await page.evaluate(() => {
      window.results = [];
      addEventListener("lab-exercise", (event) => window.results.push(event.detail));
      const lab = document.querySelectorAll("gradient-descent-lab")[1];
      lab.setAttribute("goal", "loss<0.0001");
      lab.setAttribute("within", "3");
      lab.setAttribute("task", "<i>Three steps</i>");
    });
    const text = (part) => page.evaluate((p) => document.querySelectorAll("gradient-descent-lab")[1].shadowRoot.querySelector(`[data-exercise="custom"] .exercise-${p}`)?.textContent ?? null, part);
    await page.waitForFunction(() => document.querySelectorAll("gradient-descent-lab")[1].shadowRoot.querySelector('[data-exercise="custom"]') !== null);
    assert.equal(await text("task"), "<i>Three steps</i>");
    assert.equal(await text("goal"), "Goal: the loss below 0.0001 within 3 steps.");
    await press(page, 1, "play");
    await page.waitForFunction(() => window.results.length === 1);
    assert.deepEqual(await page.evaluate(() => window.results), [{ id: "custom", passed: false, score: 0, steps: 3 }]);
    assert.equal((await elements(page))[1].step, 3, "playing stopped at the limit");
    assert.match(await text("feedback"), /^Missed: after 3 steps the loss is [\d.]+, not below 0\.0001\.$/);
    assert.equal(await page.evaluate(() => document.querySelector("[data-exercise]")), null, "nothing outside the element");
    await page.evaluate(() => document.querySelectorAll("gradient-descent-lab")[1].removeAttribute("goal"));
    await page.waitForFunction(() => document.querySelectorAll("gradient-descent-lab")[1].shadowRoot.querySelector(".exercise-goal")?.textContent === "");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an element fits a 320-pixel container", async () => {
    // The example page's column is the viewport less 1rem on each side: 320 pixels.
    const { context, page } = await elementPage({ width: 352, height: 640 });
    const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(overflow[0] <= overflow[1], `no sideways scrolling (${overflow})`);
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll("gradient-descent-lab")].map((lab) => [lab.offsetWidth, lab.shadowRoot.querySelector("figure:not([hidden]) canvas").clientWidth, lab.shadowRoot.querySelector(".bar").scrollWidth]),
    );
    for (const [element, canvas, bar] of sizes) {
      assert.equal(element, 320);
      assert.ok(canvas > 250 && canvas < element, `a chart ${canvas} wide in ${element}`);
      assert.ok(bar < element, `the controls wrap within it (${bar})`);
    }
    await context.close();
  });

  test("axe-core finds no accessibility violation in the elements' page or in an exercise", async () => {
    const { context, page } = await elementPage();
    await press(page, 0, "step");
    assert.deepEqual(await audit(page), []);
    await context.close();
    const exercise = await open(env, EXERCISE);
    await exercise.page.waitForFunction(() => document.querySelector("[data-exercise]") !== null);
    await exercise.page.locator("#step").click();
    assert.deepEqual(await audit(exercise.page), []);
    await exercise.context.close();
  });

  test("the lesson's exercises: each one missed, then passed, with words from the run, an event each, and the tally kept", async () => {
    const { page, problems, context } = await open(env, "", { viewport: { width: 1280, height: 900 } });
    await page.locator("#exercises > summary").click();
    await page.waitForFunction(() => document.querySelectorAll("#exercises [data-exercise]").length === 7);
    await page.evaluate(() => {
      window.results = [];
      addEventListener("lab-exercise", (event) => window.results.push(event.detail));
    });
    const part = (id, selector) => page.locator(`[data-exercise="${id}"] ${selector}`);
    const feedback = (id) => part(id, ".exercise-feedback").textContent();
    const hint = (id) => part(id, ".exercise-hint").textContent();
    const start = (id) => part(id, '[data-action="start"]').click();
    const answer = async (id, value) => {
      const input = `[data-exercise="${id}"] [data-answer]`;
      if (id === "step-by-hand") await page.locator(input).fill(value);
      else await page.selectOption(input, value);
      await part(id, '[data-action="check"]').click();
    };
    const result = async (count) => {
      await page.waitForFunction((n) => window.results.length === n, count);
      return page.evaluate(() => window.results.at(-1));
    };
    const setRate = async (rate) => {
      await page.locator("#learning-rate-value").fill(String(rate));
      await page.locator("#learning-rate-value").press("Enter");
    };
    let results = 0;
    const expect = async (id, passed) => {
      const detail = await result(++results);
      assert.deepEqual([detail.id, detail.passed, detail.score], [id, passed, passed ? 100 : 0], JSON.stringify(detail));
      return detail;
    };

    // 1. Point at the actual term: the labels hide; the predicted term misses, the actual one passes.
    await start("actual-term");
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("#ce-formula .pointer-labels")).visibility), "hidden");
    await page.locator("#ce-predicted").click();
    await expect("actual-term", false);
    assert.match(await feedback("actual-term"), /^Not this one: ŷ_i is the predicted probability/);
    await start("actual-term");
    // (By keyboard: Tab reaches the term; here it is focused straight away.)
    await page.evaluate(() => document.getElementById("ce-actual").focus());
    assert.equal(await page.evaluate(() => document.activeElement.id), "ce-actual");
    await page.keyboard.press("Enter");
    await expect("actual-term", true);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector("#ce-formula .pointer-labels")).visibility), "visible");

    // 2. Step 2 by hand: a wrong w, then the right one (from the numbers shown).
    await start("step-by-hand");
    const before = await state(page);
    const shown = (x) => Number(x.toPrecision(4));
    const right = before.w - before.learningRate * before.gradW;
    await answer("step-by-hand", "1");
    await expect("step-by-hand", false);
    assert.equal(
      await feedback("step-by-hand"),
      `Not quite: w − η·∂L/∂w = ${shown(before.w)} − 0.1 × (${shown(before.gradW)}) = ${shown(shown(before.w) - 0.1 * shown(before.gradW))}; you typed 1.`,
    );
    assert.match(await hint("step-by-hand"), /^Hint: The gradient is negative/);
    await start("step-by-hand");
    await answer("step-by-hand", String(shown(right)));
    await expect("step-by-hand", true);
    const after = await state(page);
    assert.equal(after.step, 1, "the step it asked about is taken");
    assert.ok(Math.abs(after.w - right) < 1e-12);

    // 3. Predict: the first rate blows up (predicting "settles" misses); the next one settles.
    await start("predict-rate");
    const lessons = await page.evaluate(() => window.lab.lessons());
    assert.equal(await part("predict-rate", ".exercise-progress").textContent(), `The rate: η = ${lessons.huge.learningRate}.`);
    await answer("predict-rate", "settles");
    await expect("predict-rate", false);
    const blew = await state(page);
    assert.equal(blew.diverged, true);
    assert.match(await feedback("predict-rate"), new RegExp(`^Not this time: η = ${lessons.huge.learningRate} blew up at step ${blew.divergedAt}: it is above 2/λ_max = `));
    await start("predict-rate");
    assert.equal(await part("predict-rate", ".exercise-progress").textContent(), `The rate: η = ${lessons.good.learningRate}.`);
    await answer("predict-rate", "settles");
    await expect("predict-rate", true);
    assert.equal((await state(page)).diverged, false);

    // 4. Only the rate: 0.1 misses at step 30, 0.3 passes.
    await start("rate-only");
    await button(page, "Play").click();
    await expect("rate-only", false);
    assert.equal((await state(page)).step, 30, "playing stopped at the limit");
    assert.match(await feedback("rate-only"), /^Missed: after 30 steps the loss is [\d.]+, not below 0\.1\.$/);
    await start("rate-only");
    await setRate(0.3);
    await button(page, "Play").click();
    const passed = await expect("rate-only", true);
    assert.ok(passed.steps <= 30);

    // 5. Diverge, then fix: a fix that is too slow misses at 100 steps; a good one passes.
    for (const [fix, ok] of [[0.01, false], [0.3, true]]) {
      await start("diverge-fix");
      await setRate(2);
      for (let i = 0; i < 8 && !(await state(page)).diverged; i++) await button(page, "Step").click();
      assert.equal((await state(page)).diverged, true);
      await setRate(fix);
      await button(page, "Reset").click();
      await page.locator("#speed").fill("3");
      await button(page, "Play").click();
      await expect("diverge-fix", ok);
      assert.match(await feedback("diverge-fix"), ok ? /^Passed: η = 2 blew up at step \d+; with η = 0.3 the loss is/ : /^Missed: after 100 steps with η = 0.01/);
    }

    // 6. The race: Adam is not the winner here; RMSprop is.
    for (const [choice, ok] of [["adam", false], ["rmsprop", true]]) {
      await start("race-winner");
      await answer("race-winner", choice);
      await expect("race-winner", ok);
      const runs = (await state(page)).runs;
      const lowest = runs.reduce((a, b) => (b.loss < a.loss ? b : a));
      assert.equal(lowest.optimizer, "rmsprop");
      assert.equal((await state(page)).step, 30);
      assert.match(await feedback("race-winner"), /; rmsprop is lowest\. Why: RMSprop divides by the root of a running mean square/);
    }

    // 7. Batches: every point never raises the loss in 20 steps; one point at a time does.
    await start("batch-noise");
    await button(page, "Play").click();
    await expect("batch-noise", false);
    assert.match(await hint("batch-noise"), /batch size to 1/);
    await start("batch-noise");
    await page.selectOption("#batch-size", "1");
    await button(page, "Play").click();
    await expect("batch-noise", true);
    assert.match(await feedback("batch-noise"), /^Passed: step \d+ on a batch of 1 raised the loss from [\d.]+ to [\d.]+\.$/);

    assert.equal(await page.locator("#exercises .exercise-summary").textContent(), "7 of 7 passed.");
    // The tally is kept: a new visit shows it.
    await page.goto(env.base);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await page.locator("#exercises > summary").click();
    await page.waitForFunction(() => document.querySelector("#exercises .exercise-summary")?.textContent === "7 of 7 passed.");
    await page.getByRole("button", { name: "Forget my progress" }).click();
    assert.equal(await page.locator("#exercises .exercise-summary").textContent(), "0 of 7 passed.");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("in an LMS with no exercise in the launch link, the lesson's exercises open and report their tally", async () => {
    const { scormPackage } = await import("../../tools/scorm.mjs");
    const folder = lmsFolder(unzipSync(scormPackage("", `${ROOT}dist/`)));
    const launch = new TextDecoder().decode(readFileSync(join(folder, "imsmanifest.xml"))).match(/adlcp:scormtype="sco" href="([^"]*)"/)[1];
    assert.equal(launch, "index.html");
    const server = await startServer(folder, 0);
    const base = `http://127.0.0.1:${server.address().port}/`;
    const context = await newContext(env, { viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const html =
        '<!doctype html><meta charset="utf-8"><title>An LMS</title><script src="scorm12.js"></script>' +
        "<script>window.API = new Scorm12API({ logLevel: 5 });</script>" +
        `<iframe src="${launch}" width="1100" height="800" title="lesson"></iframe>`;
      await page.route(`${base}lms.html`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
      await page.goto(`${base}lms.html`);
      const [frame] = await labFrames(page, 1);
      await frame.waitForFunction(() => document.querySelectorAll("#exercises [data-exercise]").length === 7);
      assert.equal(await frame.evaluate(() => document.getElementById("exercises").open), true, "the exercises are open");
      assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), "incomplete");
      await frame.locator('[data-exercise="actual-term"] [data-action="start"]').click();
      await frame.evaluate(() => document.getElementById("ce-actual").dispatchEvent(new MouseEvent("click", { bubbles: true })));
      await page.waitForFunction(() => API.cmi.core.score.raw === "14");
      assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), "incomplete", "one of seven");
      const kept = JSON.parse(await page.evaluate(() => API.cmi.suspend_data));
      assert.deepEqual(kept.exercises, { "actual-term": { passed: true, attempts: 1 } });
    } finally {
      await context.close();
      await new Promise((done) => server.close(done));
    }
  });
});
