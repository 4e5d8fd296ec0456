// Starts the lesson; if any part of it fails to load, says so instead of
// leaving a blank space.
import { describeLoadFailure, showFailure } from "./failure.js";

import("./main.js").catch((error) => showFailure(describeLoadFailure(error)));
