"""A 375-pixel-wide phone: nothing scrolls sideways, and every tap target is at least 24 by 24 CSS pixels."""

import pytest

from tests.support.browsing import has_horizontal_scroll, results_url_for, small_targets, submit

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
PAGES = {
    "form": "/",
    "form with errors": "/",
    "form with every question shown": "/",
    "results with many matches": lambda: results_url_for("overseas biotech plant"),
    "results with no matches": lambda: results_url_for("trading branch with no plans"),
    "catalogue list": "/programmes/",
    "catalogue detail": "/programmes/nias",
    "closed programme": "/programmes/tvp",
    "page not found": "/no-such-page",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_on_a_phone_nothing_scrolls_sideways_and_tap_targets_are_large_enough(new_context, name):
    page = new_context(**PHONE).new_page()
    if name == "form with every question shown":
        page.route("**/static/app.js", lambda route: route.abort())  # as without JavaScript
    address = PAGES[name]
    page.goto(address() if callable(address) else address)
    if name == "form with errors":
        submit(page)
    assert page.evaluate("window.innerWidth") == 375
    assert not has_horizontal_scroll(page), page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert small_targets(page) == []
