// First run: while the time zone select still shows the saved zone (UTC for a new account),
// set it to the zone this browser reports. Without JavaScript the select works as it is.
(function () {
  "use strict";
  var select = document.querySelector("select[data-detect-time-zone]");
  if (!select || !window.Intl || select.value !== select.dataset.detectTimeZone) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!zone || !known || zone === select.value) return;
  select.value = zone;
  var note = document.getElementById("time-zone-detected");
  if (note) {
    note.textContent = "Detected from your browser: " + zone + ".";
    note.hidden = false;
  }
})();
