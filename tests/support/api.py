"""The JSON API as a test calls it: a request, its results by programme, and a profile that makes NIAS likely."""

GOOD = {
    "hk_entity": "incorporated",
    "government_subvented": False,
    "industry": "life_health_tech",
    "production_plan": "new_smart_facility",
    "total_project_cost_hkd": 450_000_000,
    "own_investment_hkd": 300_000_000,
    "high_end_technology": True,
    "space_needed": "production_floor",
    "rd_plans": ["in_house_hk"],
    "hiring_needs": ["technicians"],
}


def check(client, body, **kwargs):
    return client.post("/api/v1/check", json=body, **kwargs)


def by_id(response):
    return {r["id"]: r for r in response.get_json()["results"]}
