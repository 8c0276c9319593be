// Page tools (#22), progressive enhancement: shows font size, copy and close.
// Print is wired by site.js ([data-print]). The text size is shared with the
// accessibility toolbar: localStorage "gc-a11y" {fontSize}, class gc-font-<size>.
(function () {
  "use strict";
  var KEY = "gc-a11y", SIZES = ["small", "medium", "large"], root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }

  function pressed(size) {
    document.querySelectorAll("[data-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size));
    });
  }

  function apply(size) {
    SIZES.forEach(function (s) { root.classList.toggle("gc-font-" + s, s === size); });
    pressed(size);
  }

  function init() {
    // Nothing saved: the default size, and no class on <html>.
    var saved = load().fontSize;
    if (SIZES.indexOf(saved) < 0) pressed("medium"); else apply(saved);
    document.querySelectorAll("[data-font-size]").forEach(function (group) {
      group.hidden = false;
      group.addEventListener("click", function (event) {
        var size = event.target.getAttribute("data-size");
        if (!size) return;
        var state = load();
        state.fontSize = size;
        try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
        apply(size);
      });
    });
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
