// The lesson's exercises: a sequence that follows the slides, each an element
// with `data-exercise="<id>"`, a goal, live progress, feedback in words when
// it is passed or missed, and a hint after a miss. The page loads this module
// when the learner opens "Exercises" (or an LMS frames the page). Progress is
// kept where storage allows; each result is a lab-exercise event, and in an
// LMS the sequence's score.
import { announceResult, judge, lmsSession, shownAgainst, storage } from "./exercise.js";

const KEY = "gradient-descent-lab:exercises";
/** The lesson's own data (the default line), trained by plain gradient descent on every point. */
const LINE = { problem: "regression", dataset: { name: "line", n: 30, noise: 0.3 }, optimizer: "gd", batchSize: 0, race: [], start: null, seed: 42 };
/** The goal of the exercises on the lesson's line: a loss below 0.1 (its optimum's is 0.0827). */
const BELOW_TENTH = { metric: "loss", op: "<", value: 0.1 };

/**
 * Each exercise: its slide, its words, what it sets the lab to, and how it is
 * judged. `setup(lab)` returns the config; `judge(state, lab, memory)` returns
 * `{ passed, words, hint }` once the run decides it, else null (progress in
 * `words` only). `ask` adds the exercise's own inputs; their answer is judged
 * by `answer(value, lab, memory)`.
 */
