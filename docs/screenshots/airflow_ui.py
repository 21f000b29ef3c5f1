"""Screenshots of the Airflow UI of a running `./citypulse up`, as a user sees them after logging in.

    .venv/bin/pip install -r requirements/docs.txt     # Playwright, driving the system Chromium (apt-get install chromium)
    .venv/bin/python docs/screenshots/airflow_ui.py    # writes docs/images/airflow-*.png

Reads the admin password from the state directory (CITYPULSE_STATE_DIR, default .citypulse) and the port from
CITYPULSE_AIRFLOW_PORT (8081).
"""

import json
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("CITYPULSE_STATE_DIR", ROOT / ".citypulse"))
BASE = f"http://127.0.0.1:{os.environ.get('CITYPULSE_AIRFLOW_PORT', '8081')}"
IMAGES = ROOT / "docs/images"
# Chromium on a machine without a network: no background connections, no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAGES = {
    "airflow-dags.png": "/dags",
    "airflow-hourly-ingest.png": "/dags/citypulse_hourly_ingest",
}


def main() -> int:
    password = json.loads((STATE / "airflow/passwords.json").read_text())["admin"]
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
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
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
