// The CityPulse console: four views over the public API (the same endpoints and key as any client), routed by the
// URL's hash. Each view renders into <main> and returns a function that stops its timers.
import uPlot from "uplot";
import { Unauthorized, allItems, apiKey, follow, get, setApiKey } from "./api.js";
import { countStates, fit, project, sensorState, tileUrl, tiles, unitsPerKm } from "./map.js";

// A sensor counts as anomalous now for this long after an anomaly was detected on it.
const ANOMALOUS_FOR_MS = 5 * 60 * 1000;
const REFRESH_MS = 10 * 1000;
const FEED_KEEP = 200;
const SVG_SIZE = 1000;

const main = document.getElementById("main");
const status = document.getElementById("status");
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

// ---- small DOM helpers -------------------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? "" : value);
    }
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  return node;
}

/** A time in the user's time zone, UTC on hover. */
function time(iso) {
  if (!iso) {
    return h("span", {}, "none");
  }
  const date = new Date(iso);
  return h("time", { datetime: date.toISOString(), title: `${date.toISOString()} (UTC)` }, LOCAL_TIME.format(date));
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return "none";
  }
  const s = Math.round(seconds);
  if (Math.abs(s) < 120) {
    return `${s} s`;
  }
  if (Math.abs(s) < 7200) {
    return `${Math.round(s / 60)} min`;
  }
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function number(value, digits = 1) {
  return value === null || value === undefined ? "none" : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

function say(text, error = false) {
  status.textContent = text;
  status.className = error ? "status error" : "status";
}

// ---- the data's clock and the live anomaly feed, shared by every view --------------------------------------------

// The API's "now" is the time of the data (it may be shifted for tests); the browser's clock is corrected to it.
let skewMs = 0;
const dataNow = () => Date.now() + skewMs;

async function settings() {
  const pipeline = await get("/api/v1/statistics/pipeline");
  skewMs = Date.parse(pipeline.now) - Date.now();
  return pipeline;
}

const feed = {
  recent: [],
  listeners: new Set(),
  controller: null,
  start() {
    this.controller?.abort();
    this.controller = new AbortController();
    const state = document.getElementById("feed-state");
    follow("/api/v1/anomalies/stream", (anomaly) => {
      anomaly.receivedAt = Date.now();
      this.recent.unshift(anomaly);
      this.recent.length = Math.min(this.recent.length, FEED_KEEP);
      this.listeners.forEach((listener) => listener(anomaly));
    }, (link) => {
      state.textContent = `feed: ${link}`;
      if (link === "needs key") {
        askForKey();
      }
    }, this.controller.signal);
  },
};

// ---- the API key -------------------------------------------------------------------------------------------------

const dialog = document.getElementById("key-dialog");

function askForKey() {
  if (!dialog.open) {
    document.getElementById("key-input").value = apiKey() || "";
    dialog.showModal();
  }
}

document.getElementById("key-button").addEventListener("click", askForKey);
document.getElementById("key-cancel").addEventListener("click", () => dialog.close());
document.getElementById("key-form").addEventListener("submit", () => {
  setApiKey(document.getElementById("key-input").value.trim());
  feed.start();
  route();
});

// ---- map ---------------------------------------------------------------------------------------------------------

async function mapView() {
  const board = svg("svg", { class: "map", viewBox: `0 0 ${SVG_SIZE} ${SVG_SIZE}`, role: "group",
    "aria-label": "City map: zones and sensors" });
  const counts = h("p", { id: "sensor-counts" }, "loading sensors...");
  const card = h("div", { id: "sensor-card" }, h("p", {}, "Select a sensor (click, or Tab then Enter) for its card."));
  main.replaceChildren(h("h2", {}, "City map"), h("div", { class: "layout" }, h("div", {}, board),
    h("aside", { class: "panel" }, counts, legend(), card)));

  // Everything the first paint needs, at once. The sensor list carries each sensor's latest reading; refresh()
  // then reads only the reporting sensors' (/sensors/latest).
  const [zones, sensors, config, recent] = await Promise.all([get("/api/v1/zones"),
    allItems("/api/v1/sensors?limit=1000"), get("/api/v1/console/settings"), settings().then(recentAnomalies)]);
  const placed = sensors.map((s) => ({ ...project(s.lat, s.lon), sensor: s }));
  const circles = zones.map((z) => ({ ...project(z.centerLat, z.centerLon), r: z.radiusKm * unitsPerKm(z.centerLat), zone: z }));
  const view = fit([...placed, ...circles]);
  const scale = SVG_SIZE / Math.max(view.width, view.height);
  const sx = (x) => (x - view.x) * scale;
  const sy = (y) => (y - view.y) * scale;

  if (config.tileUrl) {
    for (const tile of tiles(view, board.clientWidth || SVG_SIZE)) {
      board.append(svg("image", { href: tileUrl(config.tileUrl, tile), x: sx(tile.box.x), y: sy(tile.box.y),
        width: tile.box.size * scale, height: tile.box.size * scale }));
    }
  }
  for (const c of circles) {
    board.append(svg("circle", { class: "zone", cx: sx(c.x), cy: sy(c.y), r: c.r * scale }));
    const label = svg("text", { class: "zone-label", x: sx(c.x), y: sy(c.y - c.r) - 4, "text-anchor": "middle", "font-size": 14 });
    label.textContent = c.zone.name;
    board.append(label);
  }
  const dots = new Map();
  for (const p of placed) {
    const dot = svg("circle", { class: "sensor silent", cx: sx(p.x), cy: sy(p.y), r: 6, tabindex: 0, role: "button",
      "data-id": p.sensor.id });
    dot.append(svg("title"));
    dot.addEventListener("click", () => select(p.sensor.id));
    dot.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(p.sensor.id);
      }
    });
    board.append(dot);
    dots.set(p.sensor.id, { dot, sensor: p.sensor });
  }

  const anomalous = new Map(); // sensor id -> detection time (ms, data clock)
  let selected = null;

  function paint() {
    const now = dataNow();
    for (const [id, at] of anomalous) {
      if (now - at > ANOMALOUS_FOR_MS) {
        anomalous.delete(id);
      }
    }
    const states = [];
    for (const entry of dots.values()) {
      const { dot, sensor } = entry;
      const state = sensorState(sensor, now, anomalous, config.silentAfterSeconds * 1000);
      states.push(state);
      const shown = `${state}${sensor.id === selected ? " selected" : ""}`;
      if (entry.shown !== shown) { // only the dots that changed: with 10,000 sensors a paint per anomaly adds up
        entry.shown = shown;
        dot.setAttribute("class", `sensor ${shown}`);
        dot.setAttribute("aria-label", `${sensor.id}, ${sensor.type} in ${sensor.zone}: ${state}`);
        dot.firstChild.textContent = `${sensor.id} (${sensor.type}, ${sensor.zone}): ${state}`;
      }
    }
    const n = countStates(states);
    counts.replaceChildren(`${dots.size} sensors: ${n.reporting} reporting, ${n.silent} silent, ${n.anomalous} anomalous now`);
    counts.dataset.sensors = dots.size;
    if (selected) {
      showCard(dots.get(selected).sensor, card, sensorStateOf(selected));
    }
  }

  const sensorStateOf = (id) => sensorState(dots.get(id).sensor, dataNow(), anomalous, config.silentAfterSeconds * 1000);

  function select(id) {
    selected = id;
    paint();
  }

  function apply(latest, recent) {
    for (const s of latest) {
      const entry = dots.get(s.id);
      if (entry) {
        entry.sensor = s;
      }
    }
    for (const a of recent) {
      anomalous.set(a.sensorId, Math.max(anomalous.get(a.sensorId) || 0, Date.parse(a.detectedAt)));
    }
    paint();
  }

  async function refresh() {
    await settings();
    apply(...(await Promise.all([allItems("/api/v1/sensors/latest?limit=1000"), recentAnomalies()])));
  }

  const onAnomaly = (a) => {
    anomalous.set(a.sensorId, Date.parse(a.detectedAt));
    paint();
  };
  feed.listeners.add(onAnomaly);
  apply([], recent);
  const timer = setInterval(() => refresh().catch(report), REFRESH_MS);
  return () => {
    clearInterval(timer);
    feed.listeners.delete(onAnomaly);
  };
}

