// Served only by `codegen docs --serve`: reload the page when the plan changes.
(function () {
  "use strict";
  var version = new URL(document.currentScript.src).searchParams.get("v");
  function poll(delay) {
    setTimeout(function () {
      fetch("/__trackplan/wait?since=" + encodeURIComponent(version), { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (String(answer.version) !== version) {
            location.reload();
          } else {
            poll(0);
          }
        })
        // The server is restarting or gone: try again, gently.
        .catch(function () { poll(1000); });
    }, delay);
  }
  poll(0);
})();
