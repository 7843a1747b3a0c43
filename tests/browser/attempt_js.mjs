// Drives headless Chromium over the DevTools protocol to check static/attempt.js on a live
// server: autosave, serialised saves, offline retry, a stale second tab, the form buttons, and
// the countdown's automatic submit. Prints one JSON object of observations; the pytest side
// asserts on them. Usage: node attempt_js.mjs BASE_URL DEVTOOLS_WS_URL  (loopback only)
// When it prints {"step": "deadline"} it waits for a line on stdin (the deadline was moved).
import { createInterface } from "node:readline";

const [BASE, DEVTOOLS] = process.argv.slice(2);
const ws = new WebSocket(DEVTOOLS);
await new Promise((resolve, reject) => {
  ws.addEventListener("open", resolve);
  ws.addEventListener("error", reject);
});
let lastId = 0;
const pending = new Map();
ws.addEventListener("message", (event) => {
  const message = JSON.parse(event.data);
  if (message.id && pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  }
});
const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
  const id = ++lastId;
  pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`))
    : resolve(m.result)));
  ws.send(JSON.stringify({ id, method, params, sessionId }));
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function openTab() {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  await send("Network.enable", {}, sessionId);
  const tab = {
    async eval(expression) {
      const reply = await send("Runtime.evaluate",
        { expression, awaitPromise: true, returnByValue: true }, sessionId);
      return reply.result.value;
    },
    async until(expression, what, ms = 30000) {
      for (let waited = 0; waited < ms; waited += 100) {
        try {
          const value = await tab.eval(expression);
          if (value) { return value; }
        } catch (error) { /* the page is navigating */ }
        await sleep(100);
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async go(path) {
      await send("Page.navigate", { url: BASE + path }, sessionId);
      await tab.until("document.readyState === 'complete' && location.href !== 'about:blank'",
        `${path} to load`);
    },
    click: (selector) => tab.eval(`document.querySelector(${JSON.stringify(selector)}).click(); 1`),
    status: () => tab.eval("document.getElementById('save-status').textContent"),
    sequence: () => tab.eval("document.querySelector('input[name=sequence]').value"),
    offline: (offline) => send("Network.emulateNetworkConditions",
      { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }, sessionId),
  };
  return tab;
}

const seen = {};
const saved = "document.getElementById('save-status').textContent.startsWith('All answers saved')";
const a = await openTab();
await a.go("/login");
await a.eval(`document.querySelector('#username').value = 'amal';
  document.querySelector('#password').value = 'correct-horse-9';
  document.querySelector('main form').submit(); 1`);
await a.until("location.pathname === '/' && document.readyState === 'complete'", "login");
await a.go("/modules/demo/quizzes/basics-quiz");
await a.click("main form button[type=submit]");
await a.until("/^\\/attempts\\/\\d+$/.test(location.pathname) && document.readyState === 'complete'",
  "the attempt page");
const attempt = await a.eval("location.pathname");
seen.attempt = attempt;
seen.initialStatus = await a.status();
seen.timer = await a.eval("document.getElementById('quiz-timer-text').textContent");

await a.click('input[name="q-basics-count"][value="b"]');
await a.until(saved, "the first save");
seen.firstSequence = await a.sequence();

// three changes at once: sent one request at a time, never stale against itself
await a.click('input[name="q-basics-check"][value="a"]');
await a.click('input[name="q-basics-check"][value="d"]');
await a.click('input[name="q-basics-purpose"][value="true"]');
await a.until(`${saved} && document.querySelector('input[name=sequence]').value === '3'`,
  "the rapid changes");
seen.rapidStatus = await a.status();

await a.offline(true);
await a.click('input[name="q-basics-count"][value="a"]');
await a.until("document.getElementById('save-status').textContent.startsWith('Connection lost')",
  "the offline message");
seen.offlineStatus = await a.status();
await a.offline(false);
await a.until(saved, "the retry after reconnecting", 45000);
seen.afterReconnectSequence = await a.sequence();

// a second tab saves; the first tab's next save is stale and reloads with the newest answers
const b = await openTab();
await b.go(attempt);
await b.click('input[name="q-basics-count"][value="c"]');
await b.until(saved, "tab B's save");
await a.click('input[name="q-basics-purpose"][value="false"]');
await a.until("location.search === '?changed=1' && document.readyState === 'complete'",
  "tab A's reload");
seen.staleFlash = await a.eval("document.querySelector('.flashes').textContent.trim()");
seen.staleCount = await a.eval("document.querySelector('input[name=\"q-basics-count\"]:checked').value");
seen.stalePurpose = await a.eval("document.querySelector('input[name=\"q-basics-purpose\"]:checked').value");

// a change then at once the Save button: the form waits for the save in flight
await a.click('input[name="q-basics-purpose"][value="false"]');
await a.click("button[name=action][value=save]");
// ...and the page it loads is complete: its deferred scripts must be listening before the
// next click, or that answer is never sent (a race a busy machine loses)
await a.until("document.readyState === 'complete' && " +
  "document.querySelector('.flashes').textContent.includes('Your answers are saved.')",
  "the form save");
seen.formPurpose = await a.eval("document.querySelector('input[name=\"q-basics-purpose\"]:checked').value");

// an answer the server refuses (a stale page naming an option the question no longer has):
// its reason shows at the question, and the countdown's submit still grades what fits
await a.eval(`document.querySelector('input[name="q-basics-count"][value="a"]').value = 'zz'; 1`);
await a.click('input[name="q-basics-count"][value="zz"]');
const refusal = "document.querySelector('[data-question-id=basics-count] .answer-error')";
await a.until(`!${refusal}.hidden`, "the refusal at the question");
seen.refusedError = await a.eval(`${refusal}.textContent`);
seen.refusedStatus = await a.status();

console.log(JSON.stringify({ step: "deadline" }));
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once("line", resolve));
await a.go(attempt);
// the refused answer again, on the reloaded page: the countdown's submit carries it
await a.eval(`document.querySelector('input[name="q-basics-count"][value="a"]').value = 'zz'; 1`);
await a.click('input[name="q-basics-count"][value="zz"]');
seen.countdown = await a.eval("document.getElementById('quiz-timer-text').textContent");
await a.until("location.pathname.endsWith('/result') && document.readyState === 'complete'",
  "the automatic submit", 45000);
seen.result = await a.eval("document.querySelector('.result-score').textContent.trim()");
console.log(JSON.stringify({ step: "done", seen }));
ws.close();
process.exit(0);
