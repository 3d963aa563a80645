"""Journeys through the real app in headless Chromium: the form, its errors, the results and their links."""

import pytest
from playwright.sync_api import expect

from tests.support.browsing import fill_strong_profile, groups_on, results_url_for, submit

pytestmark = pytest.mark.browser


def your_answers(page):
    return page.get_by_role("region", name="Your answers")


def fill_overseas_manufacturer(page):
    """Answer as an overseas life-sciences manufacturer setting up a smart plant in Hong Kong would."""
    page.goto("/")
    page.get_by_label("Company name").fill("Helix Pharma (overseas)")
    page.get_by_label("Not yet, but we will incorporate one before applying").check()
    page.locator("#government_subvented-no").check()
    page.get_by_label("Life and health technology", exact=True).check()
    page.get_by_label("Set up a new smart production facility").check()
    page.get_by_label("Life and health technology (biotech, pharmaceuticals, medical devices)").check()
    page.get_by_label("What is the total cost of the production project?").fill("800m")
    page.get_by_label("How much of that cost will your company pay itself?").fill("550,000,000")
    page.locator("#high_end_technology").check()
    page.locator("#expand_markets").check()
    page.get_by_label("Production floor space").check()
    page.get_by_label("In-house, in Hong Kong").check()
    page.get_by_label("About how much will you spend on R&D each year?").fill("20m")
    page.locator("#ip_income").check()
    page.locator("#hk_profits_tax").check()
    for who in ("Technicians", "Research and development staff", "Talent from outside Hong Kong"):
        page.get_by_label(who).check()
    page.locator("#train_staff").check()
    page.locator("#technical_staff_share-no").check()
    page.locator("#technical_team_equity-no").check()


def test_an_overseas_manufacturer_reads_grouped_results_and_comes_back_from_a_programme_page(page):
    fill_overseas_manufacturer(page)
    submit(page)
    assert page.title().startswith("Your results")
    expect(page.locator("h1")).to_contain_text("for Helix Pharma (overseas)")
    groups = groups_on(page)
    assert list(groups) == ["likely", "possible", "near_miss", "unlikely", "upcoming", "closed", "information"]
    assert {"nias", "nifs", "rd_tax_deduction", "patent_box"} <= set(groups["likely"])
    assert "rth_nias" in groups["possible"] and "san_tin" in groups["upcoming"]
    assert (
        "upgrade_pilot" in groups["near_miss"] and groups["closed"] == ["tvp"] and "investhk" in groups["information"]
    )
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("Up to about HK$") and "programmes that can be combined" in summary
    expect(page.locator(".answer-box")).to_contain_text(
        f"{len(groups['likely'])} programmes are likely to fit your plans"
    )
    contents = page.get_by_role("navigation", name="Results by group")
    expect(contents.get_by_role("link", name=f"Likely to qualify ({len(groups['likely'])})")).to_be_visible()
    nias = page.locator("#programme-nias")
    expect(nias.locator(".badge")).to_have_text("Likely to qualify")
    expect(nias).to_contain_text("Indicative support: up to HK$200m")
    results_url = page.url

    nias.locator("summary").click()  # the conditions, arithmetic and sources are folded in each block
    nias.get_by_role("link", name="Full terms, thresholds and their history").click()
    page.wait_for_url("**/programmes/nias*")
    expect(page.locator("h1")).to_contain_text("New Industrialisation Acceleration Scheme")
    expect(page.get_by_role("heading", name="Thresholds and amounts, with their history")).to_be_visible()

    page.go_back()
    assert page.url == results_url
    assert groups_on(page) == groups
    assert page.locator("#summary").inner_text() == summary