/** The anomalies of the span in which a sensor still counts as anomalous (data clock: call settings() first). */
const recentAnomalies = () => {
  const since = new Date(dataNow() - ANOMALOUS_FOR_MS).toISOString();
  return get(`/api/v1/anomalies?since=${encodeURIComponent(since)}&limit=1000`).then((page) => page.items);
};

function legend() {
  return h("p", { class: "legend" }, ["reporting", "silent", "anomalous"].map((s) => h("span", {}, h("span", { class: `dot ${s}` }), s)));
}

function showCard(sensor, card, state) {
  const measures = sensor.latest ? Object.entries(sensor.latest.measures) : [];
  card.replaceChildren(
    h("h3", {}, sensor.id),
    h("dl", { class: "card" },
      h("dt", {}, "type"), h("dd", {}, sensor.type),
      h("dt", {}, "zone"), h("dd", {}, sensor.zone),
      h("dt", {}, "state"), h("dd", {}, state),
      h("dt", {}, "latest"), h("dd", {}, sensor.latest ? time(sensor.latest.eventTime) : "no reading yet"),
      measures.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, typeof value === "number" ? number(value, 2) : String(value))])),
    h("p", {}, h("a", { href: `#/sensor/${encodeURIComponent(sensor.id)}` }, "History of this sensor")));
}

