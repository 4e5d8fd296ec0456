// Links (www/link.js, with the lab's config check in src/io/link.rs), through the
// JS API: a setup written to a link reads back to the very same run, and a
// mangled link never fails: each bad parameter is named and takes its default.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ANY_CHARACTER, assertFinite, init, random, readLink } from "./lab.mjs";

const SETUPS = [
  {},
  { seed: 7, learningRate: 0.0316, start: { w: -1.25, b: 2 / 3 } },
  {
    problem: "classification",
    loss: "mse",
    dataset: { name: "mislabelled", n: 57, noise: 0.35 },
    optimizer: "adam",
    beta1: 0.8,
    epsilon: 1e-6,
    batchSize: 4,
  },
  {
    points: [
      { x: 0.1, y: -3.5e-7 },
      { x: 1e9, y: 2 },
      { x: -0.30000000000000004, y: 1 / 3 },
    ],
  },
  {
    optimizer: "momentum",
    momentum: 0.5,
    race: [
      { optimizer: "nesterov", learningRate: 0.05 },
      { optimizer: "rmsprop", learningRate: 0.01, batchSize: 2 },
    ],
  },
  { optimizer: "rmsprop", alpha: 0.95, epsilon: 1e-3, standardize: true, dataset: { name: "houses", n: 1e6 / 1e4, noise: 2.5e-5 } },
];

const VIEW = {
  embed: true,
  panels: ["fit", "landscape"],
  controls: ["run", "rate"],
  speed: 150,
  logScale: true,
  residuals: true,
  zoom: -2,
  point: 4,
  play: true,
  // An exercise's text goes through as it is (exercise.js reads it), escaped in the link.
  goal: "loss<=0.05",
  within: "40",
  task: "Reach <b>it</b> & more; 100% → ✓ + \"quotes\"",
};

const stateOf = (lab) => lab.state();

test("every setup reads back from its link exactly: the same config, steps, view and run", () => {
  for (const setup of SETUPS) {
    const lab = init(setup);
    lab.step(37);
    const query = lab.link(VIEW);
    const link = readLink(`?${query}`);
    assert.deepEqual(link.notices, [], query);
    assert.deepEqual(init(link.config).config(), lab.config(), query);
    assert.equal(link.steps, lab.state().step, query);
    assert.deepEqual(link.view, VIEW, query);
    // Opening the link and taking the same steps gives the very same state
    // (a run that blew up at step 1 is at step 0, and blows up again)…
    const again = init(link.config);
    again.step(37);
    // (Step 1 says its start came from the link: it is one the link gave.)
    assert.equal(again.startFrom().kind, "given");
    assert.deepEqual(stateOf(again), stateOf(lab), query);
    // …and the same next steps.
    lab.step(5);
    again.step(5);
    assert.deepEqual(stateOf(again), stateOf(lab), `and the same next steps: ${query}`);
  }
});

test("a link is written as it always was: parameters in order, shortest decimals, defaults left out", () => {
  const view = (lab) => lab.link({ ...VIEW, play: false, panels: null, controls: null });
  const classification = init(SETUPS[2]);
  classification.step(37);
  assert.equal(
    view(classification),
    "problem=classification&loss=mse&data=mislabelled&n=57&noise=0.35&lr=0.5&opt=adam&beta1=0.8&eps=1e-6&batch=4&seed=42" +
      "&start=2.1645372123205355,-2.076692096222651&step=37&speed=150&log=1&residuals=1&embed=1&zoom=-2&point=4" +
      "&goal=loss%3C%3D0.05&within=40&task=Reach%20%3Cb%3Eit%3C%2Fb%3E%20%26%20more;%20100%25%20%E2%86%92%20%E2%9C%93%20%2B%20%22quotes%22",
  );
  assert.equal(
    init(SETUPS[3]).link(),
    "problem=regression&loss=mse&points=0.1,-3.5e-7;1e9,2;-0.30000000000000004,0.3333333333333333&lr=0.1&opt=gd&batch=0&seed=42" +
      "&start=2.1645372123205355,-2.076692096222651",
  );
  const race = init({ ...SETUPS[4], seed: 9007199254740991, dataset: { name: "line", n: 1e6, noise: 1e-5 }, start: { w: 1e-4, b: -123456.7 } });
  assert.equal(
    race.link({ speed: 2.5, zoom: 6, panels: ["steps"], controls: [] }),
    "problem=regression&loss=mse&data=line&n=1000000&noise=1e-5&lr=0.1&opt=momentum&momentum=0.5&batch=0&seed=9007199254740991" +
      "&start=0.0001,-123456.7&race=nesterov:0.05:0,rmsprop:0.01:2&speed=2.5&zoom=6&panels=steps&controls=",
  );
});

