// Writes dist/gradient-descent-lab-scorm.zip: the lesson as a SCORM 1.2
// package that Moodle, Canvas, Blackboard and other LMSs import as an
// activity. imsmanifest.xml at the root names one SCO, the lesson page,
// launched with the exercise's link keys; every file of the site is listed.
// Inside the LMS the page finds the SCORM API and reports to it (www/exercise.js).
//
//   node tools/scorm.mjs ["goal=loss<0.1&within=30&task=…"]   (./build.sh scorm [query])
import { zipSync } from "fflate";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
export const PACKAGE = "gradient-descent-lab-scorm.zip";

/** The package's exercise unless told otherwise: one of the lesson's, on the learning rate. */
export const DEFAULT_QUERY =
  "goal=loss<0.1&within=30&controls=run,rate&task=Reach a loss below 0.1 within 30 steps by changing only the learning rate.";

/** The site's files the lesson loads (on demand too), as dist/ has them. */
export const FILES = [
  "index.html",
  "favicon.svg",
  "nomodule.js",
  "pkg/app.js",
  "pkg/exercise.js",
  "pkg/exercises.js",
  "pkg/data-io.js",
  "pkg/gradient_descent_lab_bg.wasm",
];

const xml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `query` as a URL's query: each key and value percent-encoded (`<` as %3C, spaces as %20). */
function launchQuery(query) {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  return [...params].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
}

/** imsmanifest.xml for the lesson launched with `query`. */
export function manifest(query) {
  const launch = `index.html${query ? `?${launchQuery(query)}` : ""}`;
  const task = new URLSearchParams(query).get("task");
  const files = FILES.map((file) => `        <file href="${xml(file)}"/>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="gradient-descent-lab" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="gradient-descent-lab-course">
    <organization identifier="gradient-descent-lab-course">
      <title>Gradient Descent Lab</title>
      <item identifier="lesson" identifierref="lesson-page" isvisible="true">
        <title>${xml(task ?? "Gradient descent, step by step")}</title>
        <adlcp:masteryscore>100</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="lesson-page" type="webcontent" adlcp:scormtype="sco" href="${xml(launch)}">
${files}
    </resource>
  </resources>
</manifest>
`;
}

/** The package's bytes: the manifest and the site's files. */
export function scormPackage(query = DEFAULT_QUERY, dist = DIST) {
  // (An empty query: the lesson, whose own exercises then make the score.)
  const entries = { "imsmanifest.xml": new TextEncoder().encode(manifest(query)) };
  for (const file of FILES) entries[file] = readFileSync(join(dist, file));
  return zipSync(entries, { level: 9, mtime: new Date("2026-01-01T00:00:00Z") });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const query = process.argv[2] ?? DEFAULT_QUERY;
  const bytes = scormPackage(query);
  writeFileSync(join(DIST, PACKAGE), bytes);
  console.log(`dist/${PACKAGE} written (${Math.round(bytes.length / 1024)} KB), launching index.html?${launchQuery(query)}`);
}
