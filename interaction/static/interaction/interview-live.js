// Live page of an online interview (在线访谈): polls the same-origin live.json
// and adds new approved questions, answers and transcript entries in place.
// Without this script the page still shows everything on a plain reload.
(function () {
  "use strict";

  function text(tag, value, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = value;
    return node;
  }

  function questionItem(q) {
    var item = document.createElement("li");
    item.id = "q-" + q.id;
    item.className = "interview-question";
    var asked = text("p", "", "question");
    asked.appendChild(text("strong", q.asker));
    asked.appendChild(document.createTextNode(" "));
    asked.appendChild(text("time", q.submitted_at));
    asked.appendChild(document.createTextNode("：" + q.content));
    item.appendChild(asked);
    if (q.answer) {
      var answer = text("p", "", "answer");
      var by = q.answered_by || root.dataset.answerLabel;
      if (q.answered_live) by += "（" + root.dataset.liveLabel + "）";
      answer.appendChild(text("strong", by));
      answer.appendChild(document.createTextNode("：" + q.answer));
      item.appendChild(answer);
    }
    return item;
  }

  function dropEmpty(list) {
    var empty = list.querySelector(".empty");
    if (empty) empty.remove();
  }

  function apply(data) {
    var status = document.getElementById("interview-status");
    if (status && data.status_label) status.textContent = data.status_label;
    var list = document.getElementById("interview-questions");
    (data.withdrawn || []).forEach(function (id) {
      var old = document.getElementById("q-" + id);
      if (old) old.remove();
    });
    (data.questions || []).forEach(function (q) {
      var item = questionItem(q);
      var old = document.getElementById(item.id);
      if (old) {
        old.replaceWith(item);
      } else if (list) {
        dropEmpty(list);
        list.appendChild(item);
      }
    });
    var transcript = document.getElementById("interview-transcript");
    if (transcript && data.transcript && data.transcript.length) {
      transcript.replaceChildren.apply(
        transcript,
        data.transcript.map(function (entry) { return text("p", entry); })
      );
    }
    root.dataset.cursor = data.cursor;
    root.dataset.status = data.status;
  }

  var root = document.getElementById("interview");
  if (!root || !window.fetch) return;
  var seconds = parseInt(root.dataset.pollSeconds, 10) || 5;

  function poll() {
    if (root.dataset.status === "finished") return;
    var url = root.dataset.liveUrl + "?since=" + encodeURIComponent(root.dataset.cursor);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* offline: try again at the next tick */ })
      .then(function () { window.setTimeout(poll, seconds * 1000); });
  }

  window.setTimeout(poll, seconds * 1000);
})();
