// Title suggestions for the search box: fills the <datalist> from
// /api/search/autocomplete/ as the visitor types (progressive enhancement).
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 1 || q.length > 100) return;
    timer = setTimeout(function () {
      var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(q);
      var scope = document.querySelector("input[name=scope]");
      if (scope) url += "&scope=" + encodeURIComponent(scope.value);
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
})();
