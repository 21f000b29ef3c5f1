// The console's pure modules, run by `node --test` from ./citypulse test (no npm packages needed).
import assert from "node:assert/strict";
import { test } from "node:test";
import { countStates, fit, project, sensorState, tileUrl, tiles, unitsPerKm } from "../../main/resources/META-INF/resources/console/map.js";
import { SseParser } from "../../main/resources/META-INF/resources/console/sse.js";

function parse(...chunks) {
  const events = [];
  const parser = new SseParser((e) => events.push(e));
  chunks.forEach((c) => parser.push(c));
  return events;
}

test("an event ends at a blank line and its data lines are joined", () => {
  assert.deepEqual(parse("data: {\"a\":1}\n\n"), [{ event: "message", data: "{\"a\":1}", id: "" }]);
  assert.deepEqual(parse("event: anomaly\nid: 7\ndata: one\ndata: two\n\n"), [{ event: "anomaly", data: "one\ntwo", id: "7" }]);
});

test("events split across chunks, CRLF and lone CR line ends, comments and empty events", () => {
  assert.deepEqual(parse("da", "ta: x\r", "\n\r\n").map((e) => e.data), ["x"]);
  assert.deepEqual(parse("data: y\rdata: z\r\r: c\n").map((e) => e.data), ["y\nz"]);
  assert.deepEqual(parse("data: w\r\r"), [], "a CR at the chunk's end may be half a CRLF: wait for more");
  assert.deepEqual(parse(": keep-alive\n\n", "data:no-space\n\n").map((e) => e.data), ["no-space"]);
  assert.deepEqual(parse("data: unfinished\n"), []);
});

test("Mercator projection: the origin at the centre, north up, and the metres per unit at a latitude", () => {
  assert.deepEqual(project(0, 0), { x: 0.5, y: 0.5 });
  assert.ok(project(52.5, 13.4).y < 0.5, "the north is above the equator");
  assert.ok(Math.abs(unitsPerKm(0) * 40075.016686 - 1) < 1e-12);
  assert.ok(unitsPerKm(60) > 1.99 * unitsPerKm(0), "a km at 60 degrees spans twice the units");
});

test("the view holds every point and circle, padded, and an empty city still has a view", () => {
  const view = fit([{ x: 0.1, y: 0.2 }, { x: 0.3, y: 0.25, r: 0.05 }], 0);
  const near = (a, b) => Math.abs(a - b) < 1e-12;
  assert.ok(near(view.x, 0.1) && near(view.y, 0.2) && near(view.width, 0.25) && near(view.height, 0.1), JSON.stringify(view));
  const padded = fit([{ x: 0.1, y: 0.2 }, { x: 0.3, y: 0.25, r: 0.05 }], 0.1);
  assert.ok(near(padded.x, 0.075) && near(padded.width, 0.3), JSON.stringify(padded));
  assert.deepEqual(fit([]), { x: 0, y: 0, width: 1, height: 1 });
});

test("tiles cover the view at the zoom that gives about a pixel per pixel", () => {
  const view = { x: 0.50001, y: 0.50001, width: 1 / 1024, height: 1 / 1024 };
  const found = tiles(view, 1024);
  assert.ok(found.every((t) => t.z === 12), "1024 px over 1/1024 of the world: 4 tiles of 256 px at zoom 12");
  const columns = [...new Set(found.map((t) => t.x))];
  assert.deepEqual(columns, [2048, 2049, 2050, 2051, 2052], "4 tiles wide, cut at both edges");
  assert.equal(found.length, 25);
  assert.deepEqual(found[0].box, { x: 2048 / 4096, y: 2048 / 4096, size: 1 / 4096 });
  assert.equal(tileUrl("https://t.example/{z}/{x}/{y}.png", found[0]), "https://t.example/12/2048/2048.png");
});

test("a sensor is anomalous, else silent when its latest reading is old or missing, else reporting", () => {
  const now = Date.parse("2027-01-12T10:00:00Z");
  const fresh = { id: "a", latest: { eventTime: "2027-01-12T09:59:30Z" } };
  const stale = { id: "b", latest: { eventTime: "2027-01-12T09:58:00Z" } };
  const none = { id: "c", latest: null };
  const states = [fresh, stale, none].map((s) => sensorState(s, now, new Map(), 60_000));
  assert.deepEqual(states, ["reporting", "silent", "silent"]);
  assert.equal(sensorState(stale, now, new Map([["b", now]]), 60_000), "anomalous");
  assert.deepEqual(countStates([...states, "anomalous"]), { reporting: 1, silent: 2, anomalous: 1 });
});
