// The answer form: offer only the outcome rows that fit the chosen reply type.
// The outcome select groups its rows under the reply types' labels; the server
// refuses a mismatch either way, this only keeps the choice short.
(function () {
  "use strict";
  function filter(form) {
    var reply = form.querySelector("select[name$='reply_type']");
    var outcome = form.querySelector("select[name$='outcome']");
    if (!reply || !outcome) return;
    function update() {
      var chosen = reply.options[reply.selectedIndex];
      var label = chosen ? chosen.text.trim() : "";
      var groups = outcome.querySelectorAll("optgroup");
      groups.forEach(function (group) {
        var fits = group.label.trim() === label;
        group.hidden = !fits;
        group.disabled = !fits;
      });
      var selected = outcome.options[outcome.selectedIndex];
      if (!selected || selected.parentNode.disabled) {
        var first = outcome.querySelector("optgroup:not([disabled]) option");
        if (first) first.selected = true;
      }
    }
    reply.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document
      .querySelectorAll("form[data-application-action='answer']")
      .forEach(filter);
  });
})();
