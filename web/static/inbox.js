/* The adviser inbox in the browser. Everything goes through the JSON API; changes carry
   the session's CSRF token; every text from a student is shown as text, never as HTML. */
var Inbox = (function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var status = document.getElementById("status");

  function api(method, path, body) {
    var options = { method: method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch("/api" + path, options).then(function (response) {
      if (response.status === 401) { location.href = "/inbox/login"; }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(typeof data.detail === "string" ? data.detail : "Please check what you typed."); }
        return data;
      });
    });
  }

  function say(text) { status.textContent = text; }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function when(iso) { return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }); }
  function every(ms, fn) { fn(); return setInterval(fn, ms); }
  // A conversation as a list: who said it, then what they said, as text.
  function fill(id, items) {
    var list = document.getElementById(id);
    list.replaceChildren.apply(list, items.map(function (item) {
      var li = el("li", null, item.cls);
      if (item.who) li.appendChild(el("span", item.who + ":", "who"));
      li.appendChild(document.createTextNode(item.text));
      return li;
    }));
  }
  function transcriptItems(turns) {
    return turns.map(function (t) { return { who: t.who === "bot" ? "Bot" : "Student", cls: t.who, text: t.text }; });
  }

  function list() {
    var form = document.getElementById("filters");
    var body = document.getElementById("handoffs");
    function load() {
      var query = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (value) query.set(key, value); });
      api("GET", "/handoffs?" + query).then(function (rows) {
        body.replaceChildren.apply(body, rows.map(row));
        document.getElementById("empty").hidden = rows.length > 0;
      }).catch(function (error) { say(error.message); });
    }
    function row(h) {
      var tr = el("tr");
      var link = el("a", h.reference);
      link.href = "/inbox/handoffs/" + encodeURIComponent(h.reference);
      var ref = el("td"); ref.appendChild(link);
      if (h.live) ref.appendChild(el("span", " live", "live"));
      tr.append(ref, el("td", when(h.received_at)), el("td", h.school || ("Unmatched: " + (h.school_given || "?"))),
        el("td", h.year_group), el("td", h.help_with), el("td", h.status));
      return tr;
    }
    function loadAlerts() {
      api("GET", "/alerts").then(function (alerts) {
        var open = alerts.filter(function (a) { return !a.acknowledged_at; });
        var list = document.getElementById("alert-list");
        list.replaceChildren.apply(list, open.map(function (a) {
          var label = (a.grade === "urgent" ? "URGENT " : "Concern ") + a.reference + ": " + a.concern_words +
            " (" + (a.school || "school not known") + ", " + when(a.raised_at) + ")" +
            (a.possible_abuse ? " - possible abuse of the chat" : "");
          var link = el("a", label);
          link.href = "/inbox/alerts/" + encodeURIComponent(a.reference);
          var li = el("li");
          li.appendChild(link);
          return li;
        }));
        document.getElementById("alerts").hidden = open.length === 0;
      }).catch(function (error) { say(error.message); });
    }
    form.addEventListener("change", load);
    every(5000, load);
    every(5000, loadAlerts);
  }

  function alertPage(reference) {
    var path = "/alerts/" + encodeURIComponent(reference);
    function load() {
      api("GET", path).then(function (a) {
        var summary = document.getElementById("summary");
        summary.replaceChildren();
        var grade = a.grade === "urgent" ? "Urgent: a clear risk of harm" : "A concern: worrying but not clear";
        var rows = [["How worried", grade], ["Concern", a.concern_words], ["Words that raised it", a.trigger || "-"],
          ["Worrying messages", String(a.messages)]];
        if (a.possible_abuse) rows.push(["Note", "This school had more alerts than usual this hour: " +
          "it may be someone misusing the chat. Judge it as you would any other alert."]);
        rows.concat([["School", a.school || "not known"], ["Raised", when(a.raised_at)],
          ["Being dealt with by", a.acknowledged_by ? a.acknowledged_by + " since " + when(a.acknowledged_at) : "nobody yet"]
        ]).forEach(function (f) { summary.append(el("dt", f[0]), el("dd", f[1])); });
        fill("transcript", transcriptItems(a.transcript));
        document.getElementById("acknowledge").hidden = !!a.acknowledged_at;
      }).catch(function (error) { say(error.message); });
    }
    document.getElementById("acknowledge").addEventListener("click", function () {
      api("POST", path + "/acknowledge").then(function () { say("Thank you: it's marked as yours."); load(); })
        .catch(function (error) { say(error.message); });
    });
    load();
  }

  function handoff(reference) {
    var path = "/handoffs/" + encodeURIComponent(reference);
    var shown = "";
    function load() {
      api("GET", path).then(function (h) {
        var fingerprint = JSON.stringify(h);
        if (fingerprint !== shown) { shown = fingerprint; render(h); }
      }).catch(function (error) { say(error.message); });
    }
    function render(h) {
      var summary = document.getElementById("summary");
      var facts = [["Status", h.status + (h.live ? " (live chat)" : "")], ["First name", h.first_name],
        ["School", h.school || ("not matched: " + (h.school_given || "?"))], ["Year", h.year_group],
        ["Wants help with", h.help_with],
        ["Contact", h.contact_method === "email" ? "by email: " + h.email : "through school"],
        ["Topics in the chat", h.topics.map(function (t) { return t.title; }).join(", ") || "none"],
        ["Claimed by", h.claimed_by || "nobody yet"], ["Outcome", h.outcome || "not recorded"]];
      summary.replaceChildren();
      facts.forEach(function (f) { summary.append(el("dt", f[0]), el("dd", f[1])); });
      fill("transcript", transcriptItems(h.transcript));
      fill("messages", h.messages.map(function (m) {
        var who = m.author === "adviser" ? m.author_name : m.author === "student" ? "Student" : "";
        return { who: who, cls: m.author, text: m.text };
      }));
      document.getElementById("take-over").hidden = h.live || h.status === "closed";
      document.getElementById("hand-back").hidden = !h.live;
      document.getElementById("claim").hidden = !!h.claimed_by || h.status === "closed";
      document.getElementById("close").hidden = h.status === "closed";
    }
    function act(method, suffix, body, done) {
      return api(method, path + suffix, body).then(function () { say(done); load(); })
        .catch(function (error) { say(error.message); });
    }
    function onClick(id, method, suffix, done) {
      document.getElementById(id).addEventListener("click", function () { act(method, suffix, undefined, done); });
    }
    onClick("claim", "POST", "/claim", "Claimed.");
    onClick("take-over", "POST", "/live", "You're chatting live. The bot is quiet until you hand back.");
    onClick("hand-back", "DELETE", "/live", "Handed back to the bot.");
    onClick("close", "POST", "/close", "Closed.");
    submitText("reply", "POST", path + "/replies", "Reply sent.");
    submitText("outcome", "PUT", path + "/outcome", "Outcome saved.");
    function submitText(id, method, target, done) {
      var form = document.getElementById(id);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = form.elements.text.value;
        api(method, target, { text: text }).then(function () { form.reset(); say(done); load(); })
          .catch(function (error) { say(error.message); });
      });
    }
    every(3000, load);
  }

  function admin() {
    function load() {
      api("GET", "/accounts").then(function (rows) {
        var body = document.getElementById("accounts");
        body.replaceChildren.apply(body, rows.map(function (a) {
          var tr = el("tr");
          tr.append(el("td", a.email), el("td", a.display_name), el("td", a.role), el("td"));
          tr.lastChild.appendChild(listForm("Schools of " + a.email, a.schools, function (schools) {
            return api("PUT", "/accounts/" + a.id + "/schools", { schools: schools })
              .then(function () { return "Schools saved for " + a.email + "."; });
          }));
          tr.append(accessCell(a));
          return tr;
        }));
      }).catch(function (error) { say(error.message); });
      api("GET", "/schools").then(function (rows) {
        var body = document.getElementById("schools");
        body.replaceChildren.apply(body, rows.map(function (s) {
          var tr = el("tr");
          tr.append(el("td", s.name + " (" + s.slug + ")"), el("td"));
          tr.lastChild.appendChild(listForm("Websites of " + s.name, s.allowed_origins, function (websites) {
            return api("PUT", "/schools/" + s.slug + "/websites", { allowed_origins: websites })
              .then(function () { return "Websites saved for " + s.name + "."; });
          }));
          return tr;
        }));
      }).catch(function (error) { say(error.message); });
    }
    // Active or not, with the button to change it, and a button for a password reset link.
    function accessCell(a) {
      var cell = el("td", a.active ? "Active " : "Deactivated ");
      var toggle = el("button", a.active ? "Deactivate" : "Reactivate");
      toggle.type = "button";
      toggle.addEventListener("click", function () {
        if (a.active && !confirm("Deactivate " + a.email + "? They are logged out at once.")) return;
        api("POST", "/accounts/" + a.id + (a.active ? "/deactivate" : "/reactivate"))
          .then(function () { say((a.active ? "Deactivated " : "Reactivated ") + a.email + "."); load(); })
          .catch(function (error) { say(error.message); });
      });
      cell.appendChild(toggle);
      if (!a.active) return cell;
      var reset = el("button", "Make a password reset link");
      reset.type = "button";
      reset.addEventListener("click", function () {
        api("POST", "/accounts/" + a.id + "/password-reset").then(function (made) {
          var shown = el("code", made.link);
          cell.append(el("p", "Send this to " + a.email + " yourself. It works once, until " + when(made.expires_at) + ":"), shown);
          say("Reset link made for " + a.email + ". It is shown only once.");
        }).catch(function (error) { say(error.message); });
      });
      cell.appendChild(reset);
      return cell;
    }
    // A comma-separated list in one box, saved with its own button.
    function listForm(label, values, save) {
      var form = el("form", null, "inline");
      var input = el("input");
      input.value = values.join(", ");
      input.setAttribute("aria-label", label);
      var button = el("button", "Save");
      button.type = "submit";
      form.append(input, button);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        save(commaList(input.value)).then(function (done) { say(done); load(); })
          .catch(function (error) { say(error.message); });
      });
      return form;
    }
    function commaList(text) {
      return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    }
    function post(id, target, shape, done) {
      var form = document.getElementById(id);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        api("POST", target, shape(form.elements)).then(function () { form.reset(); say(done); load(); })
          .catch(function (error) { say(error.message); });
      });
    }
    post("new-account", "/accounts", function (f) {
      return { email: f.email.value, display_name: f.display_name.value, role: f.role.value, password: f.password.value,
        schools: commaList(f.schools.value) };
    }, "Account added.");
    post("new-school", "/schools", function (f) {
      return { slug: f.slug.value, name: f.name.value, safeguarding_email: f.safeguarding_email.value || null,
        allowed_origins: commaList(f.allowed_origins.value) };
    }, "School added.");
    load();
  }

  return { list: list, handoff: handoff, admin: admin, alert: alertPage };
})();

// Each page names itself on this script's tag (no inline script: the pages' policy forbids it).
(function (script) {
  "use strict";
  var start = script && Inbox[script.getAttribute("data-page")];
  if (start) start(script.getAttribute("data-reference"));
})(document.currentScript);
