"""The form as a test posts it: a complete set of answers to change one at a time, and a page's visible text."""

import re
from html import unescape

# A complete set of answers for a company that fits NIAS; tests change one answer at a time.
STRONG_FORM = {
    "company_name": "Acme Biotech Ltd",
    "hk_entity": "incorporated",
    "government_subvented": "no",
    "industry": "life_health_tech",
    "company_age_years": "3",
    "employees_hk": "40",
    "production_plan": "new_smart_facility",
    "total_project_cost_hkd": "450m",
    "own_investment_hkd": "300,000,000",
    "high_end_technology": "yes",
    "space_needed": "production_floor",
    "rd_plans": ["in_house_hk"],
    "rd_spend_hkd": "5m",
    "ip_income": "not_sure",
    "hk_profits_tax": "yes",
    "hiring_needs": ["technicians"],
    "train_staff": "yes",
}


def post(client, **changes):
    data = {**STRONG_FORM, **changes}
    return client.post("/", data={k: v for k, v in data.items() if v is not None})


def text_of(response):
    """The visible text of a page, roughly as a person reads it."""
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))
    return re.sub(r" ([,.;:)])", r"\1", text)
