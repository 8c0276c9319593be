/* Accessibility toolbar settings, applied before the first paint (loaded
   blocking in <head>; the CSP allows scripts from this origin only). The same
   settings live in localStorage "gc-a11y" (JSON, per origin) and in the cookie
   "gc-a11y" (shared by the sites under A11Y_COOKIE_DOMAIN; format: core/a11y.py);
   the newer of the two wins. */
(function (w, d) {
  "use strict";
  var KEY = "gc-a11y", root = d.documentElement, SIZES = /^(small|medium|large)$/;
  var SWITCHES = {lineSpacing: ["s", "gc-spacing"], contrast: ["c", "gc-contrast"],
    cursor: ["k", "gc-cursor"], guide: ["g", "gc-guide"], elder: ["e", "elder-mode"]};

  function fromCookie() {
    var m = /(?:^|;\s*)gc-a11y=(small|medium|large)\.([sckge]*)\.(\d+)/.exec(d.cookie);
    if (!m) return null;
    var s = {fontSize: m[1], t: +m[3]};
    for (var k in SWITCHES) s[k] = m[2].indexOf(SWITCHES[k][0]) > -1;
    return s;
  }
  function fromStorage() {
    try {
      var s = JSON.parse(w.localStorage.getItem(KEY));
      return s && typeof s == "object" ? s : null;
    } catch (e) { return null; }
  }
  function read() {
    var c = fromCookie(), l = fromStorage();
    return l && (!c || (l.t || 0) >= c.t) ? l : c;
  }
  function apply(s) {
    var add = ["gc-font-" + (SIZES.test(s.fontSize) ? s.fontSize : "medium")];
    for (var k in SWITCHES) if (s[k] === true) add.push(SWITCHES[k][1]);
    root.className = (root.className.replace(
      /(^|\s)(gc-font-\S+|gc-spacing|gc-contrast|gc-cursor|gc-guide|elder-mode)(?=\s|$)/g, " "
    ) + " " + add.join(" ")).replace(/\s+/g, " ").trim();
  }
  // Saved by the toolbar and the page tools alike; the cookie's domain is the
  // toolbar panel's data-cookie-domain (A11Y_COOKIE_DOMAIN), when set.
  function save(patch) {
    var s = read() || {}, k, letters = "";
    var panel = d.getElementById("a11y-panel"), domain = panel && panel.getAttribute("data-cookie-domain");
    for (k in patch) s[k] = patch[k];
    if (!SIZES.test(s.fontSize)) s.fontSize = "medium";
    s.t = Date.now();
    try { w.localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode */ }
    for (k in SWITCHES) if (s[k] === true) letters += SWITCHES[k][0];
    d.cookie = KEY + "=" + s.fontSize + "." + letters + "." + s.t + "; path=/; max-age=31536000; samesite=lax" +
      (domain ? "; domain=" + domain : "") + (w.location.protocol == "https:" ? "; secure" : "");
    apply(s);
    return s;
  }
  w.gcA11y = {read: read, apply: apply, save: save};
  var s = read();
  if (s) apply(s);
})(window, document);
