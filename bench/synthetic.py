"""Generated rule files for the engine benchmark: programmes shaped like the bundled ones, thresholds varied.

Each programme has names and texts in English, Traditional and Simplified Chinese; two or three sources (one of
them secondary); parameters with dated values; five to seven criteria that use `all`, `any`, `not`, `judgement`,
criteria in force from or until a date and, for some, another programme's approval (`programme:`); an estimate of
one of the four shapes (matching, percentage, tiered, fixed); the costs it pays for; a change log; and worked
examples whose verdicts and amounts are worked out here, so that the rules check runs them as it runs the
bundled ones. Every non-text question of the bundled questionnaire is used once there are a dozen programmes, and
the generated directory loads without a single problem (tests/test_synthetic_rules.py checks it).
"""

from __future__ import annotations

import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import yaml

CHECKED = dt.date(2026, 11, 25)
AS_OF = dt.date(2026, 11, 25)  # the date examples are evaluated on, unless they say otherwise
LOWERED = dt.date(2025, 7, 1)  # thresholds are lowered on this day (a second dated value)
ANCHOR_EVERY = 25  # every 25th programme is one that others require an approval under
INDUSTRIES = ("life_health_tech", "ai_data_science", "microelectronics", "fintech", "other_manufacturing")
SHAPES = ("matching", "percentage", "tiered", "fixed")
KINDS = {"matching": "funding", "percentage": "funding", "tiered": "tax", "fixed": "space"}
PAYS_FOR = {"matching": ["production"], "percentage": ["rd"], "tiered": [], "fixed": ["rent"]}
OFFICES = ("Innovation and Technology Commission", "Hong Kong Productivity Council", "Invest Hong Kong")
OFFICES_HANT = ("創新科技署", "香港生產力促進局", "投資推廣署")
OFFICES_HANS = ("创新科技署", "香港生产力促进局", "投资推广署")
HOSTS = ("www.itf.gov.hk", "www.hkpc.org", "www.investhk.gov.hk")


def t(en: str, hant: str, hans: str) -> dict:
    """A text in the three languages."""
    return {"en": en, "zh-Hant": hant, "zh-Hans": hans}


def _criterion(cid, title, when, met, not_met, unknown=None, **dates) -> dict:
    criterion = {"id": cid, **dates, "title": title, "when": when, "met": met, "not_met": not_met}
    if unknown:
        criterion["unknown"] = unknown
    return criterion


