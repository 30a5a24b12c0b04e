// The monitor: plain JavaScript over the host's own API (the same endpoints any client uses), with the API key entered
// once and kept in this tab's sessionStorage. No build step.
"use strict";

const state = { key: sessionStorage.getItem("orchestrator-key") || "", jobs: [], next: null, open: null, timer: null };
const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "class") node.className = value; else if (name === "text") node.textContent = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { "X-Api-Key": state.key, "Accept": "application/json" } });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const problem = body && (body.detail || body.title) ? `${body.title}: ${body.detail ?? ""}` : `HTTP ${response.status}`;
    throw Object.assign(new Error(problem), { status: response.status });
  }
  return { body, response };
}

function say(text) { $("#message").textContent = text || ""; }
const money = (value) => typeof value === "number" ? value.toFixed(2) : "–";
const when = (value) => value ? new Date(value).toLocaleString() : "–";
const statusBadge = (status) => el("span", { class: `status status-${status}`, text: status });
const lastAttempt = (job) => (job.attempts && job.attempts.length ? job.attempts[job.attempts.length - 1] : null);
// A running job publishes only a summary of its route decision; the whole plan comes with its final report.
const routeDecisionOf = (job) => {
  const rule = (r) => (r.rule ? `Rule '${r.rule}'. ` : "");
  if (job.route) return `${rule(job.route)}${job.route.explanation}`;
  if (job.routeSummary) return `${rule(job.routeSummary)}${job.routeSummary.headline} (${job.routeSummary.routes} route(s) planned; the full plan shows when the job ends.)`;
  return "Not routed.";
};
const routeOf = (job) => (job.attempts || []).map((a) => a.route).join(" → ") || job.currentRoute || "–";
const provenanceOf = (job) => job.provenance ? job.provenance.state + (job.provenance.aiGeneratedDeclared ? " · AI" : "") : "–";

// What the vendor last said of an attempt: its status and progress ("processing 40%"), or "" before it said anything.
const vendorProgressOf = (attempt) =>
  [attempt.vendorStatus, typeof attempt.progress === "number" ? `${attempt.progress}%` : null].filter(Boolean).join(" ");

function vendorOf(job) {
  const attempt = lastAttempt(job);
  if (!attempt) return "–";
  return vendorProgressOf(attempt) || attempt.state || "–";
}

function listQuery(continuation) {
  const params = new URLSearchParams({ pageSize: "50" });
  const team = $("#filter-team").value.trim();
  const status = $("#filter-status").value;
  if (team) params.set("team", team);
  if (status) params.set("status", status);
  if (continuation) params.set("continuationToken", continuation);
  return `/api/jobs?${params}`;
}

async function loadJobs(append = false) {
  try {
    const { body } = await api(listQuery(append ? state.next : null));
    state.jobs = append ? state.jobs.concat(body.jobs) : body.jobs;
    state.next = body.continuationToken || null;
    renderJobs();
    say("");
  } catch (error) {
    say(error.status === 401 ? "That API key was not accepted. Paste your team's key." : error.message);
    if (error.status === 401) {
      stopRefresh();
      state.jobs = []; state.next = null;
      renderJobs();
    }
  }
}

function renderJobs() {
  const rows = state.jobs.map((job) => {
    const row = el("tr", { "data-instance": job.instanceId },
      el("td", { text: when(job.createdAt) }),
      el("td", { class: "mono", text: job.instanceId }),
      el("td", { text: job.team }),
      el("td", {}, statusBadge(job.status)),
      el("td", { text: job.step || "–" }),
      el("td", { text: routeOf(job) }),
      el("td", { text: vendorOf(job) }),
      el("td", { class: "money", text: `${money(job.billedUsd)}${job.reservedUsd ? ` (held ${money(job.reservedUsd)})` : ""}` }),
      el("td", { text: provenanceOf(job) }));
    row.addEventListener("click", () => openJob(job.instanceId));
    return row;
  });
  $("#jobs tbody").replaceChildren(...rows);
  $("#more").hidden = !state.next;
  const running = state.jobs.filter((job) => job.status === "running").length;
  $("#counts").textContent = `${state.jobs.length} jobs shown, ${running} running`;
}

async function openJob(instanceId) {
  state.open = instanceId;
  $("#jobs-section").hidden = true;
  $("#detail").hidden = false;
  $("#history").hidden = true;
  await renderDetail();
}

