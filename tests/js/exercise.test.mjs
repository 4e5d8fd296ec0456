// A course author's exercise (www/exercise.js): its goal read from the link,
// judged on a run's record, and written in words that are true to the digits
// shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { goalWords, hintFor, judge, readExercise, shownAgainst } from "../../www/exercise.js";
import { formatNumber } from "../../www/format.js";
import { init } from "./lab.mjs";

test("a goal and a step limit are read from the link's text; anything else is named, not thrown", () => {
  assert.deepEqual(readExercise({ goal: "loss<0.05", within: "40" }), { goal: { metric: "loss", op: "<", value: 0.05 }, within: 40, problems: [] });
  assert.deepEqual(readExercise({ goal: " accuracy >= .9 " }).goal, { metric: "accuracy", op: ">=", value: 0.9 });
  assert.deepEqual(readExercise({ goal: "loss<=1e-3", within: "0" }), { goal: { metric: "loss", op: "<=", value: 0.001 }, within: 0, problems: [] });
  for (const goal of ["loss<<0.1", "loss<abc", "speed<1", "loss=0.1", "loss<0x10", "loss<Infinity", "<b>loss</b><1"]) {
    const { goal: read, problems } = readExercise({ goal });
    assert.equal(read, null, goal);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^goal: must be like loss<0\.05 or accuracy>=0\.9; got "/);
  }
  for (const within of ["-1", "2.5", "ten", "1e3", "2000000"]) {
    const { within: read, problems } = readExercise({ goal: "loss<1", within });
    assert.equal(read, 0, within);
    assert.match(problems[0], /^within: must be a whole number of steps from 1 to 1000000/);
  }
  assert.match(readExercise({ goal: "x".repeat(100) }).problems[0], /got "x{39}…"\.$/);
});

test("a number in a sentence about the goal has the digits that make the sentence true", () => {
  assert.equal(shownAgainst(0.2036, "<", 0.1, formatNumber), "0.2036");
  // 0.05000 would read as "not below 0.05" for a value that is below it.
  assert.equal(shownAgainst(0.0499999, "<", 0.05, formatNumber), "0.0499999");
  assert.equal(shownAgainst(0.0500001, "<", 0.05, formatNumber), "0.05", "not below 0.05, and 0.05 is not either");
  assert.equal(shownAgainst(0.05, "<=", 0.05, formatNumber), "0.05");
  for (const [value, op, goal] of [[0.09999999, "<", 0.1], [0.9000004, ">", 0.9], [1e-9, "<", 1e-9 * 1.000001]]) {
    const shown = Number(shownAgainst(value, op, goal, formatNumber));
    const meets = { "<": (a, b) => a < b, ">": (a, b) => a > b }[op];
    assert.equal(meets(shown, goal), meets(value, goal), `${value} ${op} ${goal}`);
  }
  assert.equal(goalWords({ metric: "loss", op: "<", value: 0.05 }, 40, formatNumber), "the loss below 0.05 within 40 steps");
  assert.equal(goalWords({ metric: "accuracy", op: ">=", value: 0.9 }, 1, formatNumber), "the accuracy at or above 0.9 within 1 step");
  assert.equal(goalWords({ metric: "loss", op: "<=", value: 0.123456 }, 0, formatNumber), "the loss at or below 0.123456");
});

test("a run passes at the first step of its record that meets the goal, never after the limit", () => {
  const lab = init({ learningRate: 0.3 });
  lab.step(40);
  const history = lab.history();
  const goal = { metric: "loss", op: "<", value: 0.1 };
  const first = [...history.loss].findIndex((loss) => loss < 0.1);
  assert.ok(first > 0 && first < 30, `rate 0.3 gets below 0.1 at step ${first}`);
  assert.deepEqual(judge(goal, 30, lab.state(), history), { passed: true, step: history.step[first], value: history.loss[first] });
  assert.deepEqual(judge(goal, first - 1, lab.state(), history), { passed: false });
  assert.equal(judge(goal, 0, lab.state(), history).step, first, "0: no limit");
  // Accuracy is read from the state shown, at a step within the limit.
  const classes = init({ problem: "classification" });
  classes.step(30);
  const accuracy = { metric: "accuracy", op: ">=", value: 0.9 };
  assert.equal(judge(accuracy, 30, classes.state(), classes.history()).passed, true);
  assert.equal(judge(accuracy, 29, classes.state(), classes.history()).passed, false);
  assert.equal(judge(accuracy, 30, init({}).state(), init({}).history()).passed, false, "regression has no accuracy");
});

test("the hint after a miss says what the run did, with its numbers", () => {
  const goal = { metric: "loss", op: "<", value: 0.1 };
  const slow = init({});
  slow.step(30);
  const history = slow.history();
  const hint = hintFor(goal, slow.state(), history, formatNumber);
  const [from, to] = [history.loss[history.step.length - 6], slow.state().loss];
  assert.equal(hint, `the loss was still falling, slowly (from ${formatNumber(from)} at step 25 to ${formatNumber(to)} at step 30). Take a larger learning rate, or another optimizer.`);
  // Momentum overshoots: the loss goes back up in its last steps.
  const bouncing = init({ optimizer: "momentum", learningRate: 0.1 });
  bouncing.step(30);
  const losses = [...bouncing.history().loss].slice(-6);
  assert.ok(losses.some((loss, i) => i > 0 && loss > losses[i - 1]), `${losses}`);
  assert.match(hintFor(goal, bouncing.state(), bouncing.history(), formatNumber), /went up as well as down .* Take a smaller learning rate\.$/);
  const diverged = init({ learningRate: 2 });
  diverged.step(30);
  assert.equal(diverged.state().diverged, true);
  assert.match(hintFor(goal, diverged.state(), diverged.history(), formatNumber), /^the learning rate is too large/);
});
