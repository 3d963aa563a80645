"""The rules as loaded (webapp/rulebook/loader.py): the questionnaire, the valid programmes and the problems, and the
same rules with their texts in each other language, made when that language is first asked for."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from webapp.engine.model import Questionnaire
from webapp.rulebook.localise import LANGUAGES

log = logging.getLogger(__name__)


@dataclass
class RuleSet:
    """Everything the app needs from `rules/`: the questionnaire, the valid programmes and the problems."""

    questionnaire: Questionnaire | None
    programmes: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    version: str = ""
    checked: dt.date | None = None
    files: list = field(default_factory=list)
    # Every programme that passed the file checks, with its Located: also those left out for failing
    # examples or cross-file checks, so that `flask rules test` and `explain` can still run them.
    parsed: dict = field(default_factory=dict)
    # The questionnaire and programmes with their texts in each other language: lang -> (questionnaire, programmes),
    # each made when it is first asked for (`translation`): a load that no request in that language follows, or a
    # `rules check`, does not make them.
    translations: dict = field(default_factory=dict, repr=False)
    # lang -> (questionnaire, programmes) in that language, made from the English ones (the loader's _translate)
    translate: Callable | None = field(default=None, repr=False, compare=False)
    costs: dict = field(default_factory=dict)  # cost id -> costs.Cost, from rules/_costs.yaml
    # lang -> the RuleSet in_language made for it: one object per language, so that what is kept for the rules
    # (reports, answers: webapp.engine.kept) is found again by the requests in that language.
    localised: dict = field(default_factory=dict, repr=False, compare=False)
    # Held while a language is made, so that two requests at once make it once (the RuleSets of each language
    # share it, as they share `translations`).
    making: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == "error"]

    def translation(self, lang: str) -> tuple | None:
        """(questionnaire, programmes) with their texts in `lang`, made on first use; None for English, for rules
        without a questionnaire, and should making them fail (logged once: the pages are then in English, never an
        error)."""
        found = self.translations.get(lang)
        if found is None and self.translate is not None and lang in LANGUAGES[1:]:
            with self.making:
                found = self.translations.get(lang)
                if found is None:
                    try:
                        found = self.translate(lang)
                    except Exception:  # noqa: BLE001 - a language that cannot be made must not take the site down
                        log.exception("could not make the rules' texts in %s: they are shown in English", lang)
                        found = ()
                    self.translations[lang] = found
        return found or None

    def in_language(self, lang: str) -> RuleSet:
        """The same rules with every text in `lang` (English where a translation is missing)."""
        found = self.localised.get(lang)
        if found is not None:
            return found
        translation = self.translation(lang)
        if translation is None:
            return self
        with self.making:
            found = self.localised.get(lang)
            if found is None:
                questionnaire, programmes = translation
                found = dataclasses.replace(self, questionnaire=questionnaire, programmes=programmes, localised={})
                self.localised[lang] = found
        return found