// ---- anomaly feed ------------------------------------------------------------------------------------------------

function anomalyRow(a, fresh) {
  return h("tr", { class: fresh ? "new" : null, "data-anomaly-id": a.anomalyId },
    h("td", {}, time(a.detectedAt)),
    h("td", { class: `sev-${a.severity}` }, a.severity),
    h("td", {}, a.type),
    h("td", {}, h("a", { href: `#/sensor/${encodeURIComponent(a.sensorId)}` }, a.sensorId)),
    h("td", {}, a.zone),
    h("td", {}, `${number(a.observedValue, 2)} / ${number(a.threshold, 2)}`),
    h("td", {}, a.description));
}

async function anomaliesView() {
  const body = h("tbody", { id: "anomaly-rows" });
  main.replaceChildren(h("h2", {}, "Anomalies"),
    h("p", {}, "Newest first; new ones arrive live from the stream and are highlighted."),
    h("table", {}, h("caption", { class: "status" }, "Latest anomalies"),
      h("thead", {}, h("tr", {}, ["detected", "severity", "type", "sensor", "zone", "observed / threshold", "description"]
        .map((c) => h("th", { scope: "col" }, c)))), body));
  const listed = await get("/api/v1/anomalies?limit=100");
  const seen = new Set();
  const rows = [...feed.recent, ...listed.items].filter((a) => !seen.has(a.anomalyId) && seen.add(a.anomalyId));
  body.replaceChildren(...rows.map((a) => anomalyRow(a, false)));
  const onAnomaly = (a) => {
    if (!seen.has(a.anomalyId)) {
      seen.add(a.anomalyId);
      body.prepend(anomalyRow(a, true));
      body.firstChild.dataset.shownAt = Date.now();
    }
  };
  feed.listeners.add(onAnomaly);
  return () => feed.listeners.delete(onAnomaly);
}

// ---- sensor page -------------------------------------------------------------------------------------------------

const DEFAULT_SPAN_HOURS = { minute: 3, hour: 24, day: 24 * 30 };
const SOURCE_COLOURS = { batch: "#0b5cad", speed: "#b35900", "batch+speed": "#6f42c1" };

