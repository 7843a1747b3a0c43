/* Choices on the quiz pages (attempt and practice). Progressive enhancement: without this
   script the server refuses an answer with too many ticks and says so at the question.

   - A group that takes at most N ticks (select-N, a bow-tie's actions or parameters: any
     element with data-max-picks) refuses a further tick: the box stays clear and the reason
     shows at the question and is announced (#answer-alert, role=alert).
   - The "N of M answered" count and its progress bar follow the answers on the page.
   - window.quizChoices.mark / clear / announce show a refused answer's reason at its
     question (a <p class="answer-error"> the page renders for each question), linked with
     aria-describedby; attempt.js uses them for the answers the server refuses. */
(function () {
  "use strict";

  if (!Element.prototype.closest || !document.querySelector(".quiz-form")) { return; }
  var alertEl = document.getElementById("answer-alert");
  var flip = false;

  function announce(text) {
    if (!alertEl) { return; }
    // A no-break space on every other message: the same words twice are still a change,
    // so a screen reader says them again (each refused tick is a new event).
    flip = !flip;
    alertEl.textContent = text + (flip ? "\u00a0" : "");
  }

  function questionOf(el) {
    return el.closest("[data-question-id]");
  }

  function describe(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/)
      .filter(function (x) { return x && x !== id; });
    if (on) { ids.push(id); }
    if (ids.length) {
      el.setAttribute("aria-describedby", ids.join(" "));
    } else {
      el.removeAttribute("aria-describedby");
    }
    el.classList.toggle("has-error", on);
  }

  function targets(question, part) {
    var els = [question.querySelector("fieldset")];
    if (part) {
      var group = question.querySelector("[data-part=\"" + part + "\"]");
      if (group) { els.push(group); }
    }
    return els.filter(Boolean);
  }

  // Show `message` at the question (and its part), from `source` ("cap" or "server").
  function mark(question, message, part, source) {
    var p = question.querySelector(".answer-error");
    if (!p) { return; }
    clear(question);
    p.textContent = message;
    p.hidden = false;
    p.setAttribute("data-source", source || "server");
    p.setAttribute("data-for-part", part || "");
    targets(question, part).forEach(function (el) { describe(el, p.id, true); });
  }

  function clear(question, source) {
    var p = question.querySelector(".answer-error");
    if (!p || p.hidden || (source && p.getAttribute("data-source") !== source)) { return; }
    targets(question, p.getAttribute("data-for-part")).forEach(function (el) {
      describe(el, p.id, false);
    });
    p.hidden = true;
    p.textContent = "";
  }

  function ticked(group) {
    return group.querySelectorAll("input[type=checkbox]:checked").length;
  }

  function limitMessage(question, group, max) {
    var label = group.getAttribute("data-part-label");
    return "Question " + question.getAttribute("data-number") +
      (label ? ", \u201c" + label + "\u201d" : "") + ": you can choose at most " + max +
      ". Untick one to choose another.";
  }

  // Capture phase, on the click (Space on a checkbox is a click too): cancelling it leaves
  // the box as it was, so no change event reaches the autosave.
  document.addEventListener("click", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox" || !box.checked) { return; }
    var group = box.closest("[data-max-picks]");
    var question = group && questionOf(group);
    var max = group ? Number(group.getAttribute("data-max-picks")) : 0;
    if (!question || !max || ticked(group) <= max) { return; }
    event.preventDefault();
    var text = limitMessage(question, group, max);
    mark(question, text, group.getAttribute("data-part"), "cap");
    announce(text);
  }, true);

  var countEl = document.getElementById("answered-count");
  var bar = countEl && document.querySelector("progress[aria-labelledby=answered-count]");

  function answered(question) {
    var fields = question.querySelectorAll("input[name^='q-'], select[name^='q-']");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { return true; }
      } else if (el.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function recount() {
    if (!countEl) { return; }
    var questions = document.querySelectorAll(".questions > [data-question-id]");
    var n = 0;
    for (var i = 0; i < questions.length; i++) { if (answered(questions[i])) { n++; } }
    countEl.textContent = n + " of " + questions.length + " answered";
    if (bar) { bar.value = n; }
  }

  document.addEventListener("change", function (event) {
    var group = event.target.closest && event.target.closest("[data-max-picks]");
    var question = group && questionOf(group);
    if (question && ticked(group) <= Number(group.getAttribute("data-max-picks"))) {
      clear(question, "cap");
    }
    recount();
  });
  document.addEventListener("input", recount);

  window.quizChoices = {mark: mark, clear: clear, announce: announce};
})();
