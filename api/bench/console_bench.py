"""./citypulse bench console: the console in headless Chromium against the platform as `up` starts it, with a
realtime city of 210 sensors.

- First paint, cold (a new browser context per load, so nothing cached): the map is ready when it shows every
  registered sensor with its state (the console's `citypulse:ready:map` mark, from navigation start). Measured with
  the city's 210 sensors, then with 10,000 registered (the rest added to the `sensor` table, as a registry would).
  Anchor, in the same browser and the same run: fetching the data the map needs (zones, every sensor, every latest
  reading, 1,000 a page) from a page of the same origin, with no rendering.
- Anomaly to screen: from a probe anomaly's append to the anomaly topic (the step where the speed layer's detection
  ends; `bench speed` times the detection) to its row on the anomaly page, 4 a second while the city runs at the
  generator's default rates. Anchor: the same anomalies reaching a plain SSE client of the same stream, at once.

Last line: BENCH {"name":"console","figures":{...}}.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infrastructure/testing"))

import browser as headless  # noqa: E402
import running_platform as rp  # noqa: E402

CITY = {"traffic": 100, "weather": 10, "energy": 100}  # the generator's default city
REGISTERED = (sum(CITY.values()), 10_000)
LOADS = 5  # cold loads per size, interleaved with the anchor's
# Probe anomalies (AnomalyProbe.java) at a known moment each, while the city detects its own at the default rate.
PROBES = 200
PROBE_INTERVAL_MS = 250
PROBE_SENSOR = "traffic-0001"


def main() -> int:
    if rp.missing_jars():
        sys.exit(f"console bench: not built: {', '.join(rp.missing_jars())} (mvn install -DskipTests)")
    if headless.missing():
        sys.exit(f"console bench: {headless.missing()}")
    platform = rp.Platform(Path(tempfile.mkdtemp(prefix="citypulse-console-bench-")) / "state")
    city = rp.City(platform, CITY, history_minutes=3, anomaly_rate="0.0001")
    figures = {}
    try:
        platform.start()
        city.start()
        rp.wait_for("the speed layer's latest readings of every sensor",
                    lambda: platform.api(f"/api/v1/sensors/latest?offset={REGISTERED[0] - 1}&limit=1") == 200, 180)
        base = f"http://127.0.0.1:{platform.api_port}"
        with headless.chromium() as browser:
            figures |= first_paint(browser, platform, base, REGISTERED[0])
            figures |= anomaly_to_screen(browser, platform, base)
            register(platform, REGISTERED[1])
            figures |= first_paint(browser, platform, base, REGISTERED[1])
    finally:
        city.kill()
        platform.stop()
    print("BENCH " + json.dumps({"name": "console", "figures": figures}))
    return 0


def keyed_context(browser, platform):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(f"sessionStorage.setItem('citypulse.apiKey', {json.dumps(platform.api_key)})")
    return context


MAP_DATA = """async ([key]) => {
  const get = async (path) => (await fetch(path, { headers: { "X-API-Key": key, Accept: "application/json" } })).json();
  const all = async (path) => {
    const items = [];
    let cursor = null;
    do {
      const page = await get(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const t0 = performance.now();
  const [zones, sensors, latest] = await Promise.all([get("/api/v1/zones"), all("/api/v1/sensors?limit=1000"),
    all("/api/v1/sensors/latest?limit=1000")]);
  return { ms: performance.now() - t0, sensors: sensors.length, zones: zones.length, latest: latest.length };
}"""


def first_paint(browser, platform, base, registered: int) -> dict:
    """Cold loads of the map, each beside a cold fetch of the same data; medians and the slowest load."""
    total = platform.get("/api/v1/sensors?limit=1")["total"]
    assert total == registered, f"{total} sensors registered, expected {registered}"
    ready, paint, anchor = [], [], []
    for _ in range(LOADS):
        context = keyed_context(browser, platform)
        page = context.new_page()
        page.goto(f"{base}/console/")
        page.wait_for_selector("main[data-view='map'][data-ready='true']", timeout=60_000)
        shown = page.locator("circle.sensor").count()
        assert shown == registered, f"the map shows {shown} of {registered} sensors"
        ready.append(page.evaluate("performance.getEntriesByName('citypulse:ready:map')[0].startTime"))
        paint.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
        context.close()

        context = keyed_context(browser, platform)
        page = context.new_page()
        page.goto(f"{base}/console/console.css")  # any page of the same origin, so fetch() may send the key
        data = page.evaluate(MAP_DATA, [platform.api_key])
        assert data["sensors"] == registered, data
        anchor.append(data["ms"])
        context.close()
    suffix = f"at_{registered}"
    print(f"console map at {registered} sensors: ready {fmt(ready)} ms, first contentful paint {fmt(paint)} ms; "
          f"anchor, the same data fetched without rendering: {fmt(anchor)} ms", flush=True)
    return {f"map_ready_ms_{suffix}": round(statistics.median(ready)),
            f"map_ready_max_ms_{suffix}": round(max(ready)),
            f"first_contentful_paint_ms_{suffix}": round(statistics.median(paint)),
            f"map_data_fetch_ms_{suffix}": round(statistics.median(anchor)),
            f"map_ready_vs_data_fetch_{suffix}": round(statistics.median(r / a for r, a in zip(ready, anchor)), 2)}


def register(platform, registered: int) -> None:
    """Adds sensors to the `sensor` table until `registered` are there, spread over the city's zones."""
    zones = platform.query("SELECT zone_id, center_lat, center_lon, radius_km FROM zone ORDER BY zone_id")
    [(present,)] = platform.query("SELECT count(*) FROM sensor")
    types = sorted(CITY)
    rows = []
    for i in range(registered - present):
        zone_id, lat, lon, radius_km = zones[i % len(zones)]
        # a sunflower spiral inside the zone's circle: evenly spread, deterministic
        r = radius_km / 111.0 * ((i // len(zones) + 0.5) / (registered / len(zones))) ** 0.5
        angle = i * 2.399963
        rows.append((f"bench-{i:05d}", types[i % len(types)], zone_id, lat + r * math.sin(angle),
                     lon + r * math.cos(angle)))
    with platform.db() as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO sensor (sensor_id, sensor_type, zone_id, lat, lon) VALUES (%s, %s, %s, %s, %s)", rows)


def anomaly_to_screen(browser, platform, base) -> dict:
    """Probe anomalies appended while the anomaly page is open: append to the page's row, and to a plain SSE client."""
    arrived: dict[str, float] = {}

    def plain_client():
        request = urllib.request.Request(f"{base}/api/v1/anomalies/stream",
                                         headers={"X-API-Key": platform.api_key, "Accept": "text/event-stream"})
        with urllib.request.urlopen(request, timeout=PROBES * PROBE_INTERVAL_MS / 1000 + 120) as stream:
            for line in stream:
                if line.startswith(b"data:"):
                    arrived[json.loads(line[5:])["anomalyId"]] = time.time() * 1000

    context = keyed_context(browser, platform)
    page = context.new_page()
    page.goto(f"{base}/console/#/anomalies")
    page.wait_for_selector("main[data-view='anomalies'][data-ready='true']", timeout=60_000)
    page.wait_for_selector("#feed-state:has-text('live')", timeout=30_000)
    threading.Thread(target=plain_client, daemon=True).start()
    time.sleep(1)  # the plain client's stream is open
    probe = platform.probe_anomalies(PROBE_SENSOR, PROBES, PROBE_INTERVAL_MS)
    out, _ = probe.communicate(timeout=PROBES * PROBE_INTERVAL_MS / 1000 + 120)
    appended = rp.probes(out)
    assert probe.returncode == 0 and len(appended) == PROBES, f"the probe appended {len(appended)} of {PROBES}"
    time.sleep(3)  # the last ones' rows
    shown = page.eval_on_selector_all("#anomaly-rows tr[data-shown-at]",
                                      "rows => Object.fromEntries(rows.map(r => [r.dataset.anomalyId, Number(r.dataset.shownAt)]))")
    context.close()
    missing = [a for a in appended if a not in shown or a not in arrived]
    assert not missing, f"{len(missing)} of {PROBES} probes never reached the page or the plain client"
    screen = sorted(shown[a] - at for a, at in appended.items())
    plain = sorted(arrived[a] - at for a, at in appended.items())
    print(f"probe anomaly to screen over {PROBES}: p50 {pct(screen, 50):.0f} ms, p99 {pct(screen, 99):.0f} ms; "
          f"anchor, a plain SSE client: p50 {pct(plain, 50):.0f} ms, p99 {pct(plain, 99):.0f} ms", flush=True)
    return {"anomaly_to_screen_p50_ms": round(pct(screen, 50)), "anomaly_to_screen_p99_ms": round(pct(screen, 99)),
            "sse_client_p50_ms": round(pct(plain, 50)), "sse_client_p99_ms": round(pct(plain, 99)),
            "screen_p99_vs_sse_client": round(pct(screen, 99) / max(pct(plain, 99), 1), 2)}


def pct(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def fmt(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} (" + ", ".join(f"{v:.0f}" for v in values) + ")"


if __name__ == "__main__":
    sys.exit(main())
