/* The careers assistant chat widget. One <script> tag embeds it; every message is
   rendered as text, never as HTML. When the student has asked for an adviser, the widget
   checks now and then for the adviser's reply and shows it apart from the bot's. */
(function () {
  "use strict";
  var script = document.currentScript;
  var school = script && script.dataset.school;
  var base = script ? new URL(script.src).origin : "";
  var POLL_MS = 4000;
  // A hand-off keeps the conversation on this device, so the adviser's reply can be read later.
  var kept = localStorage.getItem("careers-sender");
  var sender = kept || sessionStorage.getItem("careers-sender");
  if (!sender) {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    sender = "w" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    sessionStorage.setItem("careers-sender", sender);
  }
  var lastSeen = 0; // the newest adviser message shown on this page

  var host = document.createElement("div");
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '.panel{position:fixed;right:1rem;bottom:1rem;width:min(22rem,calc(100vw - 2rem));' +
    'background:#fff;border:1px solid #ccc;border-radius:.75rem;font:15px/1.4 system-ui,sans-serif;' +
    'box-shadow:0 4px 16px rgba(0,0,0,.15);display:flex;flex-direction:column;max-height:70vh}' +
    '.log{overflow-y:auto;padding:.75rem;flex:1}' +
    '.msg{margin:.25rem 0;padding:.5rem .75rem;border-radius:.75rem;max-width:85%;white-space:pre-wrap}' +
    '.bot{background:#eef3fb}.me{background:#0b5cad;color:#fff;margin-left:auto}' +
    '.adviser{background:#e6f4ea;border-left:4px solid #1e7b34}.who{display:block;font-size:.8rem;font-weight:600}' +
    '.note{font-size:.85rem;color:#444;font-style:italic}' +
    '.card{display:block;margin:.25rem 0;font-size:.85rem;color:#0b5cad}' +
    '.choices{display:flex;flex-wrap:wrap;gap:.25rem;margin:.25rem 0}' +
    '.choices button{background:#fff;color:#0b5cad;border:1px solid #0b5cad;border-radius:1rem;padding:.25rem .75rem;min-height:32px}' +
    'form{display:flex;border-top:1px solid #ddd}input{flex:1;border:0;padding:.75rem;font:inherit}' +
    'form button{border:0;background:#0b5cad;color:#fff;padding:0 1rem;font:inherit;min-height:44px}' +
    '</style>' +
    '<section class="panel" aria-label="Careers assistant chat">' +
    '<div class="log" role="log" aria-live="polite"></div>' +
    '<form><label hidden for="q">Your message</label>' +
    '<input id="q" aria-label="Your message" autocomplete="off" placeholder="Ask about jobs, courses…" maxlength="500">' +
    '<button type="submit">Send</button></form></section>';

  var log = root.querySelector(".log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");

  function add(text, who, label) {
    var p = document.createElement("p");
    p.className = "msg " + who;
    if (label) {
      var name = document.createElement("span");
      name.className = "who";
      name.textContent = label;
      p.appendChild(name);
    }
    p.appendChild(document.createTextNode(text));
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
    return p;
  }

  function addCards(records) {
    records.forEach(function (record) {
      var a = document.createElement("a");
      a.className = "card";
      a.href = base + (record.url || "");
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = "Source: " + record.title;
      log.appendChild(a);
    });
  }

  function addChoices(buttons) {
    var row = document.createElement("div");
    row.className = "choices";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () { row.remove(); send(b.payload, b.title); });
      row.appendChild(button);
    });
    log.appendChild(row);
  }

  function show(messages) {
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      if (m.text) add(m.text, "bot");
      if (m.buttons && m.buttons.length) addChoices(m.buttons);
      var custom = m.custom || {};
      if (custom.records) addCards(custom.records);
      if (custom.handoff && custom.handoff.reference) keepForReplies();
    });
  }

  function keepForReplies() {
    localStorage.setItem("careers-sender", sender);
    startPolling();
  }

  function send(message, shown) {
    add(shown || message, "me");
    var body = { sender: sender, message: message };
    if (school) body.metadata = { school: school };
    fetch(base + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () { add("Sorry, I can't connect just now. Please try again.", "bot"); });
  }

  function checkForReplies() {
    fetch(base + "/api/chat/updates", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, after: lastSeen })
    })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (updates) {
        updates.messages.forEach(function (m) {
          if (m.author === "adviser") add(m.text, "adviser", m.author_name + ", careers adviser");
          else add(m.text, "note");
          lastSeen = Math.max(lastSeen, m.id);
        });
      })
      .catch(function () { /* offline for now: the next check tries again */ });
  }

  var polling = null;
  function startPolling() {
    if (polling) return;
    checkForReplies();
    polling = setInterval(checkForReplies, POLL_MS);
  }
  if (kept) startPolling();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
})();
