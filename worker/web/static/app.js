// newsworker inspector: live list updates over server-sent events. Plain JavaScript, no build step.
"use strict";
(function () {
  const table = document.getElementById("articles");
  if (!table) return;
  const rows = document.getElementById("rows");
  const state = document.getElementById("live-state");
  const limit = parseInt(table.dataset.limit, 10) || 100;
  let after = table.dataset.after;
  let source = null;

  function setState(text) { state.textContent = text; }

  function addRow(id, html) {
    // The row is rendered (and escaped) by the server; an article finishing again replaces its old row.
    for (const old of rows.querySelectorAll("tr[data-id]")) {
      if (old.dataset.id === id) old.remove();
    }
    rows.insertAdjacentHTML("afterbegin", html);
    const row = rows.firstElementChild;
    if (row) row.classList.add("fresh");
    while (rows.children.length > limit) rows.lastElementChild.remove();
    const empty = document.getElementById("empty");
    if (empty) empty.remove();
  }

  function showFigures(figures) {
    for (const [name, value] of Object.entries(figures)) {
      const cell = document.querySelector('[data-figure="' + CSS.escape(name) + '"]');
      if (cell) cell.textContent = String(value);
    }
  }

  function connect() {
    // EventSource resends the last id it saw when it reconnects by itself; after a failed
    // (non-200) answer it gives up, so connect again with `after` set to the last id seen.
    source = new EventSource("/events?after=" + encodeURIComponent(after || ""));
    source.addEventListener("open", () => setState("on"));
    source.addEventListener("article", (event) => {
      after = event.lastEventId || after;
      const data = JSON.parse(event.data);
      if (data.html) addRow(data.id, data.html);
    });
    source.addEventListener("status", (event) => { setState("on"); showFigures(JSON.parse(event.data)); });
    source.addEventListener("offline", () => setState("Redis down, retrying"));
    source.addEventListener("error", () => {
      setState("reconnecting");
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
  }
  connect();
})();
