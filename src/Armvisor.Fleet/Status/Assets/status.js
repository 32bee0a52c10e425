// The Armvisor fleet status page: reads /api/v1/status and /api/v1/history (same origin only) every 2 s and renders
// them. All data goes in through textContent, never as markup.
"use strict";

const STATES = ["Registered", "ConfigStored", "FirstBooting", "ConfigFetched", "ConfigInstalled", "SecondBooting", "Provisioned", "Failed"];
const COLOURS = {
  Registered: "#98a2b3", ConfigStored: "#6172f3", FirstBooting: "#2e90fa", ConfigFetched: "#06aed4",
  ConfigInstalled: "#15b79e", SecondBooting: "#f79009", Provisioned: "#1a7f37", Failed: "#c62828",
};
const SVG = "http://www.w3.org/2000/svg";

function el(name, attributes, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderStates(status) {
  const list = document.getElementById("states");
  list.replaceChildren(...STATES.map(state => {
    const item = el("li", { "data-state": state });
    item.style.setProperty("--state-colour", COLOURS[state]); // CSSOM, which the page's CSP allows (style attributes it does not)
    item.append(el("span", { class: "count", "data-count": state }, String(status.counts[state] ?? 0)));
    item.append(el("span", { class: "name" }, state));
    return item;
  }));
  document.getElementById("total").textContent = String(status.total);
  document.getElementById("failure-count").textContent = String(status.failures.length);
  document.getElementById("generated").textContent = status.generatedAt;
}

function renderFailures(status) {
  const body = document.querySelector("#failures tbody");
  body.replaceChildren(...status.failures.map(f => {
    const row = el("tr", { "data-host": f.hostId });
    row.append(el("td", {}, f.hostId), el("td", {}, f.instanceId ?? "-"), el("td", { class: "phase" }, f.phase), el("td", { class: "reason" }, f.reason));
    return row;
  }));
  document.getElementById("failures").hidden = status.failures.length === 0;
  document.getElementById("no-failures").hidden = status.failures.length !== 0;
}

function renderHosts(status) {
  const body = document.querySelector("#hosts tbody");
  body.replaceChildren(...status.hosts.map(h => {
    const row = el("tr", { "data-host": h.hostId, "data-state": h.state });
    row.append(
      el("td", {}, h.hostId), el("td", {}, h.instanceId ?? "-"), el("td", {}, h.address ?? "-"),
      el("td", { class: `state-${h.state}` }, h.state), el("td", { class: "num" }, String(h.version)),
      el("td", {}, h.configSha256 ? h.configSha256.slice(0, 12) : "-"), el("td", {}, h.failedPhase ?? "-"),
      el("td", { class: "reason" }, h.reason ?? "-"));
    return row;
  }));
}

function renderHistory(history, total) {
  const chart = document.getElementById("history");
  const width = 900, height = 260, left = 40, right = 10, top = 10, bottom = 24;
  const samples = history.samples;
  const nodes = [];
  const max = Math.max(1, total, ...samples.flatMap(s => STATES.map(k => s.counts[k] ?? 0)));
  const t0 = samples.length ? Date.parse(samples[0].at) : 0;
  const t1 = samples.length ? Date.parse(samples[samples.length - 1].at) : 1;
  const span = Math.max(1, t1 - t0);
  const x = t => left + (width - left - right) * (t - t0) / span;
  const y = n => top + (height - top - bottom) * (1 - n / max);
  nodes.push(svg("line", { class: "axis", x1: left, y1: y(0), x2: width - right, y2: y(0) }));
  nodes.push(svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: y(0) }));
  nodes.push(svg("text", { x: 4, y: y(max) + 10 }, String(max)));
  nodes.push(svg("text", { x: 4, y: y(0) }, "0"));
  nodes.push(svg("text", { x: left, y: height - 6 }, samples.length ? new Date(t0).toISOString().slice(11, 19) : ""));
  nodes.push(svg("text", { x: width - right - 60, y: height - 6 }, samples.length ? `+${((t1 - t0) / 1000).toFixed(1)} s` : ""));
  for (const state of STATES) {
    if (!samples.some(s => (s.counts[state] ?? 0) > 0)) continue;
    // A step line: a count holds until the next sample.
    const points = [];
    samples.forEach((s, i) => {
      const t = Date.parse(s.at);
      if (i > 0) points.push(`${x(t)},${y(samples[i - 1].counts[state] ?? 0)}`);
      points.push(`${x(t)},${y(s.counts[state] ?? 0)}`);
    });
    if (samples.length === 1) points.push(`${width - right},${y(samples[0].counts[state] ?? 0)}`);
    nodes.push(svg("polyline", { points: points.join(" "), stroke: COLOURS[state], "data-state": state }));
  }
  chart.replaceChildren(...nodes);
  chart.setAttribute("data-samples", String(samples.length));
  const legend = document.getElementById("legend");
  legend.replaceChildren(...STATES.map(state => {
    const item = el("li", {}, state);
    const swatch = el("i");
    swatch.style.background = COLOURS[state];
    item.prepend(swatch);
    return item;
  }));
}

async function refresh() {
  try {
    const [status, history] = await Promise.all([
      fetch("/api/v1/status", { cache: "no-store" }).then(r => { if (!r.ok) throw new Error(`status ${r.status}`); return r.json(); }),
      fetch("/api/v1/history", { cache: "no-store" }).then(r => { if (!r.ok) throw new Error(`history ${r.status}`); return r.json(); }),
    ]);
    renderStates(status);
    renderFailures(status);
    renderHosts(status);
    renderHistory(history, status.total);
    document.getElementById("connection").textContent = "live";
    document.body.dataset.ready = "1";
  } catch (error) {
    document.getElementById("connection").textContent = `daemon unreachable (${error.message})`;
  }
}

refresh();
setInterval(refresh, 2000);
