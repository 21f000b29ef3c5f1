// The city map's pure parts: Web Mercator coordinates (so optional base tiles line up), the view that fits the
// city, and each sensor's state. Coordinates are "world units": the whole Mercator square is [0, 1] x [0, 1].

const EARTH_CIRCUMFERENCE_KM = 40075.016686;

export function project(lat, lon) {
  const sin = Math.sin((lat * Math.PI) / 180);
  return { x: (lon + 180) / 360, y: 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI) };
}

/** World units per kilometre at a latitude (Mercator stretches with 1 / cos(lat)). */
export function unitsPerKm(lat) {
  return 1 / (EARTH_CIRCUMFERENCE_KM * Math.cos((lat * Math.PI) / 180));
}

/** The box holding every point and circle ({x, y, r} in world units), padded by a share of its size. */
export function fit(shapes, padding = 0.05) {
  if (shapes.length === 0) {
    return { x: 0, y: 0, width: 1, height: 1 };
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of shapes) {
    const r = s.r || 0;
    minX = Math.min(minX, s.x - r); maxX = Math.max(maxX, s.x + r);
    minY = Math.min(minY, s.y - r); maxY = Math.max(maxY, s.y + r);
  }
  const size = Math.max(maxX - minX, maxY - minY, 1e-6);
  const pad = size * padding;
  return { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad };
}

/** The slippy-map tiles ({z, x, y} and their box in world units) covering a view `pixels` wide. */
export function tiles(view, pixels, maxZoom = 19) {
  const z = Math.max(0, Math.min(maxZoom, Math.ceil(Math.log2(pixels / (view.width * 256)))));
  const n = 2 ** z;
  const found = [];
  for (let x = Math.floor(view.x * n); x <= Math.floor((view.x + view.width) * n); x++) {
    for (let y = Math.floor(view.y * n); y <= Math.floor((view.y + view.height) * n); y++) {
      if (x >= 0 && y >= 0 && x < n && y < n) {
        found.push({ z, x, y, box: { x: x / n, y: y / n, size: 1 / n } });
      }
    }
  }
  return found;
}

/** A {z}/{x}/{y} URL template filled in. */
export function tileUrl(template, tile) {
  return template.replace("{z}", tile.z).replace("{x}", tile.x).replace("{y}", tile.y);
}

/**
 * "anomalous" when an anomaly was detected for it recently, else "silent" when its latest reading is older than
 * silentAfterMs at nowMs (or it has none), else "reporting".
 */
export function sensorState(sensor, nowMs, anomalousIds, silentAfterMs) {
  if (anomalousIds.has(sensor.id)) {
    return "anomalous";
  }
  const latest = sensor.latest && Date.parse(sensor.latest.eventTime);
  return !latest || nowMs - latest > silentAfterMs ? "silent" : "reporting";
}

/** Counts per state, in the legend's order. */
export function countStates(states) {
  const counts = { reporting: 0, silent: 0, anomalous: 0 };
  for (const state of states) {
    counts[state]++;
  }
  return counts;
}
