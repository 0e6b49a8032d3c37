/* The careers assistant chat widget, embedded by a school with one tag:

     <script src="https://<service>/widget/widget.js" data-school="<identifier>"
             data-accent="#7a1f5c" data-greeting="Hi!" data-position="right" defer></script>

   It talks only to the service it came from, lives in a shadow root (the page and the
   widget never restyle each other), and shows every message as text, never as HTML.
   The chat is kept in sessionStorage, so it survives reloads and moving between pages
   but not closing the browser, unless the student ticks "Keep this chat on this device".
   A message typed while offline waits in the store and is sent once the line is back. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__careersWidget) return;
  window.__careersWidget = true;

  var BASE = new URL(script.src).origin;
  var SCHOOL = script.dataset.school || null;
  var GREETING = script.dataset.greeting ||
    "Hi! I'm a careers bot for young people in the North East. Ask me about jobs, courses, " +
    "apprenticeships or uni. I'm not a person, but I can put you in touch with a careers adviser.";
  var STARTERS = ["What's an apprenticeship?", "What's a T Level?", "Ask an apprentice",
    "Talk to a careers adviser"];
  var KEY = "careers-assistant:" + (SCHOOL || "-");
  var POLL_MS = 4000;
  var KINDS = {
    sector: "Sector", occupation: "Job", route: "Way to learn", place: "Place",
    provider: "College or training provider", programme: "Programme",
    opportunity: "Opportunity", ambassador_answer: "An apprentice's answer"
  };
  var HANDOFF_STATUS = {
    collecting: "Asking for a careers adviser",
    created: "Sent to a careers adviser",
    live: "Chatting live with a careers adviser",
    closed: "Your adviser has closed this conversation"
  };
  var NOT_FOR_APPRENTICES = "A careers adviser read your question and thinks an apprentice " +
    "isn't the best person to answer it. A careers adviser can help: just ask to talk to one.";
  var AMBASSADOR_STATUS = {
    queued: "Your question is with an apprentice",
    answered: "An apprentice has answered"
  };

  // ---- what is kept between pages -------------------------------------------------
  var state = load() || fresh();

  function fresh() {
    return { sender: newId(), items: [], pending: [], open: false, kept: false,
      handoff: null, ambassador: null, lastSeen: 0 };
  }
  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "w" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function load() {
    try {
      var text = localStorage.getItem(KEY) || sessionStorage.getItem(KEY);
      return text ? JSON.parse(text) : null;
    } catch (e) { return null; }
  }
  function save() {
    try {
      (state.kept ? localStorage : sessionStorage).setItem(KEY, JSON.stringify(state));
      (state.kept ? sessionStorage : localStorage).removeItem(KEY);
    } catch (e) { /* storage full or blocked: the chat still works on this page */ }
  }
  function forget() {
    try { localStorage.removeItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  }

  // ---- colours: the school's accent, with readable text -----------------------------
  function rgb(hex) {
    var m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return null;
    var n = parseInt(m[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  function luminance(c) {
    var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function css(c) { return "rgb(" + c.map(Math.round).join(",") + ")"; }
  function colours(accent) {
    var white = [255, 255, 255], black = [17, 17, 17];
    var ink = accent.slice();
    while (contrast(ink, white) < 4.6) ink = ink.map(function (v) { return v * 0.9; });
    return {
      "--accent": css(accent),
      "--on-accent": css(contrast(accent, white) >= 4.6 ? white : black),
      "--accent-ink": css(ink)
    };
  }

  // ---- the widget's parts ------------------------------------------------------------
  // A name of our own, so no rule of the page's (aside, div...) reaches the widget's box.
  var host = document.createElement("careers-assistant");
  host.setAttribute("role", "complementary");
  host.setAttribute("aria-label", "Careers assistant");
  host.style.setProperty("all", "initial", "important");
  var root = host.attachShadow({ mode: "open" });
  var theme = colours(rgb(script.dataset.accent) || [11, 92, 173]);
  Object.keys(theme).forEach(function (name) { host.style.setProperty(name, theme[name]); });

  var link = el("link");
  link.rel = "stylesheet";
  link.href = BASE + "/widget/widget.css";
  var frame = el("div", script.dataset.position === "left" ? "frame left" : "frame");
  frame.hidden = true; // until the styles have arrived
  link.addEventListener("load", function () { frame.hidden = false; });
  root.append(link, frame);

  var launcher = button("launcher", "");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "careers-chat");
  var launcherLabel = text("span", "Careers chat");
  launcher.append(speechBubble(), launcherLabel);

  var panel = el("section", "panel");
  panel.id = "careers-chat";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "careers-title");
  panel.hidden = true;

  var title = text("h2", "Careers assistant");
  title.id = "careers-title";
  var clearButton = button("", "Clear chat");
  var closeButton = button("close", "×");
  closeButton.setAttribute("aria-label", "Close chat");
  var header = el("header");
  header.append(title, clearButton, closeButton);

  var confirmBar = el("div", "confirm");
  confirmBar.hidden = true;
  var confirmYes = button("", "Yes, clear it");
  var confirmNo = button("", "Cancel");
  var confirmText = text("p", "");
  confirmBar.append(confirmText, confirmYes, confirmNo);

  var statusBar = el("p", "status");
  statusBar.setAttribute("role", "status");
  statusBar.hidden = true;

  var log = el("div", "log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;
  var typing = el("div", "typing");
  typing.setAttribute("aria-hidden", "true");
  typing.append(el("span"), el("span"), el("span"));
  typing.hidden = true;
  // New messages are read out from here, one batch at a time; the history is never re-read.
  var announcer = el("div", "sr-only");
  announcer.setAttribute("aria-live", "polite");

  var form = el("form", "ask");
  var input = el("input");
  input.id = "careers-message";
  input.autocomplete = "off";
  input.maxLength = 500;
  input.enterKeyHint = "send";
  input.placeholder = "Ask about jobs, courses…";
  input.setAttribute("aria-label", "Your message");
  var sendButton = button("", "Send");
  sendButton.type = "submit";
  form.append(input, sendButton);

  var keep = el("input");
  keep.type = "checkbox";
  keep.id = "careers-keep";
  var keepLabel = el("label");
  keepLabel.append(keep, document.createTextNode("Keep this chat on this device"));
  var footer = el("footer");
  var privacy = text("a", "Privacy");
  privacy.href = BASE + "/privacy";
  privacy.target = "_blank";
  privacy.rel = "noopener";
  footer.append(keepLabel, text("span", "Only tick this on your own phone or computer."), privacy);

  panel.append(header, confirmBar, statusBar, log, form, footer);
  frame.append(launcher, panel, announcer);

  // ---- small helpers -----------------------------------------------------------------
  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }
  function text(tag, value, className) {
    var node = el(tag, className);
    node.textContent = value;
    return node;
  }
  function button(className, label) {
    var node = text("button", label, className);
    node.type = "button";
    return node;
  }
  function speechBubble() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.append(path);
    return svg;
  }
  function safeUrl(url) {
    try {
      var parsed = new URL(url, BASE);
      return /^https?:$/.test(parsed.protocol) ? parsed.href : null;
    } catch (e) { return null; }
  }

  // ---- showing the conversation -------------------------------------------------------
  function render(item) {
    var node;
    if (item.t === "me") {
      node = text("p", item.text, "msg me");
    } else if (item.t === "adviser") {
      node = el("p", "msg adviser");
      node.append(text("span", item.name + ", careers adviser", "who"), document.createTextNode(item.text));
    } else if (item.t === "ambassador") {
      node = el("p", "msg ambassador");
      node.append(text("span", item.by + " · checked by a careers adviser", "who"), document.createTextNode(item.text));
    } else if (item.t === "note") {
      node = text("p", item.text, "msg note");
    } else {
      node = el("div");
      if (item.text) node.append(text("p", item.text, "msg bot"));
      if (item.help) node.append(helpPanel(item.help));
      if (item.records && item.records.length) node.append(cards(item.records));
      if (item.buttons && item.buttons.length) node.append(choices(item));
    }
    log.insertBefore(node, typing);
    if (item.t === "me" && item.waiting) log.insertBefore(text("span", "Not sent yet. I'll keep trying.", "state"), typing);
  }

  function cards(records) {
    var box = el("div", "cards");
    records.forEach(function (record) {
      var href = safeUrl(record.url || "/k/" + record.kind + "/" + record.slug);
      var card = el(href ? "a" : "div", "card");
      if (href) { card.href = href; card.target = "_blank"; card.rel = "noopener"; }
      card.append(text("strong", record.title), " ", text("span", (KINDS[record.kind] || "Source") + " · where this answer comes from"));
      box.append(card);
    });
    return box;
  }

  function choices(item) {
    var row = el("div", "choices");
    item.buttons.forEach(function (choice) {
      var b = button("", choice.title);
      b.addEventListener("click", function () { ask(choice.payload, choice.title); input.focus(); });
      row.append(b);
    });
    return row;
  }

  function helpPanel(services) {
    var box = el("div", "help");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Help you can get now");
    box.append(text("h3", "Help you can get now"));
    var list = el("ul");
    services.forEach(function (service) {
      var item = el("li");
      var href = contactLink(service.contact);
      var line = el(href ? "a" : "p");
      if (href) line.href = href;
      line.append(text("strong", service.name), " ", text("span", service.contact));
      item.append(line);
      list.append(item);
    });
    box.append(list);
    return box;
  }

  // "0800 1111" -> tel:08001111; "text SHOUT to 85258" -> an SMS to 85258 saying SHOUT.
  function contactLink(contact) {
    var sms = /text\s+(\w+)\s+to\s+([\d\s]+)/i.exec(contact || "");
    if (sms) return "sms:" + sms[2].replace(/\s/g, "") + "?&body=" + encodeURIComponent(sms[1]);
    var digits = (contact || "").replace(/[^\d+]/g, "");
    return digits.length >= 3 ? "tel:" + digits : null;
  }

  function redraw() {
    Array.prototype.slice.call(log.childNodes).forEach(function (node) { if (node !== typing) node.remove(); });
    if (!log.contains(typing)) log.append(typing);
    state.items.forEach(render);
    showStatus();
    keep.checked = state.kept;
    scrollDown();
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function add(items, announce) {
    items.forEach(function (item) { state.items.push(item); render(item); });
    save();
    scrollDown();
    if (announce && items.length) {
      say(items);
      if (panel.hidden) launcherLabel.textContent = "Careers chat: new message";
    }
  }

  function say(items) {
    var words = items.map(function (item) {
      if (item.t === "adviser") return item.name + ", careers adviser: " + item.text;
      if (item.t === "ambassador") return "An apprentice answered your question: " + item.text;
      return item.text || "";
    }).filter(Boolean).join(" ");
    if (!words) return;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = words; }, 100);
  }

  function showStatus() {
    var parts = [];
    if (state.handoff && HANDOFF_STATUS[state.handoff.stage]) {
      parts.push(HANDOFF_STATUS[state.handoff.stage] + (state.handoff.reference ? " · " + state.handoff.reference : ""));
    }
    if (state.ambassador && AMBASSADOR_STATUS[state.ambassador.stage]) parts.push(AMBASSADOR_STATUS[state.ambassador.stage]);
    statusBar.textContent = parts.join(" · ");
    statusBar.hidden = !parts.length;
  }

  // ---- what the bot says ------------------------------------------------------------------
  function fromBot(messages) {
    var items = [];
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      var custom = m && typeof m.custom === "object" && m.custom ? m.custom : {};
      if (custom.handoff) state.handoff = custom.handoff;
      if (custom.ambassador) state.ambassador = custom.ambassador;
      var said = typeof m.text === "string" && m.text;
      // Rasa sends a message's custom part as a message of its own: show it with its text.
      var item = said || !items.length ? { t: "bot", text: said || "" } : items[items.length - 1];
      if (Array.isArray(custom.records)) item.records = custom.records;
      if (Array.isArray(m.buttons)) item.buttons = m.buttons;
      if (custom.safeguarding && Array.isArray(custom.safeguarding.services)) item.help = custom.safeguarding.services;
      if (items.indexOf(item) < 0 && (item.text || item.records || item.buttons || item.help)) items.push(item);
    });
    var awaitingReply = (state.handoff && state.handoff.stage === "created") ||
      (state.ambassador && state.ambassador.stage === "queued");
    if (awaitingReply && !state.kept && !state.toldAboutKeeping) {
      state.toldAboutKeeping = true;
      items.push({ t: "note", text: "To read the reply here after you close the browser, tick " +
        "\"Keep this chat on this device\" below. Only do that on your own phone or computer." });
    }
    add(items, true);
    showStatus();
    if (wantsUpdates()) startPolling();
  }

  // ---- sending, and waiting for the line to come back ----------------------------------------
  var sending = false;
  var retryMs = 2000;
  var retryTimer = null;

  function ask(message, shown) {
    state.items.forEach(function (item) { delete item.buttons; }); // a choice is made once
    var item = { t: "me", text: shown || message };
    state.pending.push({ message: message, sender: state.sender });
    redraw();
    add([item], false);
    flush();
  }

  function flush() {
    if (sending || !state.pending.length) return;
    var next = state.pending[0];
    sending = true;
    showTyping(true);
    var body = { sender: next.sender, message: next.message };
    if (SCHOOL) body.metadata = { school: SCHOOL };
    post("/api/chat", body)
      .then(function (response) {
        if (response.status === 429 || response.status >= 500) throw new Error("later");
        return response.json().catch(function () { return null; })
          .then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        state.pending.shift();
        markWaiting(false);
        retryMs = 2000;
        if (answer.ok) fromBot(answer.data);
        else add([{ t: "note", text: refusal(answer.data) }], true);
      })
      .catch(function () {
        markWaiting(true);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(flush, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      })
      .then(function () {
        sending = false;
        showTyping(false);
        save();
        if (!waiting()) flush();
      });
  }

  function refusal(data) {
    var detail = data && data.detail;
    return typeof detail === "string" ? detail : "Sorry, I couldn't read that message. Could you write it another way?";
  }

  function waiting() {
    var last = lastMine();
    return !!(last && last.waiting);
  }
  function lastMine() {
    for (var i = state.items.length - 1; i >= 0; i--) if (state.items[i].t === "me") return state.items[i];
    return null;
  }
  function markWaiting(on) {
    var last = lastMine();
    if (!last || !!last.waiting === on) return;
    if (on) last.waiting = true; else delete last.waiting;
    redraw();
  }

  function showTyping(on) {
    typing.hidden = !on;
    log.setAttribute("aria-busy", on ? "true" : "false");
    if (on) scrollDown();
  }

  function post(path, body) {
    return fetch(BASE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit"
    });
  }

  window.addEventListener("online", function () { clearTimeout(retryTimer); retryMs = 2000; flush(); });

  // ---- replies from advisers -------------------------------------------------------------------
  var polling = null;
  function wantsUpdates() {
    return !!((state.handoff && state.handoff.reference) || (state.ambassador && state.ambassador.reference));
  }
  function startPolling() {
    if (polling) return;
    checkForUpdates();
    polling = setInterval(checkForUpdates, POLL_MS);
  }
  function stopPolling() { clearInterval(polling); polling = null; }

  function checkForUpdates() {
    if (document.hidden) return;
    var sender = state.sender;
    post("/api/chat/updates", { sender: sender, after: state.lastSeen, school: SCHOOL })
      .then(function (r) { return r.ok ? r.json() : { handoffs: [], messages: [] }; })
      .then(function (updates) {
        if (sender !== state.sender) return; // cleared meanwhile
        var latest = updates.handoffs[updates.handoffs.length - 1];
        if (latest) state.handoff = { stage: latest.stage, reference: latest.reference };
        var items = updates.messages.map(function (m) {
          state.lastSeen = Math.max(state.lastSeen, m.id);
          return m.author === "adviser" ? { t: "adviser", text: m.text, name: m.author_name } : { t: "note", text: m.text };
        });
        items = items.concat(apprenticeAnswers(updates.ambassador || []));
        showStatus();
        add(items, true);
      })
      .catch(function () { /* offline for now: the next check tries again */ });
  }

  // Answers from apprentice ambassadors, each shown once, after an adviser has checked it.
  function apprenticeAnswers(questions) {
    var shown = state.answered = state.answered || {};
    return questions.filter(function (q) {
      if (state.ambassador && state.ambassador.reference === q.reference) state.ambassador.stage = q.stage;
      return ((q.stage === "answered" && q.answer) || q.stage === "closed") && !shown[q.reference];
    }).map(function (q) {
      shown[q.reference] = true;
      if (q.stage === "closed") return { t: "note", text: NOT_FOR_APPRENTICES };
      return { t: "ambassador", text: q.answer.text, by: q.answer.by };
    });
  }

  // ---- opening, closing, clearing ----------------------------------------------------------------
  function open(focus) {
    state.open = true;
    save();
    if (!state.items.length) add([{ t: "bot", text: GREETING, buttons: STARTERS.map(function (s) { return { title: s, payload: s }; }) }], false);
    panel.hidden = false;
    launcher.hidden = true;
    launcherLabel.textContent = "Careers chat";
    launcher.setAttribute("aria-expanded", "true");
    scrollDown();
    if (focus) input.focus();
  }
  function close() {
    state.open = false;
    save();
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  function askToClear() {
    confirmText.textContent = "Delete this chat from this device and from our records?" +
      (state.handoff && state.handoff.reference ? " This also cancels your request for an adviser." : "");
    confirmBar.hidden = false;
    confirmNo.focus();
  }
  function endConfirm() {
    confirmBar.hidden = true;
  }
  function clearChat() {
    post("/api/chat/forget", { sender: state.sender, school: SCHOOL })
      .catch(function () { /* offline: our records delete it after 30 days anyway */ });
    stopPolling();
    clearTimeout(retryTimer);
    forget();
    state = fresh();
    state.open = true;
    endConfirm();
    redraw();
    open(true);
    say([{ text: "Chat cleared." }]);
  }

  launcher.addEventListener("click", function () { open(true); });
  closeButton.addEventListener("click", close);
  clearButton.addEventListener("click", askToClear);
  confirmNo.addEventListener("click", function () { endConfirm(); clearButton.focus(); });
  confirmYes.addEventListener("click", clearChat);
  keep.addEventListener("change", function () { state.kept = keep.checked; save(); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = input.value.trim();
    if (!message) return;
    input.value = "";
    ask(message);
  });

  document.body.append(host);
  redraw();
  if (state.open) open(false);
  if (state.pending.length) flush();
  if (wantsUpdates()) startPolling();
})();
