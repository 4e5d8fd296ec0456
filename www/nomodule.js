// Runs only in browsers too old for ES modules (and so for the lab).
(function () {
  var box = document.getElementById("load-error");
  if (!box) return;
  box.textContent = "This browser is too old to run the lab. Open the page in a current Firefox, Chrome, Safari or Edge.";
  box.hidden = false;
  document.body.setAttribute("data-failed", "true");
})();
