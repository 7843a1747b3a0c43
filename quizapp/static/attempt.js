/* Autosave and countdown for the attempt page. Progressive enhancement: without this script the
   page's Save and Submit buttons do everything, and the page shows the deadline as a time.

   What it expects of the page (templates/learner/attempt.html):
   - form[data-autosave-url] with hidden `csrf_token` and `sequence` fields;
   - each question's inputs, and its hidden `shown` field, inside one element with class
     "question" (or a [data-question] element), so one question's answer can be sent alone;
   - #save-status, a polite live region; optionally #quiz-timer[data-remaining-seconds] with
     #quiz-timer-text and #quiz-timer-alert inside.

   Saves are serialised: one request at a time, each carrying the sequence number the server
   returned for the previous one, so the page never conflicts with itself. A 409 "stale" reply
   means another tab or window saved since this page loaded: the page reloads to show the newest
   answers and says why. "Saved" is shown only once the server has committed the answer.

   The server saves each answer that fits its question and refuses the others one by one
   (status "refused", with a message per question). A refused answer's message shows at its
   question (choices.js), announced once, and that answer is held: it is not sent again until
   the student changes it, so it never holds up the answers given after it. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.URLSearchParams || !Element.prototype.closest) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var statusEl = document.getElementById("save-status");
  var sequenceField = form.querySelector("input[name=sequence]");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var submitButton = form.querySelector("button[name=action][value=submit]");
  var TYPING_PAUSE_MS = 1200;
  var MAX_RETRY_MS = 30000;

  var dirty = [];        // question elements changed and not yet acknowledged
  var inflight = null;   // question elements of the request in flight
  var retryDelay = 0;
  var retryTimer = null;
  var typingTimer = null;
  var leaving = false;   // the page is being submitted or replaced: save nothing more
  var resubmitting = false;
  var afterIdle = [];    // run when no request is in flight
  var lastButton = null;
  var solo = [];         // sent one per request, to find which one a whole request refused
  var choices = window.quizChoices || {mark: function () {}, clear: function () {},
                                       announce: function () {}};

  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = "save-status" + (kind ? " save-status-" + kind : "");
  }

  function clock() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" +
      String(now.getMinutes()).padStart(2, "0");
  }

  function questionOf(el) {
    return el.closest("[data-question], .question");
  }

  function addFields(container, params) {
    var fields = container.querySelectorAll("input[name], select[name], textarea[name]");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      if (el.disabled || el.name === "csrf_token" || el.name === "sequence") { continue; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { continue; }
      if (el.tagName === "SELECT" && el.multiple) {
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].selected) { params.append(el.name, el.options[j].value); }
        }
        continue;
      }
      params.append(el.name, el.value);
    }
  }

  function markDirty(container) {
    if (dirty.indexOf(container) === -1) { dirty.push(container); }
  }

  function snapshot(container) {
    var params = new URLSearchParams();
    addFields(container, params);
    return params.toString();
  }

  // A refused answer is held as it was refused; a change to it (a new snapshot) sends it again.
  function held(container) {
    return container.heldAnswer !== undefined && container.heldAnswer === snapshot(container);
  }

  function hold(container, refusal) {
    container.heldAnswer = snapshot(container);
    var p = container.querySelector(".answer-error");
    var isNew = !p || p.hidden || p.textContent !== refusal.message;
    choices.mark(container, refusal.message, refusal.part, "server");
    if (isNew) { choices.announce(refusal.message); }
  }

  // Saved: no longer held, and a refusal shown at it (by this script, or by the server on a
  // page it sent back) no longer applies.
  function release(container) {
    delete container.heldAnswer;
    choices.clear(container, "server");
  }

  function heldNumbers() {
    var numbers = [];
    form.querySelectorAll("[data-question-id]").forEach(function (c) {
      if (c.heldAnswer !== undefined) { numbers.push(c.getAttribute("data-number")); }
    });
    return numbers;
  }

  function savedMessage() {
    var numbers = heldNumbers();
    if (!numbers.length) { return "All answers saved (" + clock() + ")."; }
    return "Other answers saved (" + clock() + "); not saved: question" +
      (numbers.length > 1 ? "s " : " ") + numbers.join(", ") + " (see the message there).";
  }

  function runAfterIdle() {
    var waiting = afterIdle;
    afterIdle = [];
    waiting.forEach(function (fn) { fn(); });
    return waiting.length > 0;
  }

  // The next answers to send: one at a time from `solo`, else every changed one; answers held
  // unchanged since the server refused them are left out.
  function nextBatch() {
    while (dirty.length || solo.length) {
      var batch = (solo.length ? [solo.shift()] : dirty.splice(0))
        .filter(function (c) { return !held(c); });
      if (batch.length) { return batch; }
    }
    return null;
  }

  function flush() {
    if (leaving || inflight || retryTimer || !(dirty.length || solo.length)) { return; }
    inflight = nextBatch();
    if (!inflight) {
      say(savedMessage(), heldNumbers().length ? "error" : "saved");
      return;
    }
    var params = new URLSearchParams();
    inflight.forEach(function (container) { addFields(container, params); });
    params.append("sequence", sequenceField.value);
    say("Saving…", "saving");
    fetch(url, {
      method: "POST", body: params, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(
        function (data) { return {code: response.status, data: data}; },
        function () { return {code: response.status, data: {}}; });
    }).then(handle).catch(function () { failed(); });
  }

  function handle(reply) {
    var data = reply.data || {};
    if (reply.code === 200 && (data.status === "saved" || data.status === "refused")) {
      settle(inflight, data.refused || []);
      inflight = null;
      retryDelay = 0;
      sequenceField.value = String(data.sequence);
      if (typeof data.remaining_seconds === "number") { timer.sync(data.remaining_seconds); }
      if (runAfterIdle()) { return; }
      if (dirty.length || solo.length) {
        flush();
      } else {
        say(savedMessage(), heldNumbers().length ? "error" : "saved");
      }
      return;
    }
    if (reply.code === 409 && (data.reload_url || data.result_url)) {
      // Another tab saved (reload shows the newest answers), or the attempt is closed.
      leaving = true;
      say(data.message || "This attempt changed; reloading.", "error");
      window.location.replace(data.reload_url || data.result_url);
      return;
    }
    if (reply.code >= 500 || reply.code === 429 || reply.code === 0) {
      failed();
      return;
    }
    if (reply.code === 400 && inflight.length > 1) {
      // The whole request was refused: send its answers one by one to find the one at fault.
      solo = solo.concat(inflight);
      inflight = null;
      flush();
      return;
    }
    if (reply.code === 400 || reply.code === 422) {
      // Refused as a whole, for this one question: hold it until the student changes it.
      inflight.forEach(function (c) {
        hold(c, {message: "Question " + c.getAttribute("data-number") + ": this answer " +
          "could not be saved. Change it, or reload the page and answer it again."});
      });
      inflight = null;
      say((data.message || "An answer could not be saved.") + " Other answers still save.",
          "error");
      if (!runAfterIdle()) { flush(); }
      return;
    }
    // 401/403/404: retrying would not help. Keep the answers on the page.
    (inflight || []).forEach(markDirty);
    inflight = null;
    say((data.message || "Your answer could not be saved.") +
        " Changes since the last save are on this page only.", "error");
    runAfterIdle();
  }

  // After a committed save: hold each refused answer (its message at its question), and
  // release those the server took.
  function settle(containers, refused) {
    var byId = {};
    refused.forEach(function (r) { byId[r.question] = r; });
    containers.forEach(function (c) {
      var r = byId[c.getAttribute("data-question-id")];
      if (r) { hold(c, r); } else { release(c); }
    });
  }

  function failed() {
    (inflight || []).forEach(markDirty);
    inflight = null;
    retryDelay = Math.min(MAX_RETRY_MS, Math.max(1000, retryDelay * 2));
    say("Connection lost — your answer is kept on this page; retrying in " +
        Math.round(retryDelay / 1000) + " s.", "error");
    if (runAfterIdle()) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
  }

  function retryNow() {
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
      flush();
    }
  }

  function isTyped(el) {
    return el.tagName === "TEXTAREA" ||
      (el.tagName === "INPUT" && ["text", "number", "search", "tel", "email", "url"]
        .indexOf(el.type) !== -1);
  }

  form.addEventListener("change", function (event) {
    var container = questionOf(event.target);
    if (!container) { return; }
    markDirty(container);
    window.clearTimeout(typingTimer);
    flush();
  });

  form.addEventListener("input", function (event) {
    if (!isTyped(event.target)) { return; }  // choices are sent on "change"
    var container = questionOf(event.target);
    if (!container) { return; }
    markDirty(container);
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(flush, TYPING_PAUSE_MS);
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=action]");
    if (button) { lastButton = button; }
  });

  function submitWith(button, timeUp) {
    resubmitting = true;
    leaving = true;
    dirty = [];
    if (timeUp) {
      // The server then grades the answers that fit instead of asking for corrections.
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "time_up";
      flag.value = "1";
      form.appendChild(flag);
    }
    if (form.requestSubmit && button) {
      form.requestSubmit(button);
      return;
    }
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = button ? button.value : "save";
    form.appendChild(action);
    form.submit();
  }

  // The form post carries every answer, so unsent changes travel with it; only a save already
  // in flight must finish first, or the form's sequence number would be one behind.
  form.addEventListener("submit", function (event) {
    if (resubmitting) { return; }
    var button = event.submitter || lastButton;
    if (inflight) {
      event.preventDefault();
      say("Saving your last answer first…", "saving");
      afterIdle.push(function () { submitWith(button); });
      return;
    }
    leaving = true;
    dirty = [];
  });

  window.addEventListener("online", retryNow);
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && (dirty.length || inflight)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var timer = (function () {
    var el = document.getElementById("quiz-timer");
    var noop = {sync: function () {}};
    if (!el) { return noop; }
    var textEl = document.getElementById("quiz-timer-text");
    var alertEl = document.getElementById("quiz-timer-alert");
    var now = window.performance && performance.now ? function () { return performance.now(); }
      : function () { return Date.now(); };
    var endAt = now() + Number(el.getAttribute("data-remaining-seconds")) * 1000;
    var warnings = [600, 300, 60];
    var warned = {};
    var done = false;
    textEl.setAttribute("role", "timer");

    function left() { return Math.max(0, Math.ceil((endAt - now()) / 1000)); }
    warnings.forEach(function (w) { if (left() <= w) { warned[w] = true; } });

    function format(seconds) {
      var h = Math.floor(seconds / 3600);
      var m = Math.floor((seconds % 3600) / 60);
      var s = seconds % 60;
      var mm = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
      return h ? h + ":" + mm : mm;
    }

    function timeUp() {
      done = true;
      say("Time is up. Submitting your answers…", "saving");
      alertEl.textContent = "Time is up. Your answers are being submitted.";
      if (!submitButton) { return; }
      if (inflight) {
        afterIdle.push(function () { submitWith(submitButton, true); });
      } else {
        submitWith(submitButton, true);
      }
    }

    function tick() {
      if (done) { return; }
      var seconds = left();
      textEl.textContent = "Time left: " + format(seconds);
      warnings.forEach(function (w) {
        if (seconds <= w && !warned[w]) {
          warned[w] = true;
          alertEl.textContent = (w / 60) + (w === 60 ? " minute" : " minutes") + " left.";
        }
      });
      if (seconds === 0 && !leaving) { timeUp(); }
    }

    tick();
    window.setInterval(tick, 1000);
    return {sync: function (seconds) { endAt = now() + seconds * 1000; }};
  })();

  say("Answers save automatically as you go.", "");
})();
