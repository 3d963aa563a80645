"""The rules the app is serving, loaded once at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

from .loader import RuleSet, load_rules

log = logging.getLogger(__name__)


class RuleStore:
    """Holds the current RuleSet. Broken files are reported and left out; the site stays up."""

    def __init__(self, rules_dir: Path, today):
        self.rules_dir = Path(rules_dir)
        self.today = today
        self.rules: RuleSet = self._load()

    def _load(self) -> RuleSet:
        rules = load_rules(self.rules_dir, self.today())
        for problem in rules.problems:
            log.warning("rules problem: %s", problem)
        return rules

    def current(self) -> RuleSet:
        return self.rules