export const EXERCISES = [
  {
    id: "actual-term",
    slide: "The loss",
    title: "Point at the “Actual” term of the cross-entropy",
    text: "The formula's labels are hidden. Click (or press Enter on) the term that is the actual label, the one that is 1 for the true class and 0 for the others.",
    setup: () => ({ ...LINE, problem: "classification", dataset: { name: "groups", n: 30, noise: 0.3 } }),
    point: true,
  },
  {
    id: "step-by-hand",
    slide: "The four steps",
    title: "Compute step 2 by hand",
    text: "Plain gradient descent takes w − η·∂L/∂w. Type the new w, to four significant digits.",
    setup: () => ({ ...LINE, learningRate: 0.1 }),
    ask: "number",
    answer(value, lab) {
      const state = lab.state();
      const [w, gradient, rate] = [state.w, state.gradW, state.learningRate];
      const shown = (x) => Number(formatted(x));
      const fromShown = shown(w) - rate * shown(gradient);
      const sum = `w − η·∂L/∂w = ${formatted(w)} − ${rate} × (${formatted(gradient)}) = ${formatted(fromShown)}`;
      const right = [fromShown, state.update.w.next].some((x) => Math.abs(value - x) <= halfLastDigit(x));
      return right
        ? { passed: true, words: `Right: ${sum}. The Step button takes that step now.`, step: true }
        : { passed: false, words: `Not quite: ${sum}; you typed ${value}.`, hint: gradient < 0 ? "The gradient is negative, so subtracting η times it makes w larger." : "The gradient is positive, so subtracting η times it makes w smaller." };
    },
  },
  {
    id: "predict-rate",
    slide: "The learning rate",
    title: "Predict: will this learning rate settle?",
    text: "Choose first, then run 100 steps of plain gradient descent from here with the rate shown.",
    setup: () => ({ ...LINE }),
    ask: "predict",
    /** The rate to predict: Far too large, Good, then Too large from the lab's lessons, in turn. */
    rate: (lab, memory) => {
      const lessons = lab.lessons();
      return [lessons.huge, lessons.good, lessons.large][(memory.attempts ?? 0) % 3].learningRate;
    },
    answer(settles, lab, memory, controller) {
      const rate = this.rate(lab, memory);
      controller.set({ learningRate: rate });
      lab.step(100);
      const state = lab.state();
      const limit = state.stableLearningRate;
      const happened = state.diverged
        ? `η = ${rate} blew up at step ${state.divergedAt}: it is above 2/λ_max = ${formatted(limit)}, so each step overshoots the valley's floor by more than the last.`
        : `η = ${rate} settled: it is below 2/λ_max = ${formatted(limit)}, so each step overshoots by less than the last, if at all. The loss after 100 steps is ${formatted(state.loss)}.`;
      const right = settles === !state.diverged;
      return { passed: right, words: `${right ? "Right" : "Not this time"}: ${happened}`, hint: right ? "" : "Compare the rate with 2/λ_max, the largest stable rate (the lessons panel shows it). Try again: the next rate differs." };
    },
  },
  {
    id: "rate-only",
    slide: "The learning rate",
    title: "Only the learning rate",
    text: "Reach a loss below 0.1 within 30 steps by changing only the learning rate (Reset starts a new try).",
    setup: () => ({ ...LINE, learningRate: 0.1 }),
    judge(state, lab) {
      if (state.optimizer !== "gd" || state.batchSize !== 0) return { passed: false, words: "Missed: the optimizer or the batch size changed; this exercise allows only the learning rate.", hint: "Start it again and change only η." };
      const record = lab.history();
      const met = judge(BELOW_TENTH, 30, state, record);
      if (met.passed) return { passed: true, words: `Passed: at step ${met.step} the loss is ${shownAgainst(met.value, "<", 0.1, formatted)}, below 0.1, with η = ${state.learningRate}.` };
      if (state.diverged) return { passed: false, words: `Missed: η = ${state.learningRate} diverged at step ${state.divergedAt}.`, hint: "Take a smaller rate: below 2/λ_max the steps settle." };
      if (state.step >= 30) return { passed: false, words: `Missed: after 30 steps the loss is ${shownAgainst(lossAt(record, 30), "<", 0.1, formatted)}, not below 0.1.`, hint: "The loss fell too slowly: take a larger rate (but below 2/λ_max, the largest stable one)." };
      return null;
    },
    limit: 30,
  },
  {
    id: "diverge-fix",
    slide: "The learning rate",
    title: "Make it diverge, then fix it",
    text: "First make the run blow up. Then fix it: a run that reaches a loss below 0.1 within 100 steps.",
    setup: () => ({ ...LINE, learningRate: 0.1 }),
    judge(state, lab, memory) {
      if (!memory.diverged) {
        if (state.diverged) memory.diverged = { at: state.divergedAt, rate: state.learningRate };
        return null;
      }
      if (state.diverged || state.step === 0) return null;
      const record = lab.history();
      const met = judge(BELOW_TENTH, 100, state, record);
      if (met.passed) return { passed: true, words: `Passed: η = ${memory.diverged.rate} blew up at step ${memory.diverged.at}; with η = ${state.learningRate} the loss is ${shownAgainst(met.value, "<", 0.1, formatted)} at step ${met.step}.` };
      if (state.step >= 100) return { passed: false, words: `Missed: after 100 steps with η = ${state.learningRate} the loss is ${shownAgainst(lossAt(record, 100), "<", 0.1, formatted)}, not below 0.1.`, hint: "Between too large and too small: try a rate a little below 2/λ_max." };
      return null;
    },
    limit: 100,
  },
  {
    id: "race-winner",
    slide: "Optimizers",
    title: "Which optimizer wins this race?",
    text: "Four optimizers, each with η = 0.1, race for 30 steps from the same start. Choose the one with the lowest loss at step 30, then run the race.",
    setup: () => ({ ...LINE, learningRate: 0.1, race: ["momentum", "rmsprop", "adam"].map((optimizer) => ({ optimizer, learningRate: 0.1 })) }),
    ask: "optimizer",
    answer(choice, lab, memory, controller) {
      lab.step(Math.max(0, 30 - lab.state().step));
      controller.refresh();
      const runs = lab.state().runs.filter((run) => !run.diverged);
      const winner = runs.reduce((best, run) => (run.loss < best.loss ? run : best));
      const table = lab.state().runs.map((run) => `${run.optimizer} ${formatted(run.loss)}`).join(", ");
      const right = choice === winner.optimizer;
      return {
        passed: right,
        words: `${right ? "Right" : "Not this one"}: after 30 steps the losses are ${table}; ${winner.optimizer} is lowest. Why: ${optimizers[winner.optimizer].note}`,
        hint: right ? "" : "Watch the loss chart: an adaptive step (RMSprop, Adam) does not shrink with the slope, and Adam's momentum can overshoot early on.",
      };
    },
  },
  {
    id: "batch-noise",
    slide: "Batches",
    title: "Make the loss go up at a step",
    text: "Without changing the learning rate, make a step raise the loss within 20 steps: train on batches, not on every point (then every step sees only part of the data).",
    setup: () => ({ ...LINE, learningRate: 0.1 }),
    judge(state, lab) {
      if (state.learningRate !== 0.1) return { passed: false, words: "Missed: the learning rate changed; this exercise keeps η = 0.1.", hint: "Start it again and change the batch size only." };
      const record = lab.history();
      for (let i = 1; i < record.loss.length && record.step[i] <= 20; i++) {
        if (record.loss[i] > record.loss[i - 1]) {
          return { passed: true, words: `Passed: step ${record.step[i]} on a batch of ${state.batchPoints} raised the loss from ${formatted(record.loss[i - 1])} to ${formatted(record.loss[i])}.` };
        }
      }
      if (state.step >= 20) return { passed: false, words: `Missed: in ${state.step} steps on ${state.batchPoints} points the loss never rose.`, hint: "Set the batch size to 1 (stochastic gradient descent) and Reset." };
      return null;
    },
    limit: 20,
  },
];

