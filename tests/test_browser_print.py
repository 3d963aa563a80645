"""Printing the results: a clean, short A4 report with no navigation, buttons or change links."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.support.browsing import fill_strong_profile, results_url_for, submit

pytestmark = pytest.mark.browser


def pdf_text_and_pages(page, path):
    page.pdf(path=str(path), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return text, pages


def test_results_print_to_a_clean_a4_pdf(page, tmp_path):
    fill_strong_profile(page)
    submit(page)
    page.wait_for_url("**/results?answers=*")
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".skip-link", ".button", "nav.contents", ".summary-list__actions a", ".as-of-form"):
        expect(page.locator(hidden).first).to_be_hidden()
    text, pages = pdf_text_and_pages(page, tmp_path / "results.pdf")
    assert "New Industrialisation Acceleration Scheme" in text
    assert "This is an indicative check, not an approval." in text
    assert "Start a new check" not in text and "Skip to main content" not in text
    assert "Change" not in text.replace("Changed", "")
    assert "(https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/nias/index.html)" in text.replace(
        "\n", ""
    )
    assert pages >= 1


@pytest.mark.parametrize("profile, most_pages", [("local SME upgrading a line", 3), ("overseas biotech plant", 5)])
def test_printed_report_is_short_and_has_no_buttons_or_navigation(page, tmp_path, profile, most_pages):
    page.goto(results_url_for(profile))
    page.emulate_media(media="print")
    text, pages = pdf_text_and_pages(page, tmp_path / "report.pdf")
    assert pages <= most_pages
    for absent in (
        "Download PDF",
        "Start a new check",
        "Show results",
        "All programmes",
        "Skip to main content",
        "Change",
        "Contents",
    ):
        assert absent not in text, absent
    assert re.search(r"\b1 ?/ ?\d", text)  # the page number, in figures that need no translation
    assert "This is an indicative check, not an approval." in text
