"""Six realistic company profiles, checked by hand against the fact sheet, kept as regression tests."""

import pytest

from tests.support.api import by_id, full_check
from tests.support.profiles import PROFILES

# profile -> {programme id: expected group}; read against ../shared/programmes.md by hand.
EXPECTED = {
    "overseas biotech plant": {
        "nias": "likely",  # will incorporate, life and health tech, HK$800m with HK$550m own, high-end
        "nifs": "likely",
        "rd_tax_deduction": "likely",
        "patent_box": "likely",
        "rth_nias": "possible",  # needs an approved NIAS project first; NIAS is likely (sheet §1e C1)
        "upgrade_pilot": "near_miss",  # only for upgrading an existing line
        "incubation_hkstp": "unlikely",
        "tvp": "closed",
        "investhk": "information",
    },
    "local SME upgrading a line": {
        "upgrade_pilot": "likely",
        "nittp": "likely",
        "vpas": "unlikely",  # VPAS and the TP stream are visa routes for non-local hires (addendum B2, B3)
        "tp_stream": "unlikely",
        "nias": "unlikely",
        "nifs": "unlikely",  # an upgrade is not a new line or facility
        "ess": "near_miss",  # ESS needs in-house R&D
    },
    "AI start-up": {
        "incubation_hkstp": "likely",
        "cyberport_cip": "likely",
        "ess": "likely",
        "techtas": "likely",
        "rd_tax_deduction": "possible",  # profits tax not known
        "nias": "unlikely",
    },
    "microelectronics pilot line": {
        "mec": "information",  # opening and admission criteria not confirmed (addendum B5): may be relevant
        "nifs": "likely",
        "prp": "possible",  # a designated institute must lead and industry pay at least half, not asked (sheet §14)
        "nias": "unlikely",  # microelectronics is not one of the three NIAS industries, and HK$120m < HK$150m
        "incubation_hkstp": "unlikely",  # three years old; the limit is two (its age is not a plan: no near miss)
    },
    "fintech office": {
        "cyberport_cip": "likely",
        "ess": "likely",
        "techtas": "likely",
        "nias": "unlikely",
        "innopark": "unlikely",
    },
    "firm with no Hong Kong entity yet": {
        "nias": "possible",
        "nifs": "possible",
        "ess": "possible",
        "investhk": "information",
    },
}
ESTIMATES = {
    ("overseas biotech plant", "nias"): 200_000_000,  # one third of HK$800m, capped at HK$200m
    ("overseas biotech plant", "rd_tax_deduction"): 22_000_000,  # 200% of HK$2m + 100% of HK$18m
    ("local SME upgrading a line", "upgrade_pilot"): 250_000,  # one third of HK$900,000, capped
    ("AI start-up", "ess"): 1_500_000,  # 1:1 matching of HK$3m
    ("microelectronics pilot line", "nifs"): 15_000_000,  # one third of HK$120m, capped at HK$15m
}


@pytest.mark.parametrize("profile", list(EXPECTED))
def test_profile_gets_the_results_checked_by_hand(client, profile):
    results = by_id(full_check(client, {"answers": PROFILES[profile], "as_of": "2026-11-25"}))
    got = {pid: results[pid]["group"] for pid in EXPECTED[profile]}
    assert got == EXPECTED[profile]
    for (name, pid), amount in ESTIMATES.items():
        if name == profile:
            assert results[pid]["estimate_hkd"] == pytest.approx(amount)


def test_unlikely_programmes_show_no_amount(client):
    results = by_id(full_check(client, {"answers": PROFILES["local SME upgrading a line"]}))
    assert results["nias"]["estimate_hkd"] is None


def test_age_thresholds_are_worded_in_years(client):
    results = by_id(full_check(client, {"answers": PROFILES["microelectronics pilot line"]}))
    age = next(c for c in results["incubation_hkstp"]["criteria"] if c["outcome"] == "not_met")
    assert "2 years" in age["text"]
    # The company's age is what it is, not a plan: no change to it is suggested.
    assert results["incubation_hkstp"]["what_would_change"] == []
