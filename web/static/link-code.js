/* One-time links (an ambassador's invitation, a password reset) carry their code after the
   "#", which browsers never send to the server, so it never reaches an access log. This
   puts the code into the page's form, takes it out of the address bar, and sends the form
   straight away when the field asks for it (data-link-code="send"). */
(function () {
  "use strict";
  var field = document.querySelector("[data-link-code]");
  var code = decodeURIComponent(location.hash.slice(1));
  if (!field || !code) return;
  field.value = code;
  history.replaceState(null, "", location.pathname + location.search);
  var label = field.closest("[data-link-code-label]");
  if (label) label.hidden = true;
  if (field.getAttribute("data-link-code") === "send") field.form.submit();
})();
