"""Screenshots of the Airflow UI of a running `./citypulse up`, as a user sees them after logging in.

    ./citypulse test (or .venv/bin/pip install -r requirements/test.txt) installs Playwright; apt-get install chromium
    .venv/bin/python docs/screenshots/airflow_ui.py    # writes docs/images/airflow-*.png

Reads the admin password from the state directory (CITYPULSE_STATE_DIR, default .citypulse) and the port from
CITYPULSE_AIRFLOW_PORT (8081).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infrastructure/testing"))

import browser as headless  # noqa: E402

STATE = Path(os.environ.get("CITYPULSE_STATE_DIR", ROOT / ".citypulse"))
BASE = f"http://127.0.0.1:{os.environ.get('CITYPULSE_AIRFLOW_PORT', '8081')}"
IMAGES = ROOT / "docs/images"
PAGES = {
    "airflow-dags.png": "/dags",
    "airflow-hourly-ingest.png": "/dags/citypulse_hourly_ingest",
}


def main() -> int:
    password = json.loads((STATE / "airflow/passwords.json").read_text())["admin"]
    IMAGES.mkdir(parents=True, exist_ok=True)
    with headless.chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{BASE}/auth/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", password)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/auth/login" not in url, timeout=30_000)
        for name, path in PAGES.items():
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(2000)
            page.screenshot(path=str(IMAGES / name))
            print(f"wrote {IMAGES / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