let formatted = String;
/** The page's words for each optimizer (walkthrough.js's OPTIMIZERS: `{ name, note }`). */
let optimizers = {};
/** The loss the record holds for step `step` (its last at or before it). */
const lossAt = (record, step) => record.loss[record.step.findLastIndex((s) => s <= step)];
/** Half a unit in the fourth significant digit of `x`: how far a four-digit answer may be. */
const halfLastDigit = (x) => 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(x) || 1)) - 3);

/**
 * Shows the sequence in `host` (the lesson's Exercises section) and judges
 * the active exercise at each change of the lab. `sync` sets the page's
 * controls from the lab after an exercise sets it up; `notes` are the page's
 * words for each optimizer.
 */
export function startSequence(controller, format, sync, host, notes) {
  formatted = format;
  optimizers = notes;
  const lab = controller.lab;
  const scorm = lmsSession("sequence");
  let progress = scorm?.resumed()?.exercises ?? storage.get(KEY) ?? {};
  let active = null;

  const summary = document.createElement("p");
  summary.className = "exercise-summary";
  const forget = Object.assign(document.createElement("button"), { type: "button", textContent: "Forget my progress" });
  const items = EXERCISES.map((exercise, i) => card(exercise, i));
  host.append(summary, ...items.map((item) => item.element), forget);
  forget.addEventListener("click", () => {
    progress = {};
    save();
    for (const item of items) item.show();
  });

  function save() {
    storage.set(KEY, progress);
    const passed = EXERCISES.filter(({ id }) => progress[id]?.passed).length;
    summary.textContent = `${passed} of ${EXERCISES.length} passed.`;
    scorm?.report({ passed: passed === EXERCISES.length, score: Math.round((100 * passed) / EXERCISES.length), exercises: progress });
  }

  /** One exercise's element, its inputs, and its judging. */
  function card(exercise, index) {
    const element = document.createElement("article");
    element.className = "notice exercise";
    element.dataset.exercise = exercise.id;
    const heading = document.createElement("h3");
    heading.textContent = `${index + 1}. ${exercise.title}`;
    element.setAttribute("aria-label", `Exercise ${index + 1}`);
    const line = (className, text = "") => Object.assign(document.createElement("p"), { className, textContent: text });
    const slide = line("exercise-slide", `Slide: ${exercise.slide}`);
    const task = line("exercise-task", exercise.text);
    const live = line("exercise-progress");
    const feedback = line("exercise-feedback");
    feedback.setAttribute("role", "status");
    const hint = line("exercise-hint");
    const start = Object.assign(document.createElement("button"), { type: "button", textContent: "Start" });
    start.dataset.action = "start";
    const controls = document.createElement("p");
    controls.className = "exercise-controls";
    controls.append(start);
    element.append(heading, slide, task, controls, live, feedback, hint);
    const memory = {};

    let input = null;
    if (exercise.ask === "number") {
      input = Object.assign(document.createElement("input"), { type: "number", step: "any" });
      input.setAttribute("aria-label", "The new w");
    } else if (exercise.ask === "predict") {
      input = document.createElement("select");
      input.setAttribute("aria-label", "Your prediction");
      input.append(new Option("It settles", "settles"), new Option("It blows up", "diverges"));
    } else if (exercise.ask === "optimizer") {
      input = document.createElement("select");
      input.setAttribute("aria-label", "The winner");
      input.append(...["gd", "momentum", "rmsprop", "adam"].map((name) => new Option(name, name)));
    }
    const check = Object.assign(document.createElement("button"), { type: "button", textContent: exercise.ask === "number" ? "Check" : "Run it" });
    check.dataset.action = "check";
    if (input) {
      input.dataset.answer = "";
      controls.append(input, check);
    }

    const finish = (result, steps) => {
      const record = (progress[exercise.id] ??= { passed: false, attempts: 0 });
      record.attempts += 1;
      if (result.passed) record.passed = true;
      feedback.textContent = result.words;
      hint.textContent = result.hint ? `Hint: ${result.hint}` : "";
      save();
      element.classList.toggle("passed", record.passed);
      announceResult({ id: exercise.id, passed: result.passed, score: result.passed ? 100 : 0, steps });
    };

    const item = {
      element,
      memory,
      show() {
        const record = progress[exercise.id];
        element.classList.toggle("passed", Boolean(record?.passed));
        if (active !== item) live.textContent = record?.passed ? "Passed." : record ? `Tried ${record.attempts} time${record.attempts === 1 ? "" : "s"}.` : "";
        check.disabled = active !== item;
        if (input) input.disabled = active !== item;
      },
      begin() {
        if (active && active !== item) active.end();
        active = item;
        for (const key of Object.keys(memory)) if (key !== "attempts") delete memory[key];
        memory.attempts = progress[exercise.id]?.attempts ?? 0;
        controller.set(exercise.setup(lab));
        controller.stopAt = exercise.limit ?? Infinity;
        sync();
        feedback.textContent = "";
        hint.textContent = "";
        live.textContent = exercise.rate ? `The rate: η = ${exercise.rate(lab, memory)}.` : "";
        if (exercise.ask === "number") {
          const state = lab.state();
          live.textContent = `Now w = ${formatted(state.w)}, ∂L/∂w = ${formatted(state.gradW)}, η = ${state.learningRate}.`;
        }
        if (exercise.point) pointAt(true);
        for (const other of items) other.show();
        item.update(controller.state);
      },
      end() {
        if (exercise.point) pointAt(false);
        controller.stopAt = Infinity;
        active = null;
        for (const other of items) other.show();
      },
      update(state) {
        if (active !== item || !exercise.judge || memory.done) return;
        const result = exercise.judge(state, lab, memory);
        live.textContent = exercise.limit ? `Step ${state.step} of ${exercise.limit} · loss ${formatted(state.loss)}` : live.textContent;
        if (result) {
          memory.done = true;
          controller.pause(false);
          finish(result, state.step);
          item.end();
          live.textContent = `Step ${state.step} · loss ${formatted(state.loss)}`;
        }
      },
    };
    start.addEventListener("click", () => {
      memory.done = false;
      item.begin();
    });
    check.addEventListener("click", () => {
      const value = exercise.ask === "number" ? Number(input.value) : exercise.ask === "predict" ? input.value === "settles" : input.value;
      if (exercise.ask === "number" && (input.value.trim() === "" || !Number.isFinite(value))) {
        feedback.textContent = "Type a number first.";
        return;
      }
      const result = exercise.answer(value, lab, memory, controller);
      if (result.step) controller.stepOnce();
      controller.refresh();
      sync();
      finish(result, lab.state().step);
      memory.attempts = progress[exercise.id].attempts;
      item.end();
    });
    /** The cross-entropy's terms as things to point at, with the formula's labels hidden. */
    const listening = {};
    function pointAt(on) {
      const formula = document.getElementById("ce-formula");
      for (const labels of formula.querySelectorAll(".pointers, .pointer-labels")) labels.style.visibility = on ? "hidden" : "";
      // The task, said where the learner looks: under the formula.
      formula.querySelector(".exercise-prompt")?.remove();
      if (on) formula.append(Object.assign(document.createElement("p"), { className: "exercise-prompt", textContent: `Exercise ${EXERCISES.indexOf(exercise) + 1}: click the term that is the actual label.` }));
      for (const [id, actual] of [["ce-actual", true], ["ce-predicted", false]]) {
        const term = document.getElementById(id);
        if (on) {
          term.tabIndex = 0;
          term.style.cursor = "pointer";
          term.setAttribute("role", "button");
          term.setAttribute("aria-label", actual ? "the term y sub i" : "the term y-hat sub i");
          const { signal } = (listening[id] = new AbortController());
          term.addEventListener("click", () => answerPoint(actual), { signal });
          term.addEventListener("keydown", (event) => event.key === "Enter" && answerPoint(actual), { signal });
        } else {
          term.removeAttribute("tabindex");
          term.style.cursor = "";
          term.removeAttribute("role");
          term.removeAttribute("aria-label");
          listening[id]?.abort();
        }
      }
      if (on) formula.scrollIntoView({ block: "center" });
    }
    function answerPoint(actual) {
      if (active !== item) return;
      finish(
        actual
          ? { passed: true, words: "Right: y_i is the actual label, 1 for the true class and 0 for the others, so the sum keeps only −ln of the true class's predicted probability." }
          : { passed: false, words: "Not this one: ŷ_i is the predicted probability, the model's output.", hint: "The actual label is what the data says, not what the model says: the term without a hat." },
        lab.state().step,
      );
      item.end();
    }
    return item;
  }

  const previous = controller.onChange;
  controller.onChange = (state) => {
    previous(state);
    active?.update(state);
  };
  save();
  for (const item of items) item.show();
}
