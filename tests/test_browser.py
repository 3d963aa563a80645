"""The real app in headless Chromium: fill in the form, see errors, read and print the results."""

import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


def fill_strong_profile(page):
    page.goto("/")
    page.get_by_label("Company name").fill("Acme Biotech Ltd")
    page.get_by_label("Yes, incorporated in Hong Kong").check()
    page.locator("#government_subvented-no").check()
    page.get_by_label("Life and health technology").check()
    page.get_by_label("Set up a new smart production facility").check()
    page.get_by_label("What is the total cost of the production project?").fill("450m")
    page.get_by_label("How much of that cost will your company pay itself?").fill("300m")
    page.locator("#high_end_technology").check()
    page.get_by_label("Production floor space").check()
    page.get_by_label("In-house, in Hong Kong").check()
    page.locator("#ip_income-not_sure").check()
    page.locator("#hk_profits_tax").check()
    page.get_by_label("Technicians").check()
    page.locator("#train_staff").check()


def test_a_user_fills_the_form_and_reads_grouped_results(page):
    fill_strong_profile(page)
    page.get_by_role("button", name="Check eligibility").click()
    page.wait_for_url("**/results?answers=*")
    assert page.title().startswith("Your results")
    nias = page.locator("#programme-nias")
    assert "Likely to qualify" in nias.locator(".badge").inner_text()
    assert "up to HK$150m" in nias.inner_text()
    assert page.locator("#group-likely").is_visible()


def test_conditional_questions_appear_only_when_they_apply(page):
    page.goto("/")
    cost = page.locator("#total_project_cost_hkd-question")
    assert cost.is_hidden()
    page.get_by_label("Upgrade an existing production line").check()
    assert cost.is_visible()
    assert page.locator("#high_end_technology-question").is_hidden()
    page.get_by_label("Set up a new smart production line").check()
    assert page.locator("#high_end_technology-question").is_visible()
    page.get_by_label("No production plans in Hong Kong").check()
    assert cost.is_hidden()


def test_not_sure_checkbox_clears_the_other_choices(page):
    page.goto("/")
    page.get_by_label("In-house, in Hong Kong").check()
    page.locator("#rd_plans-not_sure").check()
    assert not page.get_by_label("In-house, in Hong Kong").is_checked()


def test_errors_are_summarised_and_their_links_move_focus_to_the_field(page):
    fill_strong_profile(page)
    page.get_by_label("What is the total cost of the production project?").fill("lots")
    page.get_by_label("How many people does your company employ in Hong Kong?").fill("-3")
    page.get_by_role("button", name="Check eligibility").click()
    assert page.title().startswith("Error:")
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    summary.get_by_role("link", name="Enter the total project cost in Hong Kong dollars").click()
    assert page.evaluate("document.activeElement.id") == "total_project_cost_hkd"
    assert page.get_by_label("Company name").input_value() == "Acme Biotech Ltd"
    assert page.get_by_label("Technicians").is_checked()


def test_form_works_with_javascript_switched_off(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    fill_strong_profile(page)
    assert page.locator("#high_end_technology-question").is_visible()
    page.get_by_role("button", name="Check eligibility").click()
    page.wait_for_url("**/results?answers=*")
    assert "Likely to qualify" in page.locator("#programme-nias .badge").inner_text()
    context.close()


@pytest.mark.parametrize("state", ["form", "errors", "results"])
def test_axe_finds_no_violations(page, state):
    if state == "form":
        page.goto("/")
    else:
        fill_strong_profile(page)
        if state == "errors":
            page.get_by_label("What is the total cost of the production project?").fill("lots")
        page.get_by_role("button", name="Check eligibility").click()
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]})
    assert results.violations_count == 0, results.generate_report()


def test_results_print_to_a_clean_a4_pdf(page, tmp_path):
    fill_strong_profile(page)
    page.get_by_role("button", name="Check eligibility").click()
    page.wait_for_url("**/results?answers=*")
    page.emulate_media(media="print")
    pdf = tmp_path / "results.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "New Industrialisation Acceleration Scheme" in text
    assert "This is an indicative check, not an approval." in text
    assert "Start a new check" not in text and "Skip to main content" not in text
    assert "Change" not in text.replace("Changed", "")
    assert "(https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/nias/index.html)" in text.replace(
        "\n", ""
    )
    assert pages >= 1
