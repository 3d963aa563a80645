"""The one way for a view to get the rules it serves, in the request's language, or a 503 while there are none."""

from __future__ import annotations

from flask import abort

from webapp.rulebook.store import rules_in_use
from webapp.web.i18n import current_language


def served_rules(localised: bool = True):
    """The rules in use, with their texts in this request's language (or in English); 503 while none can be served."""
    rules = rules_in_use()
    if rules.questionnaire is None:
        abort(503)
    return rules.in_language(current_language()) if localised else rules
