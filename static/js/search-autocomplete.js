// Title suggestions for the search boxes: fills each box's <datalist> from
// /api/search/autocomplete/ as the visitor types (progressive enhancement).
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var form = input.form;
    var timer = null;
    if (!list) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 1 || q.length > 100) return;
      timer = setTimeout(function () {
        var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(q);
        ["scope", "subsite"].forEach(function (name) {
          var field = form && form.querySelector("input[name=" + name + "]");
          if (field) url += "&" + name + "=" + encodeURIComponent(field.value);
        });
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
