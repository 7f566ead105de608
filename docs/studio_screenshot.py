"""Take the README's picture of chartgen studio -> docs/studio.png: the page in headless Chromium (Playwright) with
a German A2 poster carrying a practice's name. Needs Chromium (scripts/install-system-packages.sh) and the test
extra (Playwright); $CHARTGEN_CHROMIUM names another Chromium."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import uvicorn
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from chartgen.studio.app import create_app

VIEWPORT = {"width": 1280, "height": 900}
COLOURS = 256
"""The screenshot is quantized to this many colours: a palette PNG of about 125 kB instead of 360 kB. A median cut
refined by k-means keeps both the zones' small, strong colours and the panels' pale tints (Pillow's fast octree
turns the tints white; a plain median cut pales the zones)."""
BRAND = {"name": "Praxis Fußwohl", "person": "Anna Beispiel", "phone": "+49 30 1234567",
         "website": "https://example.org"}


def main() -> None:
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the studio did not start")
        time.sleep(0.02)
    url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}/?ui=en"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHARTGEN_CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            expect(page.locator("#status")).to_contain_text("chartgen-poster-en-A3.pdf", timeout=60_000)
            for key, value in BRAND.items():
                page.fill(f"input[name='brand.{key}']", value)
            page.select_option("#lang", "de")
            # The last change: the preview answering the first request with A2 is of the whole form.
            with page.expect_response(lambda response: response.url.endswith("/api/preview")
                                      and 'name="paper"\r\n\r\nA2\r\n' in (response.request.post_data or ""),
                                      timeout=60_000) as answered:
                page.select_option("select[name=paper]", "A2")
            expect(page.locator("#large")).to_have_attribute("src", answered.value.json()["pages"][0])
            expect(page.locator("#status")).to_contain_text("chartgen-poster-de-A2.pdf")
            page.locator("header").scroll_into_view_if_needed()  # typing scrolled to the brand fields
            png = page.screenshot()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    target = Path(__file__).with_name("studio.png")
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, kmeans=3).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
