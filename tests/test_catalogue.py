"""The catalogue: every programme by kind, and each rule file rendered for people."""

import re
from html import escape

import pytest
import yaml

from tests.support.app import RULES
from tests.support.forms import post, text_of
from webapp.rulebook.loader import rule_files

PROGRAMMES = [p.stem for p in rule_files(RULES) if p.name != "questions.yaml"]


def test_catalogue_lists_every_programme_grouped_by_kind_with_status_and_checked_date(client, bundled_rules):
    response = client.get("/programmes/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for programme in bundled_rules.programmes.values():
        assert f'href="/programmes/{programme.id}"' in page
    text = text_of(response)
    assert "Funding" in text and "Advice and investment services" in text
    assert "Terms last checked on 25 November 2026" in text
    assert re.search(r'badge--status-open">Open<', page)


@pytest.mark.parametrize("pid", PROGRAMMES)
def test_every_programme_has_a_page_with_sources_examples_and_next_step(client, bundled_rules, pid):
    response = client.get(f"/programmes/{pid}")
    assert response.status_code == 200
    text = text_of(response)
    programme = bundled_rules.programmes[pid]
    assert programme.name in text
    assert "Sources" in text and "Examples" in text and "Next step" in text
    for source in programme.sources:
        assert escape(source.url) in response.get_data(as_text=True)
    for example in programme.spec.examples:
        assert example.name in text
    for item in programme.unverified:
        assert item.strip()[:40] in text


def test_programme_page_shows_thresholds_in_force_and_their_history(client):
    text = text_of(client.get("/programmes/nias"))
    assert (
        "Total project cost is at least HK$150m (since 18 November 2025, not confirmed by an official source)" in text
    )
    assert "16 September 2024 HK$300m" in text
    assert "18 November 2025 (in force today) HK$150m (not confirmed by an official source)" in text
    assert (
        "Matching funding at 1:2, the government paying HK$1 for every HK$2 you pay: one third of the total project "
        "cost, up to HK$200m." in text
    )


def test_closed_programme_is_shown_as_closed(client):
    page = client.get("/programmes/tvp").get_data(as_text=True)
    assert 'badge--status-closed">Closed<' in page


def test_unknown_programme_is_404(client):
    assert client.get("/programmes/nothing").status_code == 404


def test_home_page_and_results_link_to_the_catalogue(client):
    assert 'href="/programmes/"' in client.get("/").get_data(as_text=True)
    results = client.get(post(client).headers["Location"]).get_data(as_text=True)
    assert re.search(r'/programmes/nias(\?lang=en)?"', results)


TEXT_KEYS = ("met", "not_met", "unknown")
# The programmes that have criteria, and so condition texts to check.
WITH_CRITERIA = [
    p.stem
    for p in rule_files(RULES)
    if p.name != "questions.yaml" and (yaml.safe_load(p.read_text()) or {}).get("criteria")
]


@pytest.mark.parametrize("pid", WITH_CRITERIA)
def test_amounts_in_condition_texts_come_from_parameters(bundled_rules, pid):
    """A threshold typed into a condition's text would go stale when the dated parameter changes."""
    programme = bundled_rules.programmes[pid]
    for criterion in programme.spec.criteria:
        for key in TEXT_KEYS:
            text = getattr(criterion, key)
            assert not re.search(r"HK\$\s?\d", text), f"{pid}/{criterion.id}/{key}: use a {{parameter}} for amounts"