async function renderDetail() {
  if (!state.open) return;
  let details;
  try {
    details = (await api(`/api/jobs/${encodeURIComponent(state.open)}`)).body;
  } catch (error) {
    say(error.message);
    return;
  }
  const job = details.job;
  $("#detail-title").replaceChildren(el("span", { class: "mono", text: job.instanceId }), " ", statusBadge(job.status));
  $("#detail-message").textContent = job.message || "";
  const summary = [
    ["Team", `${job.team} (${job.environment || "sandbox"})`], ["Step", job.step || "–"], ["Created", when(job.createdAt)],
    ["Updated", when(job.lastUpdatedAt)], ["Billed", `${money(job.billedUsd)} USD`], ["Reserved", `${money(job.reservedUsd)} USD`],
  ];
  if (job.budget) summary.push(["Budget", job.budget.reason]);
  if (job.moderation && !job.moderation.allowed) summary.push(["Moderation", (job.moderation.flags || []).map((f) => f.category).join(", ") || "blocked"]);
  $("#detail-summary").replaceChildren(...summary.flatMap(([name, value]) => [el("dt", { text: name }), el("dd", { text: value })]));
  $("#detail-route").textContent = routeDecisionOf(job);
  $("#attempts tbody").replaceChildren(...(job.attempts || []).map((attempt) => el("tr", {},
    el("td", { text: attempt.number }), el("td", { text: attempt.route }), el("td", { class: "mono", text: attempt.vendorJobId || "–" }),
    el("td", { text: attempt.state }), el("td", { text: vendorProgressOf(attempt) || "–" }),
    el("td", { class: "money", text: money(attempt.reservedUsd) }), el("td", { class: "money", text: money(attempt.billedUsd) }),
    el("td", { text: [attempt.billingStatus, attempt.billingNote].filter(Boolean).join(": ") || "–" }),
    el("td", { text: [attempt.failure ? `${attempt.failure.code || ""} ${attempt.failure.message || ""}`.trim() : null, ...(attempt.notes || [])].filter(Boolean).join("; ") || "–" }))));
  const p = job.provenance;
  $("#detail-provenance").replaceChildren(...(p ? [
    ["Verdict", p.state], ["AI-generated declared", p.aiGeneratedDeclared ? "yes" : "no"], ["Signer", p.signer || "–"],
    ["Claim generator", p.claimGenerator || "–"], ["Stored copy", p.comparison || "–"], ["Failure codes", (p.failureCodes || []).join(", ") || "none"],
  ] : [["Verdict", "not checked (no stored clip)"]]).flatMap(([name, value]) => [el("dt", { text: name }), el("dd", { text: value })]));
  const links = [];
  if (details.videoUrl) links.push(el("a", { href: details.videoUrl, target: "_blank", rel: "noopener", id: "video-link", text: "Video (MP4, read-only link)" }));
  const history = el("a", { href: "#history", id: "history-link", text: "History" });
  history.addEventListener("click", (event) => { event.preventDefault(); showHistory(); });
  links.push(history);
  $("#detail-links").replaceChildren(...links);
}

async function showHistory() {
  try {
    const { body } = await api(`/runtime/webhooks/durabletask/instances/${encodeURIComponent(state.open)}?showHistory=true&showHistoryOutput=false&showInput=false`);
    $("#history-events").replaceChildren(...(body.historyEvents || []).map((event) => el("li", {},
      el("code", { text: new Date(event.Timestamp).toLocaleTimeString() }), " ",
      el("strong", { text: event.EventType }), " ",
      [event.FunctionName || event.Name || event.Operation, event.EntityId, event.OrchestrationStatus || event.FireAt || event.Reason]
        .filter(Boolean).join(" · "))));
    $("#history").hidden = false;
  } catch (error) {
    say(error.message);
  }
}

function closeDetail() {
  state.open = null;
  $("#detail").hidden = true;
  $("#jobs-section").hidden = false;
  loadJobs();
}

function startRefresh() {
  stopRefresh();
  state.timer = setInterval(() => {
    if (!$("#auto-refresh").checked) return;
    if (state.open) renderDetail(); else loadJobs();
  }, 2000);
}

function stopRefresh() { if (state.timer) clearInterval(state.timer); state.timer = null; }

function useKey(key) {
  state.key = key;
  sessionStorage.setItem("orchestrator-key", key);
  $("#api-key").value = "";
  $("#api-key").placeholder = "key in use (kept in this tab only)";
  $("#forget-key").hidden = false;
  $("#jobs-section").hidden = false;
  loadJobs();
  startRefresh();
}

$("#key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const key = $("#api-key").value.trim();
  if (key) useKey(key); else say("Paste an API key first.");
});
$("#forget-key").addEventListener("click", () => {
  sessionStorage.removeItem("orchestrator-key");
  state.key = ""; state.jobs = []; state.next = null; state.open = null;
  stopRefresh();
  renderJobs();
  $("#jobs-section").hidden = true; $("#detail").hidden = true; $("#forget-key").hidden = true;
  $("#api-key").placeholder = "paste your team's API key";
});
$("#filters").addEventListener("change", () => loadJobs());
$("#filter-team").addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); loadJobs(); } });
$("#more").addEventListener("click", () => loadJobs(true));
$("#close-detail").addEventListener("click", closeDetail);

if (state.key) useKey(state.key); else say("Paste your team's API key (or the admin key) to see jobs.");
