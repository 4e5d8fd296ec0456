// Exercises with feedback. A course author sets one in the link, without
// code: `goal=loss<0.05&within=40&task=…` (the task is shown as text, never
// as markup). The page loads this module only when a link sets an exercise
// or the page runs inside an LMS, so the lesson itself stays as light.
//
// When the exercise is passed or missed the page tells the course: a
// "lab-exercise" CustomEvent on window, the same detail posted to the
// embedding page, and, inside an LMS, SCORM 1.2's cmi.core fields.
// Progress is kept (localStorage, or the LMS's suspend_data) so a learner
// resumes; where storage is refused it is simply not kept.

const WORDS = { "<": "below", "<=": "at or below", ">": "above", ">=": "at or above" };
export const MEETS = { "<": (a, b) => a < b, "<=": (a, b) => a <= b, ">": (a, b) => a > b, ">=": (a, b) => a >= b };

/**
 * `value` written with the fewest digits (from 4) whose number compares with
 * `goal` as `value` itself does, so a sentence that says "0.05001, not below
 * 0.05" is true of what it shows.
 */
export function shownAgainst(value, op, goal, format) {
  const truth = MEETS[op](value, goal);
  for (let digits = 4; digits < 17; digits++) {
    const text = format(value, digits);
    if (MEETS[op](Number(text), goal) === truth) return text;
  }
  return String(value);
}

/** The goal in words: "the loss below 0.05 within 40 steps". */
export function goalWords({ metric, op, value }, within, format) {
  const steps = within ? ` within ${within} step${within === 1 ? "" : "s"}` : "";
  return `the ${metric} ${WORDS[op]} ${format(value, 17)}${steps}`;
}

/**
 * Whether the run has met `goal` at a step no later than `within` (0: no
 * limit), and at which: `{ passed, step, value }`, or `{ passed: false }`.
 * A loss goal is read from the run's record, so a frame that took several
 * steps cannot skip the step that met it; accuracy from the state shown.
 */
export function judge(goal, within, state, history) {
  const last = within || Infinity;
  if (goal.metric === "loss") {
    for (let i = 0; i < history.step.length; i++) {
      const step = history.step[i];
      if (step <= last && MEETS[goal.op](history.loss[i], goal.value)) return { passed: true, step, value: history.loss[i] };
    }
    return { passed: false };
  }
  const value = state.accuracy;
  return value !== null && state.step <= last && MEETS[goal.op](value, goal.value) ? { passed: true, step: state.step, value } : { passed: false };
}

/**
 * The exercise a link sets, read from its text: `{ goal, within, problems }`
 * with `goal` `{ metric, op, value }` or null, `within` a number of steps (0:
 * no limit), and `problems` what could not be read, in words (shown as text;
 * a malformed goal leaves the exercise without one).
 */
export function readExercise(view) {
  const problems = [];
  let goal = null;
  let within = 0;
  if (view.goal) {
    const [, metric, op, text] = String(view.goal).match(/^\s*(loss|accuracy)\s*([<>]=?)\s*([^\s]+)\s*$/) ?? [];
    const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
    if (Number.isFinite(value)) goal = { metric, op, value };
    else problems.push(`goal: must be like loss<0.05 or accuracy>=0.9; got "${shorten(String(view.goal))}".`);
  }
  if (view.within) {
    const text = String(view.within).trim();
    if (/^\d+$/.test(text) && Number(text) <= 1e6) within = Number(text);
    else problems.push(`within: must be a whole number of steps from 1 to 1000000; got "${shorten(text)}".`);
  }
  return { goal, within, problems };
}

const shorten = (text) => ([...text].length <= 40 ? text : `${[...text].slice(0, 39).join("")}…`);

/** localStorage, or nothing where it is refused (an opaque origin, storage blocked). */
export const storage = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(key)) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      if (value === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Not kept: the exercise works as before.
    }
  },
};

/**
 * The LMS's SCORM 1.2 API, reported to as the learner works: status
 * "incomplete" from the start, "passed" once the exercise is; the score
 * (0–100); the progress as suspend_data; a commit after each change.
 */
