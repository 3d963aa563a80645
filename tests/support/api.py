"""The JSON API as a test calls it: a request, its results by programme, and part of the strong profile."""

from tests.support.profiles import STRONG

# Part of the strong profile: the company, its production project, space, R&D plans and hiring, the rest left
# unanswered. Enough for NIAS to be likely.
GOOD = {
    qid: STRONG[qid]
    for qid in (
        "hk_entity",
        "government_subvented",
        "industry",
        "production_plan",
        "total_project_cost_hkd",
        "own_investment_hkd",
        "high_end_technology",
        "space_needed",
        "rd_plans",
        "hiring_needs",
    )
}


def check(client, body, **kwargs):
    return client.post("/api/v1/check", json=body, **kwargs)


def by_id(response):
    return {r["id"]: r for r in response.get_json()["results"]}


def full_check(client, body, **kwargs):
    """The answer with every sentence (`?detail=full`)."""
    return client.post("/api/v1/check?detail=full", json=body, **kwargs)
