"""Editing a copy of the rules: find a line, change a text or the NIAS cap, and the one-file mistakes to make."""


def line_of(path, text, occurrence=1):
    """1-based line number of the `occurrence`-th line containing `text` ("text#2": the second).

    A `text` over several lines ("- name:\n      en: ...") gives the line where it starts."""
    if "#" in text:
        text, occurrence = text.split("#")[0], int(text.split("#")[1])
    content = path.read_text()
    if "\n" in text:
        hits = [content.count("\n", 0, at) + 1 for at in _starts(content, text)]
    else:
        hits = [i for i, line in enumerate(content.splitlines(), 1) if text in line]
    assert len(hits) >= occurrence, f"{text!r} not in {path}"
    return hits[occurrence - 1]


def _starts(content, text):
    at = content.find(text)
    while at != -1:
        yield at
        at = content.find(text, at + 1)


def edit(path, old, new, count=1):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


# The NIAS cap per project: raising it keeps every example of the file passing.
CAP = "每个项目的资助上限\n    unit: hkd\n    values:\n      - since: 2024-09-16\n        value: {}\n"


def set_cap(rules_dir, old, new):
    edit(rules_dir / "nias.yaml", CAP.format(old), CAP.format(new))


# (description, file, old text, new text, text on the reported line, words in the message)
CASES = [
    ("yaml syntax", "nias.yaml", "kind: funding", "kind: [funding", "status: open", "YAML syntax error"),
    (
        "unknown key",
        "nias.yaml",
        "short_name: NIAS",
        "short_name: NIAS\nshortname: NIAS",
        "shortname:",
        "unknown key 'shortname' (did you mean 'short_name'?)",
    ),
    (
        "missing required key",
        "nias.yaml",
        "short_name: NIAS\n",
        "",
        "id: nias",
        "missing required key 'short_name'",
    ),
    ("wrong type", "nias.yaml", "    official: false\n", "    official: maybe\n", "official: maybe", "'official'"),
    ("bad enum", "nias.yaml", "kind: funding", "kind: grant", "kind: grant", "'kind'"),
    ("bad date", "nias.yaml", "checked: 2026-11-25", "checked: 2026-13-45", "checked: 2026-13-45", "'checked'"),
    (
        "unknown question id",
        "nias.yaml",
        "      fact: government_subvented",
        "      fact: subvented",
        "fact: subvented",
        "unknown question id 'subvented'",
    ),
    (
        "unknown option",
        "nias.yaml",
        "includes_any: [biotech_life_health,",
        "includes_any: [life_science,",
        "includes_any: [life_science",
        "'project_technologies' has no option 'life_science'",
    ),
    (
        "undefined parameter",
        "nias.yaml",
        "at_least: min_own_investment",
        "at_least: min_own_money",
        "at_least: min_own_money",
        "undefined parameter 'min_own_money'",
    ),
    (
        "literal threshold",
        "nias.yaml",
        "at_least: min_own_investment",
        "at_least: 100000000",
        "at_least: 100000000",
        "named, dated parameter",
    ),
    (
        "unknown operator",
        "nias.yaml",
        "at_least: min_own_investment",
        "greater_than: min_own_investment",
        "greater_than:",
        "unknown operator 'greater_than'",
    ),
    (
        "operator for the wrong type",
        "nias.yaml",
        "      equals: false",
        "      at_least: max_funding",
        "at_least: max_funding",
        "'at_least' does not apply to 'government_subvented'",
    ),
    (
        "dates out of order",
        "nias.yaml",
        "      - since: 2025-11-18",
        "      - since: 2024-01-01",
        "since: 2024-01-01",
        "dates must be in order",
    ),
    (
        "window closes before it opens",
        "nias.yaml",
        "  opens: 2024-09-16",
        "  opens: 2024-09-16\n  closes: 2024-01-01",
        "closes: 2024-01-01",
        "closes (2024-01-01) before it opens",
    ),
    (
        "duplicate criterion id",
        "nias.yaml",
        "  - id: not_subvented",
        "  - id: hk_company",
        "- id: hk_company#2",
        "duplicate criterion id 'hk_company'",
    ),
    (
        "duplicate key",
        "nias.yaml",
        "short_name: NIAS",
        "short_name: NIAS\nshort_name: NIAS2",
        "short_name: NIAS2",
        "duplicate key 'short_name'",
    ),
    ("stem is not the id", "nias.yaml", "id: nias", "id: nias2", "id: nias2", "must equal the file name 'nias'"),
    (
        "wrong example verdict",
        "nias.yaml",
        "    verdict: likely\n    estimate_hkd: 200000000",
        "    verdict: unlikely\n    estimate_hkd: 200000000",
        "- name:\n      en: A Hong Kong life-science company building",
        "expected unlikely, got likely",
    ),
    (
        "wrong example estimate",
        "nias.yaml",
        "estimate_hkd: 200000000",
        "estimate_hkd: 150000000",
        "- name:\n      en: A Hong Kong life-science company building",
        "estimate_hkd: expected 150000000",
    ),
    (
        "example with unknown answer id",
        "nias.yaml",
        "      high_end_technology: true\n    verdict: likely\n    estimate_hkd: 200000000",
        "      high_tech: true\n    verdict: likely\n    estimate_hkd: 200000000",
        "high_tech: true",
        "unknown question id 'high_tech'",
    ),
    (
        "example answer of the wrong type",
        "nias.yaml",
        "total_project_cost_hkd: 600000000",
        "total_project_cost_hkd: lots",
        "total_project_cost_hkd: lots",
        "must be a number",
    ),
    (
        "undefined placeholder",
        "nias.yaml",
        "en: Up to {max_funding}",
        "en: Up to {max_grant}",
        "en: Up to {max_grant}",
        "{max_grant}, which is not a parameter",
    ),
    ("bad ratio", "nias.yaml", 'value: "1:2"', 'value: "one to two"', 'value: "one to two"', "a ratio is written"),
    (
        "estimate of a non-amount",
        "nias.yaml",
        "  of: total_project_cost_hkd",
        "  of: industry",
        "of: industry",
        "'of' must name an amount question",
    ),
    ("bad source url", "nias.yaml", "url: http://tvnet.hk", "url: tvnet.hk", "url: tvnet.hk", "'url'"),
]
