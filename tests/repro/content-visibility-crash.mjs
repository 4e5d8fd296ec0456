// A Chromium bug, reproduced without the lab (issue 14): Tab moves the focus
// into a section with `content-visibility: auto` that is far off screen (the
// page jumps to it), and a mouse press lands in that section, on something
// that does not take focus, before the next frame: the renderer crashes
// ("Target crashed", the learner's "Aw, Snap!"). The lesson's
// backpropagation section had `content-visibility: auto` and the point
// picker's buttons; random input found the crash there (about one run in two
// of 110–120 s). The page no longer uses content-visibility
// (tests/e2e/fuzz.test.mjs guards that).
//
//   node tests/repro/content-visibility-crash.mjs [runs=10]
//
// Runs content-visibility-crash.html in Debian's Chromium, sending Tab and
// the press together over the DevTools protocol so that no frame comes
// between them, and changing one thing at a time. Measured with Chromium 156
// (1280 × 900, 10 runs each): the page as it is crashed 10 times of 10; with
// `content-visibility: visible`, 100 ms between Tab and the press, the press
// on the button or outside the section, the div focusable (tabindex="-1"),
// or the section on screen or 1,800 px down the page (2,200 px too; 2,400
// crashed 10 of 10), it crashed none. So: focus brings a skipped section
// (far enough off screen that Chromium does not render it) on screen, and a
// press inside it takes the focus out again in that same frame.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const { chromium } = createRequire(import.meta.url)("playwright-core");

const PAGE = readFileSync(new URL("content-visibility-crash.html", import.meta.url), "utf8");
const runs = Number(process.argv[2] ?? 10);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const VARIANTS = [
  ["the page as it is", PAGE, { wait: 0, x: 640 }],
  ["content-visibility: visible", PAGE.replace('style="content-visibility: auto"', 'style="content-visibility: visible"'), { wait: 0, x: 640 }],
  ["100 ms between Tab and the press", PAGE, { wait: 100, x: 640 }],
  ["the press on the button", PAGE, { wait: 0, x: 15 }],
  ["the press outside the section", PAGE, { wait: 0, x: 640, y: 400 }],
  ["the div focusable", PAGE.replace("<div><button>", '<div tabindex="-1"><button>'), { wait: 0, x: 640 }],
  ["the section on screen", PAGE.replace("height: 3000px", "height: 600px"), { wait: 0, x: 640, y: 610 }],
  ["the section 1,800 px down", PAGE.replace("height: 3000px", "height: 1800px"), { wait: 0, x: 640 }],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, html, { wait, x, y }] of VARIANTS) {
  let crashes = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let crashed = false;
    page.on("crash", () => (crashed = true));
    await page.route("**/*", (route) => route.fulfill({ contentType: "text/html", body: html }));
    await page.goto("http://repro.test/");
    // Two frames, so that Chromium has seen where the section is.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const cdp = await context.newCDPSession(page);
    const key = (type) => cdp.send("Input.dispatchKeyEvent", { type, key: "Tab", code: "Tab", windowsVirtualKeyCode: 9 });
    // The focused button ends at the bottom of the screen; the section's div beside it.
    const mouse = (type) =>
      cdp.send("Input.dispatchMouseEvent", { type, x, y: y ?? 881, button: "left", buttons: type === "mousePressed" ? 1 : 0, clickCount: 1 });
    const events = wait ? [key("rawKeyDown"), key("keyUp")] : [key("rawKeyDown"), key("keyUp"), mouse("mousePressed"), mouse("mouseReleased")];
    if (wait) events.push(sleep(wait).then(() => Promise.all([mouse("mousePressed"), mouse("mouseReleased")])));
    await Promise.race([Promise.allSettled(events), sleep(5000)]);
    await sleep(300);
    if (crashed) crashes++;
    await context.close().catch(() => {});
  }
  console.log(`${name}: the renderer crashed in ${crashes} of ${runs} runs`);
}
await browser.close();
