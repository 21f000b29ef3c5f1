"""One platform for the API's suites (conformance, console): the stack with the speed layer and the API as `up`
starts them (prod profile, auth on), a small city running in realtime after a recent past, and one ingest and
batch-views run, so answers hold real rows, a batch horizon, an ingest run and history from both layers. Beside the
simulated city, a parking city of a type declared only by this suite's sensor-types/ folder (parking.py). The console
gets a base layer from a tile server on loopback."""

import os
import re
import struct
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "infrastructure/testing"))

import parking  # noqa: E402  (beside this file)
import running_platform as rp  # noqa: E402

CITY = {"traffic": 10, "weather": 3, "energy": 10}
# 90 minutes: at least one whole hour with data lies before the batch horizon (the minimum watermark minus the
# allowed lateness, floored to the hour), whatever the minute of the hour the suite starts; with 60, a run started
# just after the hour had no batch hour at all.
HISTORY_MINUTES = 90


@pytest.fixture(scope="session")
def tile_server():
    server = TileServer()
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def running(tmp_path_factory, tile_server):
    """The platform with its realtime city, before any batch job ran; it also knows the `parking` type."""
    if rp.missing_jars():
        pytest.skip(f"not built: {', '.join(rp.missing_jars())} (mvn install -DskipTests)")
    platform = rp.Platform(tmp_path_factory.mktemp("api-platform") / "state",
                           api_env={"CITYPULSE_CONSOLE_TILE_URL": tile_server.template},
                           sensor_types_dir=parking.TYPES_DIR)
    # A sensor's first episode may start once it has 35 min of normal history (the generator's NORMAL_HISTORY_MS);
    # at 0.002 a reading nearly every sensor has one in the 55 min after that, so the listings hold anomalies.
    city = rp.City(platform, CITY, HISTORY_MINUTES, anomaly_rate="0.002")
    try:
        platform.start()
        city.start()
        yield platform
    finally:
        city.kill()
        platform.stop()


@pytest.fixture(scope="session")
def parking_city(running) -> parking.ParkingCity:
    """The parking city's recent past, sent to its topic before the batch jobs run."""
    return parking.produce(running.env["CITYPULSE_KAFKA_BOOTSTRAP"],
                           parking.readings(int(time.time() * 1000), HISTORY_MINUTES))


@pytest.fixture(scope="session")
def live_platform(running, parking_city):
    """The platform after one ingest and one batch-views run, with every sensor's latest reading served."""
    env = {**os.environ, **running.env, "SPARK_LOCAL_IP": "127.0.0.1",
           "PATH": f"{rp.BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for job in ("ingest", "batch-views"):
        done = subprocess.run(rp.spark_submit(job), env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{job} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    rp.wait_for("the speed layer's latest readings", lambda: running.api("/api/v1/sensors/latest?limit=1") == 200
                and running.api(f"/api/v1/sensors/latest?offset={sum(CITY.values()) - 1}&limit=1") == 200, 120)
    return running


class TileServer(ThreadingHTTPServer):
    """A slippy-map tile server on loopback, so the console's configurable base layer is drawn and checked: every
    /tiles/{z}/{x}/{y}.png is the same small PNG, and each request's (z, x, y) is kept."""

    def __init__(self):
        server = self
        self.requests: list[tuple[int, int, int]] = []

        class Tiles(BaseHTTPRequestHandler):
            def do_GET(self):
                m = re.fullmatch(r"/tiles/(\d+)/(\d+)/(\d+)\.png", self.path)
                if not m:
                    self.send_error(404)
                    return
                server.requests.append(tuple(map(int, m.groups())))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(TILE_PNG)))
                self.end_headers()
                self.wfile.write(TILE_PNG)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Tiles)
        self.template = f"http://127.0.0.1:{self.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png"
        threading.Thread(target=self.serve_forever, daemon=True).start()


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


TILE_PNG = _png(256, 256, (232, 236, 228))