# Criteria that each programme takes two of, in turn, with the answers that meet them. Together they use every
# question of the questionnaire that the fixed criteria below do not.
def _extras(anchor: str | None) -> list:
    extras = [
        (
            "staff",
            _criterion(
                "enough_staff",
                t("Enough staff in Hong Kong", "在香港有足夠員工", "在香港有足够员工"),
                {"fact": "employees_hk", "at_least": "min_staff"},
                t(
                    "Your company employs at least {min_staff} people in Hong Kong.",
                    "貴公司在香港聘用最少{min_staff}名員工。",
                    "贵公司在香港聘用至少{min_staff}名员工。",
                ),
                t(
                    "The company must employ at least {min_staff} people in Hong Kong.",
                    "公司必須在香港聘用最少{min_staff}名員工。",
                    "公司必须在香港聘用至少{min_staff}名员工。",
                ),
            ),
            {"employees_hk": None},  # filled in with the parameter's value
        ),
        (
            None,
            _criterion(
                "not_listed",
                t("Not a listed company", "並非上市公司", "并非上市公司"),
                {"not": {"fact": "listed", "equals": True}},
                t("Your company is not listed.", "貴公司並非上市公司。", "贵公司并非上市公司。"),
                t(
                    "Listed companies and their subsidiaries cannot apply.",
                    "上市公司及其附屬公司不可申請。",
                    "上市公司及其附属公司不可申请。",
                ),
            ),
            {"listed": False},
        ),
        (
            None,
            _criterion(
                "high_end",
                t("High-end technology", "高端技術", "高端技术"),
                {"all": [{"fact": "high_end_technology", "equals": True}, {"fact": "expand_markets", "equals": True}]},
                t(
                    "The production involves high-end technology and serves new markets.",
                    "有關生產涵蓋高端技術，並開拓新市場。",
                    "有关生产涵盖高端技术，并开拓新市场。",
                ),
                t(
                    "The production must involve high-end technology and serve new markets.",
                    "有關生產必須涵蓋高端技術，並開拓新市場。",
                    "有关生产必须涵盖高端技术，并开拓新市场。",
                ),
            ),
            {"high_end_technology": True, "expand_markets": True},
        ),
        (
            None,
            _criterion(
                "technology_area",
                t("Technology in a named area", "技術屬指定範疇", "技术属于指定领域"),
                {
                    "any": [
                        {"fact": "project_technologies", "includes_any": ["ai_data", "biotech_life_health"]},
                        {
                            "judgement": {
                                "fact": "project_technologies",
                                "includes_any": ["microelectronics", "ict_iot"],
                            }
                        },
                    ]
                },
                t(
                    "The project's technology is in a named area.",
                    "項目技術屬指定範疇。",
                    "项目技术属于指定领域。",
                ),
                t(
                    "The project's technology is not in a named area.",
                    "項目技術不屬指定範疇。",
                    "项目技术不属于指定领域。",
                ),
            ),
            {"project_technologies": ["ai_data"]},
        ),
        (
            None,
            _criterion(
                "space",
                t("Needs production or lab space", "需要生產或實驗室空間", "需要生产或实验室空间"),
                {"fact": "space_needed", "one_of": ["production_floor", "lab_or_cleanroom"]},
                t(
                    "You need production or laboratory space.",
                    "貴公司需要生產或實驗室空間。",
                    "贵公司需要生产或实验室空间。",
                ),
                t(
                    "The programme offers production and laboratory space only.",
                    "計劃只提供生產及實驗室空間。",
                    "计划只提供生产及实验室空间。",
                ),
            ),
            {"space_needed": "production_floor"},
        ),
        (
            None,
            _criterion(
                "rd_team",
                t("An R&D team in Hong Kong", "在香港有研發團隊", "在香港有研发团队"),
                {
                    "all": [
                        {"fact": "rd_plans", "includes": "in_house_hk"},
                        {
                            "any": [
                                {"fact": "technical_staff_share", "equals": True},
                                {"fact": "technical_team_equity", "equals": True},
                            ]
                        },
                    ]
                },
                t(
                    "Your R&D is done in-house in Hong Kong by a technical team.",
                    "貴公司的研發由技術團隊在香港自行進行。",
                    "贵公司的研发由技术团队在香港自行开展。",
                ),
                t(
                    "The R&D must be done in-house in Hong Kong by a technical team.",
                    "研發必須由技術團隊在香港自行進行。",
                    "研发必须由技术团队在香港自行开展。",
                ),
            ),
            {"rd_plans": ["in_house_hk"], "technical_staff_share": True, "technical_team_equity": False},
        ),
        (
            None,
            _criterion(
                "taxable",
                t("Pays profits tax or earns from IP", "繳納利得稅或有知識產權收入", "缴纳利得税或有知识产权收入"),
                {"any": [{"fact": "hk_profits_tax", "equals": True}, {"fact": "ip_income", "equals": True}]},
                t(
                    "Your company pays Hong Kong profits tax or earns income from IP.",
                    "貴公司繳納香港利得稅，或有知識產權收入。",
                    "贵公司缴纳香港利得税，或有知识产权收入。",
                ),
                t(
                    "The company must pay Hong Kong profits tax or earn income from IP.",
                    "公司必須繳納香港利得稅，或有知識產權收入。",
                    "公司必须缴纳香港利得税，或有知识产权收入。",
                ),
            ),
            {"hk_profits_tax": True, "ip_income": False},
        ),
        (
            None,
            _criterion(
                "training",
                t("Trains local technicians", "培訓本地技術人員", "培训本地技术人员"),
                {
                    "all": [
                        {"fact": "hiring_needs", "includes": "technicians"},
                        {"fact": "technicians_from", "includes": "local"},
                        {"fact": "train_staff", "equals": True},
                    ]
                },
                t(
                    "You will hire and train local technicians.",
                    "貴公司將聘用及培訓本地技術人員。",
                    "贵公司将聘用及培训本地技术人员。",
                ),
                t(
                    "The programme is for companies that hire and train local technicians.",
                    "計劃適用於聘用及培訓本地技術人員的公司。",
                    "计划适用于聘用及培训本地技术人员的公司。",
                ),
            ),
            {"hiring_needs": ["technicians"], "technicians_from": ["local"], "train_staff": True},
        ),
    ]
    if anchor:
        extras.append(
            (
                None,
                _criterion(
                    "approval",
                    t("Approved under the lead scheme", "已獲主要計劃批准", "已获主要计划批准"),
                    {
                        "all": [
                            {"programme": anchor},
                            {"fact": "hiring_needs", "includes_any": ["rd_staff", "technicians"]},
                        ]
                    },
                    t(
                        "Your company holds an approval under the lead scheme and will hire staff.",
                        "貴公司已獲主要計劃批准，並會聘用員工。",
                        "贵公司已获主要计划批准，并将聘用员工。",
                    ),
                    t(
                        "The programme is only for companies approved under the lead scheme that hire staff.",
                        "計劃只適用於已獲主要計劃批准並聘用員工的公司。",
                        "计划只适用于已获主要计划批准并聘用员工的公司。",
                    ),
                ),
                {"already_have": [anchor], "hiring_needs": ["rd_staff"]},
            )
        )
    return extras


