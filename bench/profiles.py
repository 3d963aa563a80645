"""The typical profile the benchmarks use: a company planning a new smart production facility."""

from __future__ import annotations

TYPICAL = {
    "company_name": "Acme Biotech Ltd",
    "hk_entity": "incorporated",
    "government_subvented": False,
    "industry": "life_health_tech",
    "company_age_years": 3,
    "employees_hk": 40,
    "production_plan": "new_smart_facility",
    "total_project_cost_hkd": 450_000_000,
    "own_investment_hkd": 300_000_000,
    "high_end_technology": True,
    "space_needed": "production_floor",
    "rd_plans": ["in_house_hk"],
    "rd_spend_hkd": 5_000_000,
    "ip_income": None,
    "hk_profits_tax": True,
    "hiring_needs": ["technicians"],
    "train_staff": True,
}


def variant(i: int) -> dict:
    """The typical profile with a different name and project cost: a distinct results link for each `i`."""
    return {**TYPICAL, "company_name": f"Company {i} Ltd", "total_project_cost_hkd": 300_000_000 + i * 1000}
