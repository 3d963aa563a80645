"""rules/_costs.yaml: the closed list of costs a programme can pay for, named in each rule file's `pays_for`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webapp.rulebook import schema
from webapp.rulebook.localise import LANGUAGES, english_and_missing, localise
from webapp.rulebook.located import Located
from webapp.rulebook.yamlsource import parse_file

COSTS_FILE = "_costs.yaml"
COSTS_TEXT = ("costs.*.label",)


@dataclass(frozen=True)
class Cost:
    id: str
    labels: dict  # language -> label

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


def load_costs(rules_dir: Path, shown_dir: str) -> tuple[dict, Located | None]:
    """({cost id: Cost}, the Located file, for its problems); ({}, None) when the directory has no such file."""
    path = Path(rules_dir) / COSTS_FILE
    if not path.exists():
        return {}, None
    located = parse_file(path, f"{shown_dir}/{COSTS_FILE}")
    if located.data is None:
        return {}, located
    raw = located.data
    located.data, missing = english_and_missing(raw, COSTS_TEXT)
    for text_path, lang in missing:
        located.problem(text_path, f"missing translation: no {lang} text here", "warning")
    spec = schema.validate(schema.CostList, located)
    if spec is None:
        return {}, located
    costs = {}
    for i, cost in enumerate(spec.costs):
        if cost.id in costs:
            located.problem(("costs", i, "id"), f"duplicate cost id '{cost.id}'")
        labels = {lang: localise(raw, lang, COSTS_TEXT)["costs"][i]["label"] for lang in LANGUAGES}
        costs[cost.id] = Cost(cost.id, labels)
    return costs, located
