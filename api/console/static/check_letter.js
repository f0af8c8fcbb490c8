/* Check a letter: hash the chosen file in the browser (it is never sent), fill in its SHA-256. */
(function () {
  "use strict";
  var form = document.querySelector("[data-check-letter]");
  if (!form || !window.crypto || !window.crypto.subtle) {
    return; // no Web Crypto (not a secure context): the SHA-256 field still works
  }
  var group = form.querySelector("[data-file-group]");
  var input = form.querySelector("#letter");
  var digest = form.querySelector("#sha256");
  group.hidden = false;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    file.arrayBuffer()
      .then(function (bytes) { return window.crypto.subtle.digest("SHA-256", bytes); })
      .then(function (hash) {
        digest.value = Array.prototype.map.call(new Uint8Array(hash), function (b) {
          return ("0" + b.toString(16)).slice(-2);
        }).join("");
        digest.dispatchEvent(new Event("input"));
      });
  });
})();