test("defaults stay out of the link", () => {
  const query = init({}).link(readLink("").view);
  for (const absent of ["momentum=", "alpha=", "eps=", "step=", "speed=", "embed=", "zoom=", "panels=", "std="]) {
    assert.ok(!query.includes(absent), `${absent} in ${query}`);
  }
  for (const present of ["problem=regression", "lr=0.1", "opt=gd", "seed=42", "start=", "data=line", "n=30"]) {
    assert.ok(query.includes(present), `${present} not in ${query}`);
  }
  assert.equal(init({ standardize: true }).link().includes("&std=1"), true);
});

test("readLink gives the page's settings with their defaults", () => {
  assert.deepEqual(readLink(""), {
    config: {},
    steps: 0,
    view: { embed: false, panels: null, controls: null, speed: 20, logScale: false, residuals: false, zoom: 0, point: 1, play: false, goal: null, within: null, task: null },
    notices: [],
  });
  const link = readLink("?problem=classification&lr=0.5&opt=adam&step=40&log=1&embed&panels=fit,%20loss");
  assert.deepEqual(link.config, { problem: "classification", learningRate: 0.5, optimizer: "adam" });
  assert.equal(link.steps, 40);
  assert.deepEqual([link.view.logScale, link.view.embed, link.view.panels], [true, true, ["fit", "loss"]]);
});

/** Each bad parameter is named in a notice and takes its default; the rest of the link stands. */
test("a mangled link keeps what it can and names the rest", () => {
  const cases = [
    ["lr=abc", "lr"],
    ["lr=-1", "lr"],
    ["lr=NaN", "lr"],
    ["lr=", "lr"],
    ["lr=0x10", "lr"],
    ["opt=sgd", "opt"],
    ["n=-5", "n"],
    ["n=2.5", "n"],
    ["start=1", "start"],
    ["start=1,x", "start"],
    ["points=1,2;x,3", "points"],
    ["foo=1", "foo"],
    ["%zz=1", "could not be read"],
    ["speed=99999", "speed"],
    ["panels=fit,chart", "panels"],
    ["data=groups", "data"],
    ["race=adam:fast", "race"],
    ["step=-3", "step"],
    ["zoom=1.5", "zoom"],
    ["embed=maybe", "embed"],
  ];
  for (const [bad, named] of cases) {
    const query = `seed=9&${bad}&batch=2`;
    const link = readLink(query);
    assert.equal(link.notices.length, 1, `${query}: ${link.notices}`);
    assert.ok(link.notices[0].includes(named), `${query}: ${link.notices}`);
    const config = init(link.config).config();
    assert.deepEqual([config.seed, config.batchSize], [9, 2], `the rest of ${query} stands`);
  }
  // A refused config field is named by its URL parameter, with the lab's reason.
  assert.deepEqual(readLink("eps=2").notices, ["eps: eps must be a number greater than 0 and at most 1; got 2. The default is used."]);
});

