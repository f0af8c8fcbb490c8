/* Sharing Ledger console: the little that needs a script. Everything works without it. */
(function () {
  "use strict";

  // GOV.UK pattern: move focus to the error summary so it is announced first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Print buttons are hidden until there is a script to make them work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Verification progress: poll the run's JSON; reload when it has finished.
  var progress = document.querySelector("[data-poll]");
  if (progress) {
    var url = progress.getAttribute("data-poll");
    var bar = progress.querySelector("progress");
    var text = progress.querySelector("[data-progress-text]");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (run) {
          bar.value = run.percent;
          bar.textContent = run.percent + "%";
          text.textContent = run.phase === "tree"
            ? "Hash chain checked; checking the Merkle tree."
            : run.done.toLocaleString("en-GB") + " of " + run.total.toLocaleString("en-GB") +
              " entries checked.";
          if (run.state === "running") {
            window.setTimeout(poll, 300);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          text.textContent = "The progress could not be read. Refresh the page to try again.";
        });
    };
    window.setTimeout(poll, 200);
  }
})();