async function sensorView(id) {
  const sensor = await get(`/api/v1/sensors/${encodeURIComponent(id)}`);
  const card = h("div", { class: "panel" });
  const resolution = h("select", { id: "resolution" }, ["minute", "hour", "day"].map((r) => h("option", { value: r, selected: r === "hour" }, r)));
  const measure = h("select", { id: "measure" });
  const chart = h("div", { class: "chart", id: "history-chart" });
  const table = h("tbody", { id: "history-rows" });
  main.replaceChildren(h("h2", {}, `Sensor ${sensor.id}`), h("div", { class: "layout" },
    h("div", {},
      h("div", { class: "controls" }, h("label", {}, "Resolution ", resolution), h("label", {}, "Measure ", measure),
        h("span", { class: "legend" }, Object.keys(SOURCE_COLOURS).map((s) => h("span", {}, h("span", { class: `dot ${s.replace("+", "-")}` }), s)),
          h("span", {}, "dashed line: batch horizon"))),
      chart,
      h("table", {}, h("caption", {}, "Points of the chart: each from the batch views, the speed layer, or both"),
        h("thead", {}, h("tr", {}, ["start", "source", "count", "mean", "min", "max"].map((c) => h("th", { scope: "col" }, c)))), table)),
    card));
  await settings();
  showCard(sensor, card, sensor.latest ? "has readings" : "no reading yet");
  let plot = null;
  let history = null;

  async function load() {
    const to = new Date(dataNow());
    const from = new Date(to.getTime() - DEFAULT_SPAN_HOURS[resolution.value] * 3600 * 1000);
    history = await get(`/api/v1/sensors/${encodeURIComponent(id)}/history?resolution=${resolution.value}`
      + `&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
    const names = [...new Set(history.points.flatMap((p) => Object.keys(p.measures)))].sort();
    const keep = names.includes(measure.value) ? measure.value : names[0];
    measure.replaceChildren(...names.map((n) => h("option", { value: n, selected: n === keep }, n)));
    draw();
  }

  function draw() {
    const name = measure.value;
    const points = history.points.filter((p) => p.measures[name]);
    table.replaceChildren(...points.map((p) => {
      const m = p.measures[name];
      return h("tr", { "data-source": p.source }, h("td", {}, time(p.start)), h("td", {}, p.source),
        h("td", {}, number(m.count, 0)), h("td", {}, number(m.mean, 2)), h("td", {}, number(m.min, 2)), h("td", {}, number(m.max, 2)));
    }));
    const sources = Object.keys(SOURCE_COLOURS).filter((s) => points.some((p) => p.source === s));
    const xs = points.map((p) => Date.parse(p.start) / 1000);
    const data = [xs, ...sources.map((s) => points.map((p) => (p.source === s ? p.measures[name].mean : null)))];
    const horizon = history.batchHorizon ? Date.parse(history.batchHorizon) / 1000 : null;
    plot?.destroy();
    chart.replaceChildren();
    plot = new uPlot({
      width: chart.clientWidth || 800, height: 320,
      scales: { x: { time: true } },
      series: [{}, ...sources.map((s) => ({ label: s, stroke: SOURCE_COLOURS[s], points: { show: true, size: 6 }, spanGaps: false }))],
      axes: [{}, { label: name }],
      hooks: { draw: [(u) => drawHorizon(u, horizon)] },
    }, data, chart);
    chart.dataset.points = points.length;
  }

  resolution.addEventListener("change", () => load().catch(report));
  measure.addEventListener("change", draw);
  await load();
  const timer = setInterval(() => load().catch(report), REFRESH_MS * 3);
  return () => {
    clearInterval(timer);
    plot?.destroy();
  };
}

function drawHorizon(u, horizon) {
  if (horizon === null || horizon < u.scales.x.min || horizon > u.scales.x.max) {
    return;
  }
  const x = Math.round(u.valToPos(horizon, "x", true));
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = "#1b1f24";
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
}

// ---- pipeline ----------------------------------------------------------------------------------------------------

function tile(id, label, value, detail) {
  return h("div", { class: "panel tile", id }, h("div", { class: "label" }, label), h("div", { class: "value" }, value),
    h("div", {}, detail));
}

async function pipelineView() {
  const area = h("div", { class: "tiles", id: "pipeline-tiles" });
  const reasons = h("tbody", { id: "dead-letter-reasons" });
  const topics = h("tbody", { id: "topic-lag" });
  main.replaceChildren(h("h2", {}, "Pipeline"), area,
    h("h3", {}, "Dead letters in the last hour, by reason"),
    h("table", {}, h("thead", {}, h("tr", {}, ["reason", "records", "per minute"].map((c) => h("th", { scope: "col" }, c)))), reasons),
    h("h3", {}, "Speed layer's consumer lag per topic"),
    h("table", {}, h("thead", {}, h("tr", {}, ["topic", "end offsets", "lag"].map((c) => h("th", { scope: "col" }, c)))), topics));

  async function refresh() {
    const [pipeline, kafka, dead] = await Promise.all([settings(), get("/api/v1/statistics/kafka"),
      get("/api/v1/statistics/deadletter?minutes=60")]);
    const now = Date.parse(pipeline.now);
    const run = pipeline.lastIngestRun;
    area.replaceChildren(
      tile("batch-horizon", "Batch horizon age", duration(pipeline.batchLagSeconds), ["horizon ", time(pipeline.batchHorizon)]),
      tile("last-ingest", "Last ingest run", run ? run.status : "none yet",
        run ? [run.job, " finished ", time(run.finishedAt), `, ${number(run.rowsWritten, 0)} rows`] : ""),
      tile("speed-freshness", "Speed layer last wrote", duration(pipeline.speedFreshnessSeconds) + " ago",
        `${number(pipeline.sensorsReporting, 0)} sensors with a latest reading`),
      tile("watermark-lag", "Event-time lag (now minus newest event)",
        duration(pipeline.speedLastEventTime ? (now - Date.parse(pipeline.speedLastEventTime)) / 1000 : null),
        ["newest event ", time(pipeline.speedLastEventTime)]),
      tile("consumer-lag", "Consumer lag (speed layer)", `${number(kafka.totalLag, 0)} records`, `group ${kafka.consumerGroup}`),
      tile("dead-letter-rate", "Dead letters", `${number(dead.perMinute, 2)} / min`,
        `${number(dead.records, 0)} in the last hour${dead.complete ? "" : " (scan bounded: at least)"}`));
    reasons.replaceChildren(...dead.reasons.map((r) => h("tr", {}, h("td", {}, r.reason), h("td", {}, number(r.records, 0)),
      h("td", {}, number(r.perMinute, 2)))));
    topics.replaceChildren(...kafka.topics.map((t) => h("tr", {}, h("td", {}, t.name), h("td", {}, number(t.endOffsets, 0)),
      h("td", {}, t.lag === null ? "not consumed" : number(t.lag, 0)))));
  }

  await refresh();
  const timer = setInterval(() => refresh().catch(report), REFRESH_MS);
  return () => clearInterval(timer);
}

// ---- routing -----------------------------------------------------------------------------------------------------

let stop = () => {};

function report(e) {
  if (e instanceof Unauthorized) {
    say("This API needs a key: enter it with the API key button.", true);
    askForKey();
  } else {
    say(e.message, true);
  }
}

async function route() {
  stop();
  stop = () => {};
  const [, view, arg] = location.hash.match(/^#\/([a-z]+)(?:\/(.+))?/) || [null, "map"];
  for (const link of document.querySelectorAll("header nav a")) {
    if (link.getAttribute("href") === `#/${view}`) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  const views = { map: mapView, anomalies: anomaliesView, pipeline: pipelineView, sensor: () => sensorView(decodeURIComponent(arg)) };
  say("");
  main.dataset.view = view;
  main.dataset.ready = "false";
  try {
    stop = (await (views[view] || mapView)()) || stop;
    main.dataset.ready = "true";
    performance.mark(`citypulse:ready:${view}`); // read by ./citypulse bench console
  } catch (e) {
    report(e);
  }
}

window.addEventListener("hashchange", route);
feed.start();
route();
