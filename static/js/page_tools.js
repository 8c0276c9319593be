// Page tools (#22), progressive enhancement: shows font size, copy and close.
// Print is wired by site.js ([data-print]). The text size is the accessibility
// toolbar's: read and saved through window.gcA11y (a11y-head.js), where the
// newer of the cookie and localStorage wins. Reading localStorage here would
// bring back a size the server-side elder-mode link has since reset.
(function () {
  "use strict";
  var SIZES = ["small", "medium", "large"], api = window.gcA11y;

  function current() {
    var s = api && api.read();
    return s && SIZES.indexOf(s.fontSize) > -1 ? s.fontSize : "medium";
  }

  function pressed(size) {
    document.querySelectorAll("[data-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size));
    });
  }

  function save(size) {
    api.save({fontSize: size});
    pressed(size);
  }

  function init() {
    // a11y-head.js has already applied the saved size to <html>.
    pressed(current());
    if (api) {
      document.querySelectorAll("[data-font-size]").forEach(function (group) {
        group.hidden = false;
        group.addEventListener("click", function (event) {
          var size = event.target.getAttribute("data-size");
          if (SIZES.indexOf(size) > -1) save(size);
        });
      });
      // The toolbar may change the size too: keep the pressed button true.
      if (window.MutationObserver) {
        new MutationObserver(function () { pressed(current()); })
          .observe(document.documentElement, {attributes: true, attributeFilter: ["class"]});
      }
    }
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var panel = button.parentNode, input = panel.querySelector("input"),
        status = panel.querySelector("[role=status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        function done(ok) { status.textContent = status.getAttribute(ok ? "data-copied" : "data-failed"); }
        input.select();
        if (navigator.clipboard) {
          navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(false); });
        } else {
          done(document.execCommand("copy"));
        }
      });
    });
    document.querySelectorAll("[data-qr]").forEach(function (link) {
      link.addEventListener("click", function () {
        var qr = document.getElementById("page-qr");
        if (qr) qr.closest("details").open = true;
      });
    });
    if (window.opener) {
      document.querySelectorAll("[data-close]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.close(); });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
