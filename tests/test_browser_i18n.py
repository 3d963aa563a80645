"""The Chinese pages in Chromium: accessible, switchable without losing answers, and printable in Chinese."""

import subprocess

import pytest

from tests.support.browsing import axe_report, fill_strong_profile, results_url_for

pytestmark = pytest.mark.browser

PAGES = {
    "form": "/",
    "results": None,  # made from a profile
    "catalogue": "/programmes/",
    "programme": "/programmes/nias",
    "not found": "/nothing-here",
}


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
@pytest.mark.parametrize("name", list(PAGES))
def test_chinese_pages_have_no_axe_violations(page, lang, name):
    path = PAGES[name] or results_url_for("overseas biotech plant")
    page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert page.locator("html").get_attribute("lang").startswith(lang)
    count, report = axe_report(page)
    assert count == 0, report


def test_switching_language_on_the_form_keeps_the_answers_typed_so_far(page):
    fill_strong_profile(page)
    with page.expect_navigation():
        page.get_by_role("link", name="繁體中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    assert page.locator("#company_name").input_value() == "Acme Biotech Ltd"
    assert page.locator("#total_project_cost_hkd").input_value() == "450m"
    assert page.locator("#hk_entity").is_checked()
    page.locator("#submit").click()
    page.wait_for_url("**/results?*")
    assert "新型工業加速計劃" in page.locator("#programme-nias h3").inner_text()


def test_a_chinese_results_link_opens_in_chinese_in_a_fresh_browser(browser, live_server, page):
    page.goto(results_url_for("overseas biotech plant") + "&lang=zh-Hans")
    permalink = page.locator(".permalink a").get_attribute("href")
    assert "lang=zh-Hans" in permalink
    context = browser.new_context()
    other = context.new_page()
    other.goto(permalink)
    assert "新型工业加速计划" in other.locator("#programme-nias h3").inner_text()
    context.close()


@pytest.mark.parametrize("lang, name", [("zh-Hant", "新型工業加速計劃"), ("zh-Hans", "新型工业加速计划")])
def test_the_pdf_in_chinese_has_readable_chinese_text(page, tmp_path, lang, name):
    response = page.request.get(
        results_url_for("overseas biotech plant").replace("/results?", "/results.pdf?") + f"&lang={lang}"
    )
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert name in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "emb" in fonts.splitlines()[0], fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:]), "every font is embedded"
