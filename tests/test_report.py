"""The report: estimates with caps and the values used, as-of evaluation, summary, chart and PDF."""

import subprocess

import pytest

from tests.support.forms import post, text_of


def results_text(client, **changes):
    return text_of(client.get(post(client, **changes).headers["Location"]))


def test_estimate_below_the_cap_shows_the_arithmetic_and_values_used(client):
    text = results_text(client)
    assert "1:2 matching: one third of HK$450m = HK$150m, within the HK$200m cap." in text
    assert "Maximum funding per project HK$200m (since 16 September 2024)" in text


def test_estimate_above_the_cap_is_capped(client):
    text = results_text(client, total_project_cost_hkd="900m", own_investment_hkd="600m")
    assert "Indicative support: up to HK$200m" in text
    assert "one third of HK$900m = HK$300m, capped at HK$200m." in text


def test_every_threshold_shows_which_dated_value_applied(client):
    text = results_text(client)
    assert (
        "Minimum total project cost: HK$150m, in force since 18 November 2025 (not confirmed by an official source)."
    ) in text


def test_as_of_before_the_nias_change_applies_the_old_thresholds(client):
    location = post(client, total_project_cost_hkd="250m", own_investment_hkd="200m").headers["Location"]
    text = text_of(client.get(location + "&as_of=2025-11-17"))
    assert "Minimum total project cost: HK$300m, in force since 16 September 2024." in text  # a near miss then
    assert "These results are as of 17 November 2025" in text


def test_programmes_not_yet_open_on_the_date_are_shown_as_such(client):
    location = post(client, production_plan="upgrade_existing_line").headers["Location"]
    page = client.get(location + "&as_of=2025-01-01").get_data(as_text=True)
    start = page.index('id="programme-upgrade_pilot"')
    assert "Not yet open to applications on 1 January 2025." in page[start : start + 3000]


def test_closed_programmes_are_grouped_as_closed(client):
    page = client.get(post(client).headers["Location"]).get_data(as_text=True)
    closed = page[page.index('id="group-closed"') :]
    assert 'id="programme-tvp"' in closed


def test_summary_separates_tax_deductions_from_funding(client):
    text = results_text(client, rd_spend_hkd="5m", rd_spend_hk_hkd="5m")
    assert "You may also deduct about HK$7m more from your taxable profits: a deduction, not a payment." in text


def test_chart_is_inline_svg_with_a_text_alternative(client):
    page = client.get(post(client).headers["Location"]).get_data(as_text=True)
    assert '<svg class="chart__svg"' in page and 'role="img"' in page
    desc = page[page.index('<desc id="chart-desc">') : page.index("</desc>")]
    assert "NIAS: up to HK$150m (funding)" in desc


def test_a_profile_with_no_matches_still_gets_a_useful_page(client):
    text = results_text(
        client,
        hk_entity="branch_only",
        industry="other",
        production_plan="none",
        space_needed="none",
        rd_plans=[],
        hiring_needs=[],
        train_staff="no",
        hk_profits_tax="no",
        ip_income="no",
        government_subvented="yes",
    )
    assert "No programme is likely to fit your plans." in text
    assert "What would change the outcome" in text


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode, reason="poppler-utils")
def test_pdf_download_contains_programme_names_and_rules_version(client, bundled_rules, tmp_path):
    location = post(client).headers["Location"]
    response = client.get(location.replace("/results?", "/results.pdf?"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "New Industrialisation Acceleration Scheme" in text
    assert bundled_rules.version in text
    assert "Download PDF" not in text and "Start a new check" not in text