class Scorm {
  constructor(api) {
    this.api = api;
    this.on = api.LMSInitialize("") === "true" || api.LMSGetLastError?.() === "101"; // 101: already initialised
    if (!this.on) return;
    const status = api.LMSGetValue("cmi.core.lesson_status");
    if (status !== "passed" && status !== "completed") api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSCommit("");
    addEventListener("pagehide", () => this.finish(), { once: true });
  }

  /** The progress the LMS kept for this learner, if any. */
  resumed() {
    if (!this.on) return undefined;
    try {
      return JSON.parse(this.api.LMSGetValue("cmi.suspend_data") || "null") ?? undefined;
    } catch {
      return undefined;
    }
  }

  report(progress) {
    if (!this.on) return;
    const api = this.api;
    api.LMSSetValue("cmi.core.score.raw", String(progress.score));
    if (progress.passed) api.LMSSetValue("cmi.core.lesson_status", "passed");
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(progress));
    api.LMSCommit("");
  }

  finish() {
    if (!this.on) return;
    this.on = false;
    this.api.LMSCommit("");
    this.api.LMSFinish("");
  }
}

/** The SCORM 1.2 API of an LMS frame around the page (or of its opener), as ADL's discovery looks for it. */
function findLms() {
  const search = (w) => {
    try {
      for (let depth = 0; w && depth < 10 && !w.API && w !== w.parent; depth++) w = w.parent;
      return w?.API ?? null;
    } catch {
      return null; // a frame of another origin: no LMS of ours
    }
  };
  return search(window) ?? search(window.opener);
}

let session;
/**
 * The LMS's session, or null outside an LMS. The first to ask with `owner`
 * reports to it (a link's exercise, else the lesson's sequence); later
 * owners get null.
 */
export function lmsSession(owner) {
  if (session === undefined) {
    const api = findLms();
    session = api ? new Scorm(api) : null;
  }
  if (!session || (session.owner && session.owner !== owner)) return null;
  session.owner = owner;
  return session;
}

/** Tells the course page: an event on window, and a message to the embedding page. */
export function announceResult(detail) {
  dispatchEvent(new CustomEvent("lab-exercise", { detail }));
  if (parent !== window) parent.postMessage({ type: "lab-exercise", ...detail }, "*");
}

/** Each controller's shown exercise: `{ panel, update }`, its judge called from the controller's onChange. */
const shown = new WeakMap();

/**
 * A course author's exercise from the link (`view.goal`, `view.within`,
 * `view.task`, as text) or from `setExercise`, shown above the lab's charts
 * (`place(panel)` puts it elsewhere: a custom element's own) and judged at
 * each change of the lab (the controller's `onChange`); reported to an LMS
 * around the page if there is one. Nothing happens without an exercise or an LMS.
 */
