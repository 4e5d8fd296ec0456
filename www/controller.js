// The controller: it owns the lab, runs the animation loop, and redraws every
// view after each change. Data flows one way: an action changes the lab, the
// lab returns a snapshot, the views are drawn from it.
import { showFailure } from "./failure.js";
import { render, highlightStep, announcement } from "./walkthrough.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
/** How long step 2 stays lit before step 3 after a single Step. */
const STEP_TWO_MS = 450;
/** While playing, the live region speaks at most this often. */
const ANNOUNCE_EVERY_MS = 5000;
/**
 * How much of each frame (ms) stepping may take: as many steps as fit run in
 * it, so a slow machine stays smooth and a fast one learns faster. The speed
 * control scales it, from 2 ms at one step a second to 8 ms at full speed
 * (with the redraw, a frame stays well inside 16 ms): `fastest`, the lab's
 * catalogue's, takes as many steps as the budget allows.
 */
function stepBudget(stepsPerSecond, fastest) {
  return Math.min(8, 2 + (6 * Math.log10(Math.max(1, stepsPerSecond))) / Math.log10(fastest));
}

/** A canvas's CSS box, as the charts are sized to it. */
const sizeOf = (canvas) => `${canvas.clientWidth}x${canvas.clientHeight}`;

export class Controller {
  /** `speed`: the catalogue's `[slowest, fastest, default]` steps per second. */
  constructor(lab, { fit, loss, landscape, slice, announcer, onChange, speed }) {
    this.lab = lab;
    this.fit = fit;
    this.slice = slice;
    this.lossCanvas = loss;
    this.landscape = landscape;
    this.announcer = announcer;
    this.onChange = onChange ?? (() => {});
    this.view = { residuals: false, logScale: false, selected: 0, zoomOut: 0 };
    [, this.fastest, this.stepsPerSecond] = speed;
    this.playing = false;
    this.due = 0;
    this.chunk = 1;
    this.lastFrame = 0;
    this.lastAnnounced = 0;
    this.phaseTimer = 0;
    /** A start the page gave (a click, a link), with its words for step 1. */
    this.given = null;
    /** Playing stops at this step (an exercise's limit), so the run's record holds every step up to it. */
    this.stopAt = Infinity;
    this.state = lab.state();
    highlightStep(1);
    // Redraw when a drawn canvas changes size, but not for the observer's
    // first report of the sizes the charts were just drawn at (at start-up
    // that drew every chart a second time, the landscape too).
    this.drawnSizes = new Map();
    const resized = new ResizeObserver(() => {
      const changed = (c) => this.drawnSizes.has(c) && this.drawnSizes.get(c) !== sizeOf(c);
      if (this.canvases().some(changed)) this.draw();
    });
    for (const canvas of this.canvases()) resized.observe(canvas);
  }

  /**
   * Runs `action`, which the lab never refuses (a step, a redraw): a trap in
   * the WebAssembly (a panic: a bug), or any other error there, stops this
   * lab with a message and a reload button instead of breaking the page.
   * Nothing is thrown.
   */
  safely(action) {
    if (this.crashed) return undefined;
    try {
      return action();
    } catch (error) {
      this.crash(error);
      return undefined;
    }
  }

