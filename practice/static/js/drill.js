// Keyboard for the drill: Space/Enter reveal, 1-4 rate, U undo; focus follows each swap.
(function () {
  "use strict";

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

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.metaKey) return;
    var target = event.target;
    var typing = target.closest && target.closest("textarea, input, select");
    if (typing) {
      if (event.key === "Enter" && event.ctrlKey && target.id === "typed-answer") {
        event.preventDefault();
        press('[data-key="reveal"]');
      } else if (event.key === "Escape") {
        target.blur();
      }
      return;
    }
    if (event.ctrlKey) return;
    var onControl = target.closest && target.closest("button, a, summary");
    var handled = false;
    if ((event.key === " " || event.key === "Enter") && !onControl) {
      handled = press('[data-key="reveal"]');
    } else if (["1", "2", "3", "4"].indexOf(event.key) !== -1) {
      handled = press('[data-key="' + event.key + '"]');
    } else if (event.key === "u" || event.key === "U") {
      handled = press('[data-key="undo"]');
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
