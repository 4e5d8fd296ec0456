// Links and embedding: every setting in the URL (kept up to date as the
// learner plays), "Copy link", and the embed mode with chosen panels and
// controls. Text from the URL only ever reaches the page as text.

const LESSON_PANELS = ["steps", "formula", "backprop"];
/** What an embedded lab shows unless the link says otherwise. */
const EMBED_PANELS = ["fit", "loss"];
const EMBED_CONTROLS = ["run", "rate"];

/** Shows only the chosen panels and controls; `embed` leaves out the lesson's page around the lab. */
export function applyView(view) {
  document.body.classList.toggle("embed", view.embed);
  const panels = view.panels ?? (view.embed ? EMBED_PANELS : null);
  for (const element of document.querySelectorAll("[data-panel]")) {
    element.hidden = panels !== null && !panels.includes(element.dataset.panel);
  }
  const lesson = document.getElementById("lesson");
  lesson.hidden = panels !== null && !panels.some((p) => LESSON_PANELS.includes(p));
  if (view.embed) {
    // One grid of the chosen panels, in the order the link names them, under the controls.
    const grid = document.createElement("div");
    grid.className = "embed-panels";
    grid.append(...panels.map((name) => document.querySelector(`[data-panel="${name}"]`)));
    // Text panels scroll within their cell: keyboard users can focus and scroll them.
    for (const section of grid.querySelectorAll("section")) section.tabIndex = 0;
    document.querySelector(".layout").append(grid);
    lesson.hidden = true;
  }
  const controls = view.controls ?? (view.embed ? EMBED_CONTROLS : null);
  for (const element of document.querySelectorAll("[data-control]")) {
    element.hidden = controls !== null && !controls.includes(element.dataset.control);
  }
  document.body.classList.toggle("fixed-optimizer", controls !== null && !controls.includes("optimizer"));
}

/** Lists the link's notices (each a parameter that took its default), as text. */
export function showNotices(notices) {
  const box = document.getElementById("link-notice");
  const list = document.getElementById("link-notices");
  list.replaceChildren(
    ...notices.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
  box.hidden = notices.length === 0;
  document.getElementById("link-notice-close").addEventListener("click", () => (box.hidden = true), { once: true });
}

/** Keeps the address bar on the current setup, at most a few times a second. */
export class LinkKeeper {
  constructor(lab, view) {
    this.lab = lab;
    this.view = view;
    this.timer = 0;
    this.last = location.search.slice(1);
  }

  /** The query of the current setup. */
  query() {
    return this.lab.link(this.view());
  }

  url() {
    return `${location.href.split(/[?#]/)[0]}?${this.query()}`;
  }

  /** No more updates (the lab stopped). */
  stop() {
    clearTimeout(this.timer);
    this.stopped = true;
  }

  schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      const query = this.query();
      if (query !== this.last) {
        this.last = query;
        try {
          history.replaceState(history.state, "", `?${query}`);
        } catch {
          // A page opened from file:// or in a sandbox may refuse; the lab goes on.
        }
      }
    }, 300);
  }
}

/** Copies the link of the current setup, saying so in the live region. */
export async function copyLink(keeper, status) {
  const url = keeper.url();
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = "Link copied: it opens this exact setup.";
  } catch {
    // No clipboard (an insecure page, or permission refused): select the link instead.
    const field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.append(field);
    field.select();
    const copied = document.execCommand?.("copy");
    field.remove();
    status.textContent = copied ? "Link copied." : `Copy this link: ${url}`;
  }
}
