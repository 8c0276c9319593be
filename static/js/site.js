// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";

  // Headline carousel: one slide at a time with previous/next and numbered
  // buttons. It never advances by itself (WCAG 2.2.2), so it needs no pause.
  function enhanceCarousel(carousel) {
    var slides = carousel.querySelectorAll(".slide");
    if (slides.length < 2) return;
    var current = 0;
    var controls = document.createElement("div");
    controls.className = "carousel-controls";
    var prev = document.createElement("button");
    prev.type = "button";
    prev.textContent = carousel.getAttribute("data-previous");
    var next = document.createElement("button");
    next.type = "button";
    next.textContent = carousel.getAttribute("data-next");
    controls.appendChild(prev);
    var dots = [];
    slides.forEach(function (slide, index) {
      var dot = document.createElement("button");
      dot.type = "button";
      dot.className = "dot";
      dot.textContent = String(index + 1);
      dot.setAttribute("aria-label", slide.getAttribute("aria-label"));
      dot.addEventListener("click", function () { show(index); });
      dots.push(dot);
      controls.appendChild(dot);
    });
    controls.appendChild(next);
    function show(index) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      dots.forEach(function (dot, i) {
        dot.setAttribute("aria-current", i === current ? "true" : "false");
      });
    }
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    carousel.classList.add("is-enhanced");
    carousel.appendChild(controls);
    show(0);
  }

  function init() {
    document.querySelectorAll("[data-carousel]").forEach(enhanceCarousel);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
