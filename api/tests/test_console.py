"""The console at /console in a real browser (headless Debian Chromium through Playwright) against the platform of
conftest.py: the key is asked for and kept, the map shows every registered sensor over the configured tiles, the
anomaly page lists the newest anomalies and shows one appended to the topic within seconds, a sensor of each declared
type with registered sensors has its measures and history points from both layers, the pipeline page has its
figures. Screenshots of each view go to $CITYPULSE_SCREENSHOT_DIR (docs/images refreshes the README's), else to a
temporary directory."""

import os
import re
import tempfile
from pathlib import Path

import pytest

import browser as headless
import running_platform as rp

IMAGES = Path(os.environ.get("CITYPULSE_SCREENSHOT_DIR", tempfile.mkdtemp(prefix="citypulse-console-")))
SENSOR = "traffic-0001"  # the first traffic sensor of the city conftest.py runs, so it has a history


@pytest.fixture(scope="module")
def console(live_platform):
    if headless.missing():
        pytest.skip(headless.missing())
    with headless.chromium() as browser:
        # A time zone other than UTC, so that local times and their UTC titles differ.
        context = browser.new_context(viewport={"width": 1440, "height": 900}, timezone_id="Asia/Kolkata")
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{live_platform.api_port}/console")
        yield page, live_platform
        assert errors == [], f"the console threw: {errors}"


def show(page, view):
    page.evaluate(f"location.hash = '{view}'")
    page.wait_for_selector(f"main[data-view='{view.split('/')[1]}'][data-ready='true']", timeout=30_000)


def test_the_key_is_asked_for_once_and_the_map_shows_every_registered_sensor(console, tile_server):
    page, platform = console
    page.wait_for_selector("#key-dialog[open]", timeout=30_000)  # prod profile: nothing readable without the key
    page.fill("#key-input", platform.api_key)
    page.keyboard.press("Enter")
    page.wait_for_selector("main[data-view='map'][data-ready='true']", timeout=30_000)
    page.wait_for_selector("#feed-state:has-text('live')", timeout=30_000)

    registered = platform.get("/api/v1/sensors?limit=1")["total"]
    assert page.locator("circle.sensor").count() == registered
    counts = page.inner_text("#sensor-counts")
    m = re.fullmatch(r"(\d+) sensors: (\d+) reporting, (\d+) silent, (\d+) anomalous now", counts.strip())
    assert m, counts
    total, reporting, silent, anomalous = map(int, m.groups())
    assert total == registered and reporting + silent + anomalous == total, counts
    # The city's 23 sensors report or are anomalous now (a few may be in an injected silence); the rest are silent.
    assert 15 <= reporting + anomalous <= 23, counts
    assert page.locator("circle.zone").count() == len(platform.get("/api/v1/zones"))

    # The configured base layer: the tiles covering the city at a city's zoom, each fetched from the tile server.
    drawn = [tuple(map(int, re.search(r"/tiles/(\d+)/(\d+)/(\d+)\.png$", href).groups()))
             for href in page.eval_on_selector_all("svg.map image", "images => images.map(i => i.getAttribute('href'))")]
    assert drawn, "no base tiles drawn, though a tile URL is configured"
    rp.wait_for("the drawn tiles' requests", lambda: set(drawn) <= set(tile_server.requests), 10)
    assert len({z for z, _, _ in drawn}) == 1 and 11 <= drawn[0][0] <= 15, drawn

    page.focus(f"circle.sensor[data-id='{SENSOR}']")  # keyboard: focus, then Enter opens the card
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#sensor-card h3:has-text('{SENSOR}')")
    assert page.evaluate("sessionStorage.getItem('citypulse.apiKey')") == platform.api_key
    page.screenshot(path=str(IMAGES / "console-map.png"))


def test_the_anomaly_page_lists_recent_anomalies_and_shows_a_new_one_within_seconds(console):
    page, platform = console
    show(page, "#/anomalies")
    page.wait_for_selector("#anomaly-rows tr", timeout=30_000)  # the listing: the city's recent past had anomalies
    assert page.inner_text("#feed-state") == "feed: live"
    newest = platform.get("/api/v1/anomalies?limit=1")["items"][0]
    assert page.locator(f"#anomaly-rows tr[data-anomaly-id='{newest['anomalyId']}']").count() == 1
    title = page.get_attribute("#anomaly-rows tr time", "title")
    assert title.endswith("(UTC)")
    assert page.inner_text("#anomaly-rows tr time") != title

    # A probe anomaly appended now, as the speed layer appends one (the city's own come when its episodes do).
    probe = platform.probe_anomalies(SENSOR, 1, 0)
    out, _ = probe.communicate(timeout=60)
    [(anomaly_id, detected_ms)] = rp.probes(out).items()
    row = page.wait_for_selector(f"#anomaly-rows tr.new[data-anomaly-id='{anomaly_id}']", timeout=10_000)
    assert int(row.get_attribute("data-shown-at")) - detected_ms <= 5_000
    assert row.eval_on_selector("a", "a => a.textContent") == SENSOR
    page.screenshot(path=str(IMAGES / "console-anomalies.png"))


def test_a_sensor_page_of_every_declared_type_draws_its_measures_from_both_layers_and_the_horizon(console):
    page, platform = console
    assert platform.get("/api/v1/statistics/pipeline")["batchHorizon"] is not None
    drawn = []
    for declared in platform.get("/api/v1/types"):  # the console holds no type list: each comes from the data
        registered = platform.get(f"/api/v1/sensors?type={declared['type']}&limit=1")["items"]
        if not registered:
            continue  # parking (parking.py): its facilities are in no registry yet, so they have no sensor page
        sensor = registered[0]["id"]
        drawn.append(declared["type"])
        show(page, f"#/sensor/{sensor}")
        page.wait_for_selector(f"h2:text-is('Sensor {sensor}')")  # this sensor's page, not the previous one's
        page.wait_for_selector("main[data-view='sensor'][data-ready='true']", timeout=30_000)
        measures = page.eval_on_selector_all("#measure option", "options => options.map(o => o.value)")
        assert sorted(measures) == sorted(m["name"] for m in declared["measures"]), (sensor, measures)
        sources = page.eval_on_selector_all("#history-rows tr", "rows => rows.map(r => r.dataset.source)")
        assert "batch" in sources and "speed" in sources, (sensor, sources)
        assert int(page.get_attribute("#history-chart", "data-points")) == len(sources)
        assert page.locator("#history-chart canvas").count() == 1
        if sensor == SENSOR:
            page.screenshot(path=str(IMAGES / "console-sensor.png"))
    assert drawn == ["energy", "traffic", "weather"], drawn  # every type of conftest.py's simulated city


def test_the_pipeline_page_shows_freshness_lag_and_dead_letters(console):
    page, _ = console
    show(page, "#/pipeline")
    for tile in ("batch-horizon", "last-ingest", "speed-freshness", "watermark-lag", "consumer-lag", "dead-letter-rate"):
        assert page.locator(f"#{tile} .value").inner_text().strip() not in ("", "none"), tile
    assert page.inner_text("#last-ingest .value") == "committed"
    assert page.locator("#topic-lag tr").count() >= 3
    page.screenshot(path=str(IMAGES / "console-pipeline.png"))
