/* The careers assistant chat widget. One <script> tag embeds it; every message is
   rendered as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  var school = script && script.dataset.school;
  var base = script ? new URL(script.src).origin : "";
  var sender = sessionStorage.getItem("careers-sender");
  if (!sender) {
    sender = "w" + Math.random().toString(36).slice(2, 14);
    sessionStorage.setItem("careers-sender", sender);
  }

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
    '.card{display:block;margin:.25rem 0;font-size:.85rem;color:#0b5cad}' +
    'form{display:flex;border-top:1px solid #ddd}input{flex:1;border:0;padding:.75rem;font:inherit}' +
    'button{border:0;background:#0b5cad;color:#fff;padding:0 1rem;font:inherit;min-height:44px}' +
    '</style>' +
    '<section class="panel" aria-label="Careers assistant chat">' +
    '<div class="log" role="log" aria-live="polite"></div>' +
    '<form><label hidden for="q">Your message</label>' +
    '<input id="q" autocomplete="off" placeholder="Ask about jobs, courses…" maxlength="500">' +
    '<button type="submit">Send</button></form></section>';

  var log = root.querySelector(".log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");

  function add(text, who) {
    var p = document.createElement("p");
    p.className = "msg " + who;
    p.textContent = text;
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    add(text, "me");
    var body = { sender: sender, message: text };
    if (school) body.metadata = { school: school };
    fetch(base + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json(); })
      .then(function (messages) {
        (Array.isArray(messages) ? messages : []).forEach(function (m) {
          if (m.text) add(m.text, "bot");
          if (m.custom && m.custom.records) addCards(m.custom.records);
        });
      })
      .catch(function () { add("Sorry, I can't connect just now. Please try again.", "bot"); });
  });
})();