def _dated(values, url, unit_note=False) -> list:
    """Dated values of a parameter: [(since, value), ...]."""
    entries = []
    for since, value in values:
        entry = {"since": since, "value": value, "source": url}
        if unit_note and since == LOWERED:
            entry["unverified"] = True
            entry["note"] = t(
                "Lowered from this day, as reported in the news.",
                "根據新聞報道，由當日起下調。",
                "根据新闻报道，自当日起下调。",
            )
        entries.append(entry)
    return entries


def _param(label, unit, values, url, unit_note=False) -> dict:
    return {"label": label, "unit": unit, "values": _dated(values, url, unit_note)}


def programme_data(i: int, count: int) -> dict:
    """The rule file of generated programme number `i` of `count`, as data."""
    pid = f"synthetic_{i:04d}"
    shape = SHAPES[i % len(SHAPES)]
    office = i % len(OFFICES)
    url = f"https://{HOSTS[office]}/en/programmes/{pid}.html"
    industry = INDUSTRIES[i % len(INDUSTRIES)]
    closed = i % 10 == 9
    opens = dt.date(2020 + i % 4, 1 + i % 12, 1)
    step = 1 + i % 50
    min_cost, min_cost_before = 1_000_000 * step, 2_000_000 * step
    min_own = min_cost // 2
    min_rd = 100_000 * step
    max_age = 3 + i % 10
    min_staff = 2 + i % 20
    anchor_index = (i // ANCHOR_EVERY) * ANCHOR_EVERY
    anchor = f"synthetic_{anchor_index:04d}" if i % ANCHOR_EVERY == 13 and anchor_index < count else None

    params = {
        "min_staff": _param(
            t("Minimum staff in Hong Kong", "香港最低員工人數", "香港最低员工人数"), "count", [(opens, min_staff)], url
        ),
        "max_age": _param(t("Maximum company age", "公司最高年資", "公司最高年资"), "years", [(opens, max_age)], url),
    }
    base_answers = {
        "hk_entity": "incorporated",
        "government_subvented": False,
        "industry": industry,
        "company_age_years": 1,
        "production_plan": "new_smart_facility",
        "rd_plans": ["in_house_hk"],
    }
    criteria = [
        _criterion(
            "hk_company",
            t("Incorporated in Hong Kong", "在香港註冊成立", "在香港注册成立"),
            {"fact": "hk_entity", "one_of": ["incorporated", "will_incorporate"]},
            t(
                "Your company is, or will be, incorporated in Hong Kong.",
                "貴公司已經或將會在香港註冊成立。",
                "贵公司已经或将会在香港注册成立。",
            ),
            t(
                "The applicant must be a company incorporated in Hong Kong.",
                "申請人必須是在香港註冊成立的公司。",
                "申请人必须是在香港注册成立的公司。",
            ),
            t(
                "Tell us whether your company is incorporated in Hong Kong.",
                "請告訴我們貴公司是否在香港註冊成立。",
                "请告诉我们贵公司是否在香港注册成立。",
            ),
        ),
        _criterion(
            "sector",
            t("In a supported industry", "屬支援的行業", "属于支持的行业"),
            {
                "any": [
                    {"fact": "industry", "one_of": [industry, "advanced_manufacturing_new_energy"]},
                    {
                        "all": [
                            {"fact": "rd_plans", "includes_any": ["in_house_hk", "with_hk_research_institution"]},
                            {"not": {"fact": "government_subvented", "equals": True}},
                        ]
                    },
                ]
            },
            t(
                "Your industry, or your R&D in Hong Kong, fits the programme.",
                "貴公司的行業或在香港的研發切合計劃。",
                "贵公司的行业或在香港的研发符合计划。",
            ),
            t(
                "The programme is for other industries, or for companies that do R&D in Hong Kong.",
                "計劃適用於其他行業，或在香港進行研發的公司。",
                "计划适用于其他行业，或在香港开展研发的公司。",
            ),
        ),
    ]
    size_fact, small = None, None
    if shape == "matching":
        params["min_total_project_cost"] = _param(
            t("Minimum total project cost", "最低項目總成本", "最低项目总成本"),
            "hkd",
            [(opens, min_cost_before), (LOWERED, min_cost)],
            url,
            unit_note=True,
        )
        params["min_own_investment"] = _param(
            t("Minimum investment by the company", "企業最低投資額", "企业最低投资额"), "hkd", [(opens, min_own)], url
        )
        criteria.append(
            _criterion(
                "project_size",
                t("Large enough project", "項目規模達標", "项目规模达标"),
                {
                    "all": [
                        {"fact": "production_plan", "one_of": ["new_smart_facility", "new_smart_line"]},
                        {"fact": "total_project_cost_hkd", "at_least": "min_total_project_cost"},
                        {"fact": "own_investment_hkd", "at_least": "min_own_investment"},
                    ]
                },
                t(
                    "The new facility costs at least {min_total_project_cost}, with at least {min_own_investment} "
                    "from your company.",
                    "新設施成本不少於{min_total_project_cost}，其中貴公司投入不少於{min_own_investment}。",
                    "新设施成本不少于{min_total_project_cost}，其中贵公司投入不少于{min_own_investment}。",
                ),
                t(
                    "The new facility must cost at least {min_total_project_cost}, with at least "
                    "{min_own_investment} from your company.",
                    "新設施成本必須不少於{min_total_project_cost}，其中貴公司須投入不少於{min_own_investment}。",
                    "新设施成本必须不少于{min_total_project_cost}，其中贵公司须投入不少于{min_own_investment}。",
                ),
            )
        )
        size_fact, big, small = "total_project_cost_hkd", min_cost * 3, min_cost - 1
        base_answers.update(total_project_cost_hkd=big, own_investment_hkd=min_own * 2)
        params["matching_ratio"] = _param(
            t("Matching ratio (government to company)", "配對比例（政府比企業）", "配对比例（政府比企业）"),
            "ratio",
            [(opens, f"1:{1 + i % 3}")],
            url,
        )
        params["max_funding"] = _param(
            t("Maximum funding per project", "每個項目的資助上限", "每个项目的资助上限"),
            "hkd",
            [(opens, 10_000_000 * (1 + i % 20))],
            url,
        )
        estimate = {
            "shape": "matching",
            "of": "total_project_cost_hkd",
            "ratio": "matching_ratio",
            "cap": "max_funding",
        }
        offers = t(
            "Up to {max_funding} of {matching_ratio} matching funding for a new facility.",
            "為新設施提供{matching_ratio}配對資助，最多{max_funding}。",
            "为新设施提供{matching_ratio}配对资助，最多{max_funding}。",
        )
    elif shape in ("percentage", "tiered"):
        fact = "rd_spend_hkd" if shape == "percentage" else "rd_spend_hk_hkd"
        params["min_rd_spend"] = _param(
            t("Minimum yearly R&D spending", "每年最低研發開支", "每年最低研发开支"),
            "hkd",
            [(opens, min_rd * 2), (LOWERED, min_rd)],
            url,
            unit_note=True,
        )
        criteria.append(
            _criterion(
                "rd_spending",
                t("Enough R&D spending", "研發開支達標", "研发开支达标"),
                {"fact": fact, "at_least": "min_rd_spend"},
                t(
                    "Your company spends at least {min_rd_spend} a year on R&D.",
                    "貴公司每年研發開支不少於{min_rd_spend}。",
                    "贵公司每年研发开支不少于{min_rd_spend}。",
                ),
                t(
                    "The company must spend at least {min_rd_spend} a year on R&D.",
                    "公司每年研發開支必須不少於{min_rd_spend}。",
                    "公司每年研发开支必须不少于{min_rd_spend}。",
                ),
            )
        )
        size_fact, big, small = fact, min_rd * 3, min_rd - 1
        base_answers.update(rd_spend_hkd=big * 2, rd_spend_hk_hkd=big)
        if shape == "percentage":
            params["funding_rate"] = _param(
                t("Share of R&D spending funded", "資助研發開支的比例", "资助研发开支的比例"),
                "percent",
                [(opens, 10 + i % 40)],
                url,
            )
            params["max_funding"] = _param(
                t("Maximum funding a year", "每年資助上限", "每年资助上限"),
                "hkd",
                [(opens, 1_000_000 * (1 + i % 9))],
                url,
            )
            estimate = {"shape": "percentage", "of": "rd_spend_hkd", "rate": "funding_rate", "cap": "max_funding"}
            offers = t(
                "{funding_rate} of yearly R&D spending, up to {max_funding} a year.",
                "資助每年研發開支的{funding_rate}，每年最多{max_funding}。",
                "资助每年研发开支的{funding_rate}，每年最多{max_funding}。",
            )
        else:
            params["first_tier_limit"] = _param(
                t("Spending in the first tier", "第一級開支上限", "第一级开支上限"), "hkd", [(opens, 2_000_000)], url
            )
            params["first_tier_rate"] = _param(
                t("Deduction rate in the first tier", "第一級扣減率", "第一级扣减率"), "percent", [(opens, 300)], url
            )
            params["later_rate"] = _param(
                t("Deduction rate above the first tier", "第一級以上的扣減率", "第一级以上的扣减率"),
                "percent",
                [(opens, 200)],
                url,
            )
            params["normal_deduction"] = _param(
                t("Normal deduction", "一般扣減", "一般扣减"), "percent", [(opens, 100)], url
            )
            estimate = {
                "shape": "tiered",
                "counts_as": "tax_deduction",
                "of": "rd_spend_hk_hkd",
                "tiers": [{"up_to": "first_tier_limit", "rate": "first_tier_rate"}, {"rate": "later_rate"}],
                "baseline": "normal_deduction",
            }
            offers = t(
                "A deduction of {first_tier_rate} on the first {first_tier_limit} of R&D spending and {later_rate} "
                "on the rest, against the normal {normal_deduction}.",
                "研發開支首{first_tier_limit}可獲{first_tier_rate}扣減，餘額可獲{later_rate}扣減，一般扣減為{normal_deduction}。",
                "研发开支首{first_tier_limit}可获{first_tier_rate}扣减，余额可获{later_rate}扣减，一般扣减为{normal_deduction}。",
            )
    else:  # fixed
        params["space_allowance"] = _param(
            t("Rent allowance", "租金津貼", "租金津贴"), "hkd", [(opens, 100_000 * (1 + i % 15))], url
        )
        estimate = {"shape": "fixed", "amount": "space_allowance"}
        offers = t(
            "A rent allowance of {space_allowance} for space in Hong Kong.",
            "為香港的場地提供{space_allowance}租金津貼。",
            "为香港的场地提供{space_allowance}租金津贴。",
        )
    estimate["note"] = t(
        "An indication only: the administering body decides the amount.",
        "只供參考：金額由負責機構決定。",
        "仅供参考：金额由负责机构决定。",
    )
    criteria.append(
        _criterion(
            "young",
            t("A young company", "新成立的公司", "新成立的公司"),
            {"fact": "company_age_years", "at_most": "max_age"},
            t(
                "Your company is at most {max_age} years old.",
                "貴公司成立不多於{max_age}年。",
                "贵公司成立不超过{max_age}年。",
            ),
            t(
                "The company must be at most {max_age} years old.",
                "公司成立必須不多於{max_age}年。",
                "公司成立必须不超过{max_age}年。",
            ),
        )
    )
    extras = _extras(anchor)
    picks = [extras[-1]] if anchor else []
    picks += [extras[i % 8], extras[(i + 3) % 8]]
    uses_staff = any(key == "staff" for key, _, _ in picks)
    if not uses_staff:
        del params["min_staff"]
    answers = dict(base_answers)
    for key, criterion, meets in picks:
        criteria.append(criterion)
        for fact, value in meets.items():
            value = min_staff + 5 if key == "staff" else value
            if isinstance(value, list) and isinstance(answers.get(fact), list):
                value = list(dict.fromkeys(answers[fact] + value))
            answers[fact] = value
    if i % 7 == 3:  # a condition that changed on a date, written as two criteria, each in force for a time
        before, since = LOWERED - dt.timedelta(days=1), LOWERED
        criteria += [
            _criterion(
                "not_subvented_before",
                t("Not government-subvented", "並非政府資助機構", "并非政府资助机构"),
                {
                    "all": [
                        {"fact": "government_subvented", "equals": False},
                        {"fact": "hk_entity", "equals": "incorporated"},
                    ]
                },
                t(
                    "Your company is incorporated and not government-subvented.",
                    "貴公司已註冊成立，並非政府資助機構。",
                    "贵公司已注册成立，并非政府资助机构。",
                ),
                t(
                    "Until the change, only incorporated companies not subvented by the government could apply.",
                    "在改動前，只有已註冊成立而非政府資助的公司可申請。",
                    "在改动前，只有已注册成立而非政府资助的公司可申请。",
                ),
                until=before,
            ),
            _criterion(
                "not_subvented",
                t("Not government-subvented", "並非政府資助機構", "并非政府资助机构"),
                {"fact": "government_subvented", "equals": False},
                t("Your company is not government-subvented.", "貴公司並非政府資助機構。", "贵公司并非政府资助机构。"),
                t(
                    "Government-subvented organisations cannot apply.",
                    "政府資助機構不可申請。",
                    "政府资助机构不可申请。",
                ),
                since=since,
            ),
        ]
    name = t(f"Synthetic programme {i}", f"合成計劃{i}", f"合成计划{i}")
    data = {
        "id": pid,
        "name": name,
        "short_name": f"SP{i}",
        "body": t(OFFICES[office], OFFICES_HANT[office], OFFICES_HANS[office]),
        "kind": KINDS[shape],
        "status": "closed" if closed else "open",
        "window": {"opens": opens, **({"closes": dt.date(2025, 6, 30)} if closed else {})},
        "summary": t(
            f"A generated programme for the engine benchmark, number {i}, administered by {OFFICES[office]}.",
            f"為引擎基準測試而生成的計劃（第{i}號），由{OFFICES_HANT[office]}管理。",
            f"为引擎基准测试而生成的计划（第{i}号），由{OFFICES_HANS[office]}管理。",
        ),
        "offers": offers,
        "sources": [
            {
                "title": t(
                    f"{OFFICES[office]}, programme page",
                    f"{OFFICES_HANT[office]}：計劃網頁",
                    f"{OFFICES_HANS[office]}：计划网页",
                ),
                "url": url,
                "checked": CHECKED,
            },
            {
                "title": t("Guidance notes", "申請指引", "申请指引"),
                "url": url.replace(".html", "_guide.pdf"),
                "checked": CHECKED,
            },
            *(
                [
                    {
                        "title": t("News report", "新聞報道", "新闻报道"),
                        "url": f"https://www.thestandard.com.hk/news/article/{100000 + i}/",
                        "checked": CHECKED,
                        "official": False,
                    }
                ]
                if i % 2
                else []
            ),
        ],
        "unverified": [
            t(
                "The lowered thresholds come from news reports.",
                "下調後的門檻來自新聞報道。",
                "下调后的门槛来自新闻报道。",
            )
        ],
        "notes": [
            t(
                "A company may hold at most two approved projects.",
                "每家公司最多可有兩個獲批項目。",
                "每家公司最多可有两个获批项目。",
            ),
            t(
                "Projects should normally finish within three years.",
                "項目一般須在三年內完成。",
                "项目一般须在三年内完成。",
            ),
        ],
        "assessment": [
            t("Technical merit", "技術優勢", "技术优势"),
            t("Benefit to Hong Kong", "對香港的裨益", "对香港的裨益"),
        ],
        "parameters": params,
        "criteria": criteria,
        "estimate": estimate,
        "pays_for": PAYS_FOR[shape],
        "not_combined_with": [f"synthetic_{i - 4:04d}"] if shape == "matching" and i >= 4 else [],
        "changes": [
            {
                "date": LOWERED,
                "text": t("The thresholds were lowered.", "門檻下調。", "门槛下调。"),
            }
        ],
        "next_step": {
            "text": t(
                f"Read the guidance notes, then contact the {OFFICES[office]}.",
                f"請先細閱申請指南，然後聯絡{OFFICES_HANT[office]}。",
                f"请先细阅申请指南，然后联系{OFFICES_HANS[office]}。",
            ),
            "url": url,
        },
        "examples": _examples(i, shape, closed, answers, params, size_fact, small),
    }
    return {k: v for k, v in data.items() if v != []}


def _examples(i, shape, closed, answers, params, size_fact, small) -> list:
    """Worked cases with the verdicts and amounts the rules give."""
    as_of = dt.date(2025, 3, 1) if closed else AS_OF
    likely = {
        "name": t(
            f"A company that meets every condition of programme {i}",
            f"符合計劃{i}所有條件的公司",
            f"符合计划{i}所有条件的公司",
        ),
        "as_of": as_of,
        "answers": answers,
        "verdict": "likely",
    }
    amount = _estimate(shape, answers, params, as_of)
    if amount is not None:
        likely["estimate_hkd"] = amount
    examples = [likely]
    examples.append(
        {
            "name": t("A branch of an overseas company", "海外公司的分公司", "海外公司的分公司"),
            "as_of": as_of,
            "answers": {**answers, "hk_entity": "branch_only"},
            "verdict": "unlikely",
            "criteria": {"hk_company": "not_met"},
        }
    )
    examples.append(
        {
            "name": t("A company that does not say how old it is", "沒有說明成立年期的公司", "没有说明成立年限的公司"),
            "as_of": as_of,
            "answers": {k: v for k, v in answers.items() if k != "company_age_years"},
            "verdict": "possible",
            "criteria": {"young": "unknown"},
        }
    )
    if size_fact:
        smaller = {**answers, size_fact: small}
        if size_fact == "total_project_cost_hkd":  # an own investment never above the total
            smaller["own_investment_hkd"] = min(smaller["own_investment_hkd"], small)
        else:  # R&D in Hong Kong never above all R&D
            smaller["rd_spend_hkd"] = smaller["rd_spend_hk_hkd"] = small
        examples.append(
            {
                "name": t("A project just below the threshold", "略低於門檻的項目", "略低于门槛的项目"),
                "as_of": as_of,
                "answers": smaller,
                "verdict": "unlikely",
                "criteria": {"project_size" if shape == "matching" else "rd_spending": "not_met"},
            }
        )
    if closed:
        examples.append(
            {
                "name": t("After the window closed", "申請期結束後", "申请期结束后"),
                "as_of": AS_OF,
                "answers": answers,
                "verdict": "closed",
            }
        )
    return examples


def _value(params, name, as_of):
    current = None
    for dated in params[name]["values"]:
        if dated["since"] <= as_of:
            current = dated["value"]
    return current


def _estimate(shape, answers, params, as_of):
    """The amount the estimate gives for `answers` (None for the tiered shape, which the examples leave out)."""
    if shape == "fixed":
        return _value(params, "space_allowance", as_of)
    if shape == "matching":
        gov, company = (int(part) for part in _value(params, "matching_ratio", as_of).split(":"))
        raw = answers["total_project_cost_hkd"] * Fraction(gov, gov + company)
    elif shape == "percentage":
        raw = Fraction(answers["rd_spend_hkd"] * _value(params, "funding_rate", as_of), 100)
    else:
        return None
    return int(min(raw, _value(params, "max_funding", as_of)))


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Every value written out in full: rule files refuse YAML aliases."""

    def ignore_aliases(self, data):
        return True


def programme_text(i: int, count: int = 1000) -> str:
    """The YAML of generated programme number `i` of `count`."""
    return yaml.dump(programme_data(i, count), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def _questionnaire(questions: Path, anchors: list) -> str:
    """The bundled questionnaire, with the anchor programmes added to the question that lists approvals."""
    text = questions.read_text(encoding="utf-8")
    at = text.index("      - id: already_have")
    at = text.index("        options:\n", at) + len("        options:\n")
    added = "".join(
        f"          - value: {pid}\n"
        f"            label:\n"
        f"              en: An approval under generated programme {pid}\n"
        f"              zh-Hant: 生成計劃{pid}的批准\n"
        f"              zh-Hans: 生成计划{pid}的批准\n"
        for pid in anchors
    )
    return text[:at] + added + text[at:]


def write_rules(target: Path, count: int, questions: Path) -> Path:
    """A rules directory with the bundled questionnaire and list of costs, and `count` generated programmes."""
    target.mkdir(parents=True, exist_ok=True)
    anchors = [f"synthetic_{i:04d}" for i in range(0, count, ANCHOR_EVERY) if i + 13 < count]
    (target / "questions.yaml").write_text(_questionnaire(Path(questions), anchors), encoding="utf-8")
    costs = Path(questions).parent / "_costs.yaml"
    if costs.exists():
        shutil.copy(costs, target / "_costs.yaml")
    for i in range(count):
        (target / f"synthetic_{i:04d}.yaml").write_text(programme_text(i, count), encoding="utf-8")
    return target
