// Keyboard for the drill: Space/Enter reveal, 1-4 rate, U undo, ? lists the keys (these
// single-key shortcuts can be turned off in study settings); Tab indents in a code answer box;
// focus follows each swap.
(function () {
  "use strict";

  var INDENT = "    ";
  var drill = document.querySelector(".drill");
  var dialog = document.getElementById("keys-dialog");
  var opener = null;

  function shortcutsOn() {
    return !drill || drill.dataset.shortcuts !== "off";
  }

  // Text typed as if by the user, so that the box's own undo (Ctrl+Z) takes it back.
  function insert(box, text) {
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      box.setRangeText(text, box.selectionStart, box.selectionEnd, "end");
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // Tab in a code box: indent at the caret, or every line of a selection of several lines.
  function indent(box) {
    var start = box.selectionStart;
    var end = box.selectionEnd;
    if (box.value.slice(start, end).indexOf("\n") === -1) {
      insert(box, INDENT);
      return;
    }
    var lineStart = box.value.lastIndexOf("\n", start - 1) + 1;
    var lines = box.value.slice(lineStart, end).replace(/^/gm, INDENT);
    box.setSelectionRange(lineStart, end);
    insert(box, lines);
    box.setSelectionRange(lineStart, lineStart + lines.length);
  }

  // The code box says how to leave it only where the script makes Tab indent.
  function prepare(root) {
    root.querySelectorAll("[data-indent-hint]").forEach(function (hint) {
      var box = document.getElementById("typed-answer");
      hint.hidden = false;
      if (!box) return;
      var described = (box.getAttribute("aria-describedby") || "").split(" ");
      if (described.indexOf(hint.id) === -1) described.push(hint.id);
      box.setAttribute("aria-describedby", described.join(" ").trim());
    });
  }

  function openKeys() {
    if (!dialog || dialog.open || !dialog.showModal) return false;
    opener = document.activeElement;
    dialog.showModal();
    return true;
  }

  if (dialog) {
    // Esc (the browser's own) or Close: focus goes back to where it was before the dialog.
    dialog.addEventListener("close", function () {
      if (opener && opener.isConnected && opener.focus) opener.focus();
      opener = null;
    });
    document.querySelectorAll("[data-keys-open]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", openKeys);
    });
  }
  prepare(document);

  function press(selector) {
    var button = document.querySelector("#drill-card " + selector) ||
      document.querySelector(selector);
    if (button) {
      // A key can arrive before htmx has wired up a form it just swapped in; process it
      // first (idempotent) so the click is an HTMX request, not a full page submit.
      if (window.htmx && button.form) window.htmx.process(button.form);
      button.click();
      return true;
    }
    return false;
  }

  function inBox(event) {
    var target = event.target;
    var plain = !event.ctrlKey && !event.altKey && !event.metaKey;
    if (event.key === "Tab" && plain && !event.shiftKey && target.matches("[data-indent]")) {
      event.preventDefault();  // Shift+Tab and Esc still leave the box: it never traps
      indent(target);
    } else if (event.key === "Enter" && event.ctrlKey && target.id === "typed-answer") {
      event.preventDefault();
      press('[data-key="reveal"]');
    } else if (event.key === "Escape") {
      target.blur();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (dialog && dialog.open) return;  // the dialog's own keys: Tab, Enter, Esc closes
    var target = event.target;
    if (target.closest && target.closest("textarea, input, select")) {
      inBox(event);
      return;
    }
    if (event.altKey || event.metaKey || event.ctrlKey || !shortcutsOn()) return;
    var onControl = target.closest && target.closest("button, a, summary");
    var handled = false;
    if ((event.key === " " || event.key === "Enter") && !onControl) {
      handled = press('[data-key="reveal"]');
    } else if (["1", "2", "3", "4"].indexOf(event.key) !== -1) {
      handled = press('[data-key="' + event.key + '"]');
    } else if (event.key === "u" || event.key === "U") {
      handled = press('[data-key="undo"]');
    } else if (event.key === "?") {
      handled = openKeys();
    }
    if (handled) event.preventDefault();
  });

  // Before a swap, remember which card and stage were shown: a reveal of the same card
  // focuses (and scrolls to) the stage it revealed; only a new card focuses its prompt.
  var shown = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target.id !== "drill-card") return;
    var card = event.detail.target.querySelector("article.card");
    shown = card ? { item: card.dataset.item, stage: Number(card.dataset.stage) } : null;
  });

  // "Nothing is due": count down to the next learning card (the page says when in plain words
  // without JavaScript), then load the drill again to show it. The server gives the seconds
  // left, so the countdown does not depend on this device's clock being right.
  function waitText(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = ("0" + (seconds % 60)).slice(-2);
    return "in " + (hours ? hours + ":" + ("0" + minutes).slice(-2) : minutes) + ":" + rest;
  }

  function tick() {
    var clock = document.querySelector("#drill-card [data-countdown]");
    if (!clock) return;
    if (!clock.dataset.until) {
      clock.dataset.until = String(Date.now() + Number(clock.dataset.countdown) * 1000);
    }
    var left = Math.ceil((Number(clock.dataset.until) - Date.now()) / 1000);
    var wait = clock.parentNode.querySelector(".countdown-wait");
    if (left > 0) {
      if (wait) wait.textContent = waitText(left);
      return;
    }
    clock.removeAttribute("data-countdown");
    if (wait) wait.textContent = "now";
    window.location.assign(clock.dataset.reload);
  }

  tick();
  window.setInterval(tick, 1000);

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "drill-card") return;
    prepare(event.detail.target);
    var card = event.detail.target.querySelector("article.card");
    var focus = null;
    if (card && shown && card.dataset.item === shown.item &&
        Number(card.dataset.stage) > shown.stage) {
      focus = card.querySelector('[data-revealed="' + card.dataset.stage + '"]');
    }
    focus = focus || event.detail.target.querySelector("[data-focus]");
    if (focus) {
      focus.focus({ preventScroll: true });
      focus.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  });
})();
