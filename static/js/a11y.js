/* The accessibility toolbar (无障碍) and the phone menu button. Settings are
   read, applied and saved by a11y-head.js (window.gcA11y). */
(function (w, d) {
  "use strict";
  var api = w.gcA11y, root = d.documentElement;
  var ELDER = {fontSize: "large", lineSpacing: true, contrast: true, cursor: true, elder: true};
  var PLAIN = {fontSize: "medium", lineSpacing: false, contrast: false, cursor: false, guide: false, elder: false};

  function each(scope, selector, fn) { Array.prototype.forEach.call(scope.querySelectorAll(selector), fn); }
  function pressed(button, on) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  function has(name) { return root.classList.contains(name); }

  // Phones: the fragment link that opens the menu becomes a real button.
  function menuButton() {
    var link = d.querySelector(".main-nav .menu-toggle"), nav = d.querySelector(".main-nav");
    if (!link || !nav) return;
    var button = d.createElement("button");
    button.type = "button";
    button.className = "menu-toggle";
    button.textContent = link.textContent;
    button.setAttribute("aria-controls", "site-menu");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", String(nav.classList.toggle("menu-open")));
    });
    link.parentNode.replaceChild(button, link);
  }

  function toolbar() {
    var panel = d.getElementById("a11y-panel"), open = d.querySelector(".a11y-open");
    if (!panel || !open || !api) return;
    var elderLink = d.querySelector("[data-a11y-elder]");
    var read = panel.querySelector("[data-a11y-read]");
    open.hidden = false;

    function sync() {
      each(panel, "[data-a11y-font]", function (b) { pressed(b, has("gc-font-" + b.getAttribute("data-a11y-font"))); });
      each(panel, "[data-a11y-switch]", function (b) {
        var name = b.getAttribute("data-a11y-switch");
        pressed(b, has({lineSpacing: "gc-spacing", contrast: "gc-contrast", cursor: "gc-cursor",
          guide: "gc-guide", elder: "elder-mode"}[name]));
      });
      if (elderLink) {
        var on = has("elder-mode");
        elderLink.href = elderLink.href.replace(/on=[01]/, on ? "on=0" : "on=1");
        elderLink.textContent = elderLink.getAttribute(on ? "data-label-off" : "data-label-on");
      }
    }
    function set(patch) { api.save(patch); sync(); }
    function show(visible) {
      panel.hidden = !visible;
      open.setAttribute("aria-expanded", String(visible));
      if (visible) panel.querySelector("button").focus();
    }

    open.addEventListener("click", function () { show(panel.hidden); });
    d.addEventListener("keydown", function (e) {
      if (e.key == "Escape" && !panel.hidden) { show(false); open.focus(); }
    });
    panel.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var patch = {};
      if (b.hasAttribute("data-a11y-font")) patch.fontSize = b.getAttribute("data-a11y-font");
      else if (b.hasAttribute("data-a11y-switch")) {
        var name = b.getAttribute("data-a11y-switch");
        patch = b.getAttribute("aria-pressed") == "true" ? (name == "elder" ? PLAIN : {}) : (name == "elder" ? ELDER : {});
        if (name != "elder") patch[name] = b.getAttribute("aria-pressed") != "true";
      } else if (b.hasAttribute("data-a11y-reset")) patch = PLAIN;
      else if (b.hasAttribute("data-a11y-close")) { show(false); open.focus(); return; }
      else return;
      set(patch);
    });

    // Read aloud with the browser's own speech synthesis; no button without it.
    if (read && w.speechSynthesis && w.SpeechSynthesisUtterance) {
      var picked = "";
      read.hidden = false;
      read.addEventListener("pointerdown", function () { picked = String(w.getSelection()).trim(); });
      read.addEventListener("click", function () {
        var synth = w.speechSynthesis;
        if (synth.speaking) { synth.cancel(); pressed(read, false); return; }
        var text = picked || String(w.getSelection()).trim() || (d.getElementById("main") || d.body).innerText;
        picked = "";
        var utterance = new w.SpeechSynthesisUtterance(text.slice(0, 30000));
        utterance.lang = root.lang || "zh-CN";
        utterance.onend = utterance.onerror = function () { pressed(read, false); };
        pressed(read, true);
        synth.speak(utterance);
      });
    }

    // Reading guide: a horizontal bar that follows the pointer.
    var line = d.createElement("div");
    line.className = "a11y-guide-line";
    line.setAttribute("aria-hidden", "true");
    d.body.appendChild(line);
    d.addEventListener("pointermove", function (e) {
      if (has("gc-guide")) line.style.top = e.clientY + "px";
    }, {passive: true});

    // The page tools' 字号 buttons save through gcA11y too: show their change.
    if (w.MutationObserver) {
      new MutationObserver(sync).observe(root, {attributes: true, attributeFilter: ["class"]});
    }
    sync();
  }

  // The catalog tree is always open on wide screens (folded on phones).
  function catalogTree() {
    if (!w.matchMedia || !w.matchMedia("(min-width: 48rem)").matches) return;
    each(d, "details.catalog-nav", function (details) { details.open = true; });
  }

  function init() { menuButton(); toolbar(); catalogTree(); }
  if (d.readyState == "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})(window, document);