test("nothing in a link breaks the reader, and text from it stays text", () => {
  for (const query of [
    "",
    "?",
    "&&&",
    "=",
    "==&=",
    "%",
    "%%",
    "%E2%82",
    "lr",
    "lr=",
    "start=,",
    "points=;;;",
    "points=1,2,3",
    "race=,,,",
    "race=a:b:c:d",
    "problem=classification&points=0,0.5",
    "problem=regression&loss=cross-entropy",
    "n=1e400",
    "seed=9007199254740993",
    "panels=",
    "controls=,,",
    "point=0",
    "zoom=9",
    "embed=maybe",
    "opt=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    `lr=${"9".repeat(2 ** 20)}`,
  ]) {
    const link = readLink(query);
    assert.doesNotThrow(() => init(link.config), query.slice(0, 80));
  }
  // The text of a bad value is kept as text in the notice (the page shows it as text).
  const link = readLink("opt=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
  assert.ok(link.notices[0].includes("<img src=x onerror=alert(1)>"), link.notices[0]);
  // Only the first megabyte of a link is read.
  assert.equal(readLink(`seed=5&${"x".repeat(2 ** 20)}`).notices[0], "The link is too long; only its first megabyte was read.");
});

test("points win over a generated data set", () => {
  const link = readLink("points=0,1;1,3&data=line&n=40");
  assert.equal(link.notices.length, 1);
  assert.ok(link.notices[0].startsWith("data, n, noise"));
  assert.equal(init(link.config).state().n, 2);
});

test("lab.link never throws, whatever view it is given", () => {
  const lab = init({});
  for (const view of [undefined, null, 5, "text", [], { speed: "fast", zoom: NaN, point: -1, panels: "fit", controls: [1, null, "run"] }]) {
    const query = lab.link(view);
    assert.equal(readLink(query).notices.length, 0, query);
  }
  assert.match(lab.link({ panels: ["a b&c=é"] }), /&panels=a%20b%26c%3D%C3%A9$/);
});

const PARAMS = ["problem", "loss", "data", "n", "noise", "points", "lr", "opt", "momentum", "beta1", "eps", "batch", "seed", "start", "race", "step", "speed", "zoom", "point", "embed", "panels", "controls", "std"];
/** Values that are often allowed and often not quite. */
const VALUES = [..."-0123456789.,;:e", "NaN", "inf", "%", "%2", "%41", "%zz", "%E2%82", "adam", "classification", "fit,loss", "1,2;3,4"];
/** The notices about the link as a whole, rather than one parameter. */
const GENERAL = /^(A part of the link could not be read \(.*\); it was ignored\.|The link is too long; .*|data, n, noise: the link also has points, so they were ignored\.)$/s;

/** A parameter's name as notices write it: at most 40 characters. */
const shorten = (name) => ([...name].length <= 40 ? name : `${[...name].slice(0, 39).join("")}…`);

/** Any string as a link: a working lab, and a notice for each thing not used, naming it. */
test("any link opens a working lab and names what it did not use", () => {
  const rng = random(2024);
  for (let i = 0; i < 1500; i++) {
    let query;
    if (rng.next() < 0.25) query = rng.text(200, ANY_CHARACTER);
    else {
      const pairs = Array.from({ length: rng.below(10) }, () => {
        const name = rng.next() < 0.9 ? rng.pick(PARAMS) : rng.text(5, [..."abcxyz%=&"]);
        const value = Array.from({ length: rng.below(4) }, () => rng.pick(VALUES)).join("");
        return `${name}=${value}`;
      });
      query = (rng.next() < 0.5 ? "?" : "") + pairs.join("&");
    }
    const link = readLink(query);
    const names = query.replace(/^\?/, "").split("&").map((part) => {
      try {
        return decodeURIComponent(part.split("=")[0].replaceAll("+", " "));
      } catch {
        return null;
      }
    });
    for (const notice of link.notices) {
      assert.equal(typeof notice, "string");
      const named = GENERAL.test(notice) || names.some((name) => name !== null && notice.startsWith(`${shorten(name)}: `));
      assert.ok(named, `${JSON.stringify(query)}: ${notice}`);
    }
    // A link always reads to a config the lab accepts (with fewer points, to be quick).
    if (link.config.dataset?.n > 500) link.config.dataset.n = 500;
    const lab = init(link.config);
    lab.step(Math.min(link.steps, 300));
    assertFinite(lab, assert);
  }
});
