"""The HTML report in a real headless browser: it renders, shows its charts, and logs no errors.

Uses Debian's chromium (installed by .ci/run) through Playwright; skipped where no chromium exists.
"""

import os
from pathlib import Path

from click.testing import CliRunner

from conftest import browser_page, needs_chromium
from kb.cli import cli

DOCS = {
    "a.md": "---\ntitle: Review A\nurl: https://a.test/x9\n---\n\nThe Zephyr X9 has 96 GB of memory and a 5,000 mAh battery.\n",
    "b.md": "---\ntitle: Review B\nurl: https://b.test/x9\n---\n\nThe Zephyr X9 ships with 128 GB of memory.\n",
    "c.md": "---\ntitle: 比較記事\n---\n\nZephyr X9のメモリは96GBだ。\n",
}


@needs_chromium
def test_html_report_renders_with_charts_and_no_console_errors(tmp_path, db_url):
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db, page_path = db_url, tmp_path / "report.html"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "ingest", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(db), "check"]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(db), "report", "--format", "html", "-o", str(page_path)]).exit_code == 0
    html = page_path.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.split("<body>")[0]  # self-contained

    with browser_page("file:") as (page, errors):
        page.goto(page_path.as_uri())
        shot = Path(os.environ.get("KB_SCREENSHOT", tmp_path / "report.png"))
        page.screenshot(path=str(shot), full_page=True)
        charts = page.locator("svg.chart").count()
        flags = page.locator("article.flag").count()
        dots = page.locator("svg.chart circle").count()
        marks = page.locator("mark").all_inner_texts()
    assert errors == []
    assert shot.stat().st_size > 10_000
    assert flags == 1 and charts == flags and dots == 3  # a and c (96 GB) against b (128 GB): one flag, a dot per source
    assert "128 GB" in marks and "96GB" in marks