  /** Runs `action` on the lab: "" when it worked, else why the lab refused it (a trap stops the lab). */
  attempt(action) {
    try {
      action();
      return "";
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) this.crash(error);
      return error.message;
    }
  }

  crash(error) {
    this.crashed = true;
    this.playing = false;
    // Nothing else calls into the stopped lab (its link would throw).
    this.keeper?.stop();
    showFailure(
      `Something went wrong inside the lab and it had to stop (${error.message}). ` +
        "Any other lab on the page keeps working; reload the page to start this one again.",
    );
  }

  /** Draws both charts and renders the lesson text from a fresh snapshot. */
  refresh() {
    this.safely(() => this.refreshNow());
  }

  refreshNow() {
    this.state = this.lab.state();
    const n = this.state.n;
    if (this.view.selected >= n) this.view.selected = n - 1;
    this.draw();
    const trace = { index: this.view.selected, ...this.lab.trace(this.view.selected) };
    render(this.state, trace, { startFrom: this.lab.startFrom(), given: this.given, batch: this.lab.batch() });
    this.onChange(this.state);
  }

  draw() {
    this.safely(() => this.drawNow());
  }

  canvases() {
    return [this.fit, this.lossCanvas, this.landscape, this.slice];
  }

  drawNow() {
    this.lab.drawFit(this.fit, { residuals: this.view.residuals, selected: this.view.selected });
    this.lab.drawLoss(this.lossCanvas, { logScale: this.view.logScale });
    // The slice, with the lessons, only where it shows (an embed may hide it).
    if (this.slice.offsetParent) this.lab.drawSlice(this.slice);
    for (const canvas of [this.fit, this.lossCanvas, this.slice]) this.drawnSizes.set(canvas, sizeOf(canvas));
    if (this.drawnOnce) {
      this.lab.drawLandscape(this.landscape, { zoomOut: this.view.zoomOut });
      this.drawnSizes.set(this.landscape, sizeOf(this.landscape));
    } else {
      // The landscape's heatmap takes the longest: it follows a frame later,
      // so the page shows its first charts sooner.
      this.drawnOnce = true;
      requestAnimationFrame(() => this.draw());
    }
  }

  announce(text) {
    this.announcer.textContent = text;
    this.lastAnnounced = performance.now();
  }

  /** One step (steps 2 and 3), with step 2 and then step 3 lit. */
  stepOnce() {
    this.pause(false);
    if (this.safely(() => this.lab.step(1)) === undefined) return;
    this.refresh();
    clearTimeout(this.phaseTimer);
    if (reducedMotion.matches) {
      highlightStep(3);
    } else {
      highlightStep(2);
      this.phaseTimer = setTimeout(() => highlightStep(3), STEP_TWO_MS);
    }
    if (this.state.diverged) highlightStep(4);
    this.announce(announcement(this.state));
  }

  play() {
    if (this.playing) return;
    if (this.state.diverged) {
      this.announce(announcement(this.state));
      return;
    }
    this.playing = true;
    this.due = 0;
    this.lastFrame = performance.now();
    clearTimeout(this.phaseTimer);
    highlightStep(4);
    this.onChange(this.state);
    requestAnimationFrame((t) => this.frame(t));
  }

  /** Stops playing; says where it stopped unless told not to. */
  pause(say = true) {
    if (!this.playing) return;
    this.playing = false;
    this.onChange(this.state);
    if (say) this.announce(`Paused. ${announcement(this.state)}`);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  /**
   * Step 1 again, from a new random start (or from `start`, `{ w, b }`;
   * `words` say where the page got it, for step 1). Returns "", or why the
   * lab refused `start` (then nothing changes).
   */
  reset(start, words) {
    const refused = this.attempt(() => this.lab.reset(start));
    if (refused) return refused;
    if (start && words) this.given = { w: start.w, b: start.b, words };
    this.pause(false);
    clearTimeout(this.phaseTimer);
    this.refresh();
    highlightStep(1);
    this.announce(`New start: w ${this.state.w.toFixed(2)}, b ${this.state.b.toFixed(2)}, loss ${this.state.loss.toPrecision(3)}.`);
    return "";
  }

  /** Applies a config change; returns an error message, or "" when it worked. */
  set(patch) {
    const refused = this.attempt(() => this.lab.set(patch));
    if (refused) return refused;
    const restarted = this.lab.state().step === 0;
    this.refresh();
    if (restarted && !this.playing) highlightStep(1);
    return "";
  }

  /** Runs the steps that are due for this frame, within a time budget. */
  frame(now) {
    if (!this.playing) return;
    this.safely(() => this.frameNow(now));
  }

  frameNow(now) {
    const elapsed = Math.min(now - this.lastFrame, 250);
    this.lastFrame = now;
    // Steps due at this speed; at full speed, as many as the budget allows.
    const unlimited = this.stepsPerSecond >= this.fastest;
    this.due = unlimited ? Infinity : this.due + (this.stepsPerSecond * elapsed) / 1000;
    let steps = Math.floor(this.due);
    if (this.state.step < this.stopAt) steps = Math.min(steps, this.stopAt - this.state.step);
    if (steps > 0) {
      const budget = stepBudget(this.stepsPerSecond, this.fastest);
      const started = performance.now();
      let taken = 0;
      // In chunks that grow while they take little of the budget, so that a
      // million points or a thousand steps both stay within it.
      while (steps > 0) {
        const n = Math.min(this.chunk, steps);
        this.lab.step(n);
        taken += n;
        steps -= n;
        const spent = performance.now() - started;
        if (spent >= budget) break;
        if (spent < budget / 4) this.chunk = Math.min(this.chunk * 2, 1 << 20);
      }
      if (performance.now() - started > budget) this.chunk = Math.max(1, this.chunk >> 1);
      // No backlog: what did not fit is dropped, not saved up.
      this.due = unlimited ? 0 : Math.min(this.due - taken, this.stepsPerSecond / 10);
      this.refresh();
      if (this.state.diverged || this.state.step === this.stopAt) {
        this.pause(false);
        this.announce(announcement(this.state));
        return;
      }
      if (now - this.lastAnnounced > ANNOUNCE_EVERY_MS) this.announce(announcement(this.state));
    }
    requestAnimationFrame((t) => this.frame(t));
  }
}