def test_a_user_fixes_two_mistakes_from_the_error_summary_without_losing_answers(page):
    fill_strong_profile(page, leave_out=("industry",))
    cost = page.get_by_label("What is the total cost of the production project?")
    cost.fill("lots")
    submit(page)

    assert page.title().startswith("Error:")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_contain_text(
        ["Select the industry closest to your company's", "Enter the total project cost in Hong Kong dollars"],
        use_inner_text=True,
    )
    # Every other answer is still there, including the questions shown only for some answers.
    expect(page.get_by_label("Company name")).to_have_value("Acme Biotech Ltd")
    expect(page.get_by_label("Yes, incorporated in Hong Kong")).to_be_checked()
    expect(page.get_by_label("How much of that cost will your company pay itself?")).to_have_value("300m")
    expect(page.locator("#high_end_technology")).to_be_checked()
    expect(page.get_by_label("Technicians")).to_be_checked()
    expect(cost).to_have_value("lots")

    links.nth(0).click()
    expect(page.locator("#industry")).to_be_focused()
    expect(page.get_by_role("group", name="Which industry is your company in?")).to_be_in_viewport()
    page.get_by_label("Life and health technology", exact=True).check()

    links.nth(1).click()
    expect(cost).to_be_focused()
    expect(page.get_by_text("What is the total cost of the production project?")).to_be_in_viewport()
    cost.fill("450m")

    submit(page)
    assert page.title().startswith("Your results")
    expect(page.locator("h1")).to_contain_text("for Acme Biotech Ltd")
    expect(page.locator("#programme-nias .badge")).to_have_text("Likely to qualify")
    answers = your_answers(page)
    expect(answers).to_contain_text("Life and health technology")
    expect(answers).to_contain_text("HK$450,000,000")
    expect(answers).to_contain_text("Technicians")


def test_changing_one_answer_from_the_results_moves_programmes_between_groups(page):
    page.goto(results_url_for("overseas biotech plant"))
    before = groups_on(page)
    assert "nias" in before["likely"] and "upgrade_pilot" in before["near_miss"]

    your_answers(page).locator("summary").click()  # the answers are folded away under the results
    your_answers(page).get_by_role("button", name="Change production plans", exact=True).click()
    page.wait_for_url("**/?answers=*#production_plan")
    expect(page.get_by_label("Company name")).to_have_value("Helix Pharma (overseas)")
    expect(page.get_by_label("Set up a new smart production facility")).to_be_checked()
    page.get_by_label("Upgrade an existing production line").check()
    expect(page.locator("#high_end_technology-question")).to_be_hidden()
    submit(page)

    after = groups_on(page)
    assert "nias" in after["unlikely"] and "upgrade_pilot" in after["likely"]
    expect(your_answers(page)).to_contain_text("Upgrade an existing production line")
    expect(page.locator("h1")).to_contain_text("for Helix Pharma (overseas)")


def test_a_permalink_opened_in_a_fresh_browser_shows_the_same_results(page, new_context):
    fill_strong_profile(page)
    submit(page)
    expect(page.locator("#programme-nias")).to_contain_text("Indicative support: up to HK$150m")
    permalink = page.locator(".permalink a")
    link = permalink.inner_text()
    assert link == permalink.get_attribute("href") and "/results?answers=" in link
    shown = {"groups": groups_on(page), "summary": page.locator("#summary").inner_text()}
    answers = your_answers(page).inner_text()

    elsewhere = new_context().new_page()  # no cookies, no history: as someone the link was sent to
    elsewhere.goto(link)
    assert {"groups": groups_on(elsewhere), "summary": elsewhere.locator("#summary").inner_text()} == shown
    assert your_answers(elsewhere).inner_text() == answers
    expect(elsewhere.locator("h1")).to_contain_text("for Acme Biotech Ltd")


def test_conditional_questions_appear_only_when_they_apply(page):
    page.goto("/")
    cost = page.locator("#total_project_cost_hkd-question")
    expect(cost).to_be_hidden()
    page.get_by_label("Upgrade an existing production line").check()
    expect(cost).to_be_visible()
    expect(page.locator("#high_end_technology-question")).to_be_hidden()
    page.get_by_label("Set up a new smart production line").check()
    expect(page.locator("#high_end_technology-question")).to_be_visible()
    page.get_by_label("No production plans in Hong Kong").check()
    expect(cost).to_be_hidden()
    spend = page.locator("#rd_spend_hkd-question")
    expect(spend).to_be_hidden()
    page.get_by_label("Outside Hong Kong", exact=True).check()
    expect(spend).to_be_visible()
    page.get_by_label("Outside Hong Kong", exact=True).uncheck()
    expect(spend).to_be_hidden()


def test_not_sure_checkbox_clears_the_other_choices(page):
    page.goto("/")
    page.get_by_label("In-house, in Hong Kong").check()
    page.locator("#rd_plans-not_sure").check()
    expect(page.get_by_label("In-house, in Hong Kong")).not_to_be_checked()


def test_without_javascript_every_question_is_shown_and_the_form_works(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    hidden = page.locator("[data-question]:not(:visible)")
    expect(hidden).to_have_count(0)
    fill_strong_profile(page)
    submit(page)
    page.wait_for_url("**/results?answers=*")
    expect(page.locator("#programme-nias .badge")).to_have_text("Likely to qualify")
