// Item pages: a "Copy" button on every code block (no inline scripts: CSP allows only 'self').
// The search page: Back and Forward put the URL's search text back into the box (htmx
// restores the page from its history snapshot, which keeps the box's first value).
(function () {
  "use strict";
  function addCopyButtons(root) {
    root.querySelectorAll(".item-sections pre").forEach(function (pre) {
      if (pre.querySelector(".copy-code")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy this code");
      button.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        navigator.clipboard.writeText(code.innerText).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        }, function () { button.textContent = "Press Ctrl+C"; });
      });
      pre.insertBefore(button, pre.firstChild);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { addCopyButtons(document); });

  function searchBoxFromUrl() {
    var box = document.getElementById("library-q");
    if (!box) return;
    var text = new URLSearchParams(window.location.search).get("q") || "";
    if (box.value !== text) box.value = text;
  }
  document.addEventListener("htmx:historyRestore", searchBoxFromUrl);
  window.addEventListener("popstate", function () { window.setTimeout(searchBoxFromUrl, 0); });
  window.addEventListener("pageshow", searchBoxFromUrl);
})();
