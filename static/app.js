// Progressive enhancement only: the form works fully without this script.
(function () {
  "use strict";

  // Three-valued evaluation of a question's `asked_when` condition (same rules as webapp/conditions.py).
  var MET = "met", NOT_MET = "not_met", UNKNOWN = "unknown";

  function answer(form, id, type) {
    var inputs = form.querySelectorAll('[name="' + id + '"]');
    if (type === "multi") {
      var values = [];
      inputs.forEach(function (i) { if (i.checked) values.push(i.value); });
      return values.indexOf("not_sure") >= 0 ? null : values;
    }
    if (type === "choice" || type === "yes_no") {
      var picked = null;
      inputs.forEach(function (i) { if (i.checked) picked = i.value; });
      if (picked === null || picked === "not_sure") return null;
      return type === "yes_no" ? picked === "yes" : picked;
    }
    var text = inputs.length ? inputs[0].value.trim() : "";
    return text === "" ? null : text;
  }

  function evaluate(cond, facts) {
    var parts, key;
    if (cond.all || cond.any) {
      parts = (cond.all || cond.any).map(function (c) { return evaluate(c, facts); });
      var decisive = cond.all ? NOT_MET : MET;
      if (parts.indexOf(decisive) >= 0) return decisive;
      return parts.indexOf(UNKNOWN) >= 0 ? UNKNOWN : (cond.all ? MET : NOT_MET);
    }
    if (cond.not) {
      var inner = evaluate(cond.not, facts);
      return inner === MET ? NOT_MET : inner === NOT_MET ? MET : UNKNOWN;
    }
    var value = facts[cond.fact];
    if ("answered" in cond) return (value !== null) === cond.answered ? MET : NOT_MET;
    if (value === null || value === undefined) return UNKNOWN;
    for (key in cond) {
      if (key === "fact") continue;
      var want = cond[key], ok;
      if (key === "equals") ok = value === want;
      else if (key === "one_of") ok = want.indexOf(value) >= 0;
      else if (key === "includes") ok = value.indexOf(want) >= 0;
      else if (key === "includes_any") ok = want.some(function (w) { return value.indexOf(w) >= 0; });
      else return UNKNOWN; // numeric comparisons need parameters: decided on the server
      return ok ? MET : NOT_MET;
    }
    return UNKNOWN;
  }

  function update(form) {
    var facts = {};
    form.querySelectorAll("[data-question]").forEach(function (q) {
      var cond = q.getAttribute("data-asked-when");
      var show = !cond || evaluate(JSON.parse(cond), facts) === MET;
      q.hidden = !show;
      facts[q.getAttribute("data-question")] = show ? answer(form, q.getAttribute("data-question"), q.getAttribute("data-type")) : null;
    });
  }

  function exclusive(form, changed) {
    if (changed.type !== "checkbox" || !changed.checked) return;
    form.querySelectorAll('[name="' + changed.name + '"]').forEach(function (box) {
      if (box !== changed && (changed.hasAttribute("data-exclusive") || box.hasAttribute("data-exclusive"))) box.checked = false;
    });
  }

  // An error summary link focuses its field; scroll to the whole question so its label or legend shows too.
  function followErrorLink(event) {
    var link = event.target.closest('a[href^="#"]');
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    var question = field && field.closest("[data-question]");
    if (!question) return;
    event.preventDefault();
    question.scrollIntoView();
    field.focus({ preventScroll: true });
  }

  // On the form, switching language sends the answers typed so far, so that none is lost.
  function keepAnswersWhenSwitching(form) {
    document.querySelectorAll(".language-switch__link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "lang_switch";
        input.value = link.getAttribute("data-lang");
        form.appendChild(input);
        form.action = link.getAttribute("href");
        HTMLFormElement.prototype.submit.call(form); // form.submit is the button named "submit"
      });
    });
  }

  // Results: a button that copies the results link (shown only where this script runs).
  function copyLinks() {
    document.querySelectorAll(".copy-link").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { button.textContent = button.getAttribute("data-done"); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(button.getAttribute("data-link")).then(done);
          return;
        }
        var field = document.createElement("textarea");
        field.value = button.getAttribute("data-link");
        document.body.appendChild(field);
        field.select();
        if (document.execCommand("copy")) done();
        field.remove();
      });
    });
  }

  // Printing opens every collapsed part, and closes it again afterwards.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.setAttribute("data-was-closed", ""); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-was-closed]").forEach(function (d) { d.removeAttribute("data-was-closed"); d.open = false; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    copyLinks();
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", followErrorLink);
    }
    var form = document.querySelector(".check-form");
    if (!form) return;
    update(form);
    keepAnswersWhenSwitching(form);
    form.addEventListener("change", function (event) { exclusive(form, event.target); update(form); });
  });
})();