export function startExercise(controller, view, format, place = (panel) => document.getElementById("diverged").after(panel)) {
  // A new exercise replaces the one shown (setExercise may be called again).
  if (!shown.has(controller)) {
    const previous = controller.onChange;
    controller.onChange = (state) => {
      previous(state);
      shown.get(controller).update?.(state);
    };
  }
  shown.get(controller)?.panel?.remove();
  shown.set(controller, {});
  controller.stopAt = Infinity;
  if (!view.goal && !view.task) {
    // In an LMS without an exercise of its own: the lesson's sequence, opened.
    const sequence = document.getElementById("exercises");
    if (sequence && lmsSession("sequence")) sequence.open = true;
    return;
  }
  const scorm = lmsSession("custom");
  const { goal, within, problems } = readExercise(view);
  const task = view.task;
  const id = "custom";
  const key = `gradient-descent-lab:exercise:${goal ? goal.metric + goal.op + goal.value : ""}:${within}:${task ?? ""}`;
  let progress = scorm?.resumed() ?? storage.get(key) ?? { id, passed: false, score: 0, steps: null, attempts: 0 };

  const panel = document.createElement("section");
  panel.className = "notice exercise";
  panel.dataset.exercise = id;
  panel.setAttribute("aria-label", "Exercise");
  const line = (className) => Object.assign(panel.appendChild(document.createElement("p")), { className });
  const heading = line("exercise-title");
  heading.textContent = "Exercise";
  if (task) line("exercise-task").textContent = task;
  const goalLine = line("exercise-goal");
  goalLine.textContent = goal ? `Goal: ${goalWords(goal, within, format)}.` : "";
  for (const problem of problems) line("exercise-problem").textContent = `This exercise's link is malformed: ${problem}`;
  const live = line("exercise-progress");
  const feedback = line("exercise-feedback");
  feedback.setAttribute("role", "status");
  const hint = line("exercise-hint");
  const again = document.createElement("button");
  again.type = "button";
  again.textContent = "Start over";
  again.addEventListener("click", () => {
    progress = { id, passed: false, score: 0, steps: null, attempts: 0 };
    storage.set(key, undefined);
    scorm?.report(progress);
    attempt = null;
    controller.reset();
  });
  panel.append(again);
  place(panel);
  // Playing stops at the limit, where the exercise is decided.
  if (within) controller.stopAt = within;

  // The run being judged: it starts at step 0 and ends when the goal is met or missed.
  let attempt = null;
  const finish = (passed, state, result) => {
    attempt.done = true;
    progress.attempts += 1;
    if (passed && !progress.passed) Object.assign(progress, { passed: true, score: 100, steps: result.step });
    storage.set(key, progress);
    scorm?.report(progress);
    announceResult({ id, passed, score: passed ? 100 : 0, steps: passed ? result.step : state.step });
  };

  function update(state) {
    if (!goal) return;
    if (goal.metric === "accuracy" && state.accuracy === null) {
      live.textContent = "This goal is on the accuracy, which only classification has: choose classification.";
      return;
    }
    if (!attempt || state.step < attempt.step) attempt = { done: false };
    attempt.step = state.step;
    const metric = goal.metric === "loss" ? state.loss : state.accuracy;
    const limit = within ? ` of ${within}` : "";
    live.textContent = `Step ${state.step}${limit} · ${goal.metric} ${format(metric)}`;
    if (!attempt.done) {
      const result = judge(goal, within, state, controller.lab.history());
      if (result.passed) {
        finish(true, state, result);
        feedback.textContent = `Passed: at step ${result.step} the ${goal.metric} is ${shownAgainst(result.value, goal.op, goal.value, format)}, ${WORDS[goal.op]} ${format(goal.value, 17)}.`;
        hint.textContent = "";
      } else if (state.diverged || (within && state.step >= within)) {
        finish(false, state);
        controller.pause(false);
        feedback.textContent = state.diverged
          ? `Missed: the run diverged at step ${state.divergedAt}.`
          : `Missed: after ${state.step} steps the ${goal.metric} is ${shownAgainst(metric, goal.op, goal.value, format)}, not ${WORDS[goal.op]} ${format(goal.value, 17)}.`;
        hint.textContent = `Hint: ${hintFor(goal, state, controller.lab.history(), format)} Then press Reset and try again.`;
      } else if (state.step === 0) {
        feedback.textContent = progress.passed ? `Passed before, at step ${progress.steps}. Try it again if you like.` : "";
        hint.textContent = "";
      }
    }
    panel.classList.toggle("passed", progress.passed);
  }
  shown.set(controller, { panel, update });
  update(controller.state);
}


/** What to change after a miss, from what the run did. */
export function hintFor(goal, state, history, format) {
  if (state.diverged) return "the learning rate is too large: each step overshoots by more. Take a smaller one.";
  if (goal.metric !== "loss") return "try another learning rate or optimizer.";
  const n = history.step.length;
  const back = Math.max(0, n - 6);
  const [from, to] = [history.loss[back], history.loss[n - 1]];
  const steps = `from ${format(from)} at step ${history.step[back]} to ${format(to)} at step ${history.step[n - 1]}`;
  let rose = false;
  for (let i = back + 1; i < n; i++) rose ||= history.loss[i] > history.loss[i - 1];
  return rose
    ? `the loss went up as well as down in the last steps (${steps}): the steps overshoot. Take a smaller learning rate.`
    : `the loss was still falling, slowly (${steps}). Take a larger learning rate, or another optimizer.`;
}
