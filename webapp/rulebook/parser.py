"""Parsing condition data from rule files into the engine's Leaf and Group trees, reporting problems with their lines."""

from __future__ import annotations

from webapp.engine.conditions import COMBINATORS, OPERATORS, SINGLE, Group, Leaf

UNIT_FOR_TYPE = {"amount": ("hkd",), "number": ("count", "years")}


class ConditionParser:
    """Turns condition data into Leaf/Group objects, reporting problems with their lines."""

    def __init__(self, located, questions: dict, parameters: dict | None = None):
        self.located = located
        self.questions = questions
        self.parameters = parameters or {}
        self.programme_refs = []  # (path, programme id) of every `programme:` test, checked across files

    def parse(self, raw, path):
        if not isinstance(raw, dict) or not raw:
            return self._fail(path, "a condition must be a mapping: all / any / not, or a test on a fact")
        groups = [k for k in raw if k in COMBINATORS]
        if groups:
            return self._group(raw, path, groups)
        return self._leaf(raw, path)

    def _fail(self, path, message):
        self.located.problem(path, message)
        return None

    def _group(self, raw, path, groups):
        if len(raw) != 1:
            return self._fail(
                path,
                f"'{groups[0]}' must stand alone in its mapping; found also: "
                + ", ".join(str(k) for k in raw if k != groups[0]),
            )
        op = groups[0]
        body = raw[op]
        if op in SINGLE:
            part = self.parse(body, path + (op,))
            return Group(op, (part,)) if part else None
        if not isinstance(body, list) or not body:
            return self._fail(path + (op,), f"'{op}' takes a list of one or more conditions")
        parts = [self.parse(item, path + (op, i)) for i, item in enumerate(body)]
        return Group(op, tuple(parts)) if all(parts) else None

    def _leaf(self, raw, path):
        if "programme" in raw:
            return self._programme(raw, path)
        fact = raw.get("fact")
        ops = [k for k in raw if k != "fact"]
        unknown = [k for k in ops if k not in OPERATORS]
        if unknown:
            return self._fail(
                path + (unknown[0],),
                f"unknown operator '{unknown[0]}'; use one of: " + ", ".join(list(OPERATORS) + list(COMBINATORS)),
            )
        if fact is None:
            return self._fail(path, "a test needs 'fact': the id of a question")
        if len(ops) != 1:
            return self._fail(path, f"a test on '{fact}' needs exactly one operator ({', '.join(OPERATORS)})")
        question = self.questions.get(fact)
        if question is None:
            return self._fail(path + ("fact",), f"unknown question id '{fact}' (see rules/questions.yaml)")
        op = ops[0]
        if question.type not in OPERATORS[op]:
            return self._fail(path + (op,), f"'{op}' does not apply to '{fact}', a {question.type} question")
        value = self._value(op, raw[op], question, path + (op,))
        return None if value is _BAD else Leaf(fact, op, value)

    def _programme(self, raw, path):
        """`programme: ID`: approval under another programme, tested on the question that lists approvals."""
        if len(raw) != 1:
            others = ", ".join(str(k) for k in raw if k != "programme")
            return self._fail(path, f"'programme' must stand alone in its test; found also: {others}")
        pid = raw["programme"]
        if not isinstance(pid, str) or not pid:
            return self._fail(
                path + ("programme",),
                "'programme' takes the id of another programme: its rule file's name without .yaml",
            )
        listing = [q for q in self.questions.values() if q.lists_programmes]
        if not listing:
            return self._fail(
                path + ("programme",),
                "no question lists the approvals a company holds: mark one multi question 'lists_programmes: true' "
                "in rules/questions.yaml",
            )
        question = listing[0]
        if pid not in [o.value for o in question.options]:
            return self._fail(
                path + ("programme",),
                f"add an option '{pid}' to the question '{question.id}' (rules/questions.yaml), so that a company "
                f"can say it already holds an approval under '{pid}'",
            )
        self.programme_refs.append((path + ("programme",), pid))
        return Leaf(question.id, "programme", pid)

    def _value(self, op, value, question, path):
        if op == "answered":
            return value if isinstance(value, bool) else self._bad(path, "'answered' takes true or false")
        if op in ("at_least", "at_most"):
            return self._param(value, question, path)
        if question.type == "yes_no":
            return (
                value
                if isinstance(value, bool)
                else self._bad(path, "a yes/no question is compared with true or false")
            )
        many = op in ("one_of", "includes_any")
        values = value if many else [value]
        if many and (not isinstance(value, list) or not value):
            return self._bad(path, f"'{op}' takes a list of option values")
        allowed = [o.value for o in question.options]
        for v in values:
            if v not in allowed:
                return self._bad(path, f"'{question.id}' has no option '{v}'; its options are: {', '.join(allowed)}")
        return tuple(values) if many else value

    def _param(self, name, question, path):
        if isinstance(name, (bool, int, float)):
            return self._bad(
                path, f"write the threshold {name} as a named, dated parameter under 'parameters' and use its name here"
            )
        if not isinstance(name, str) or name not in self.parameters:
            return self._bad(path, f"undefined parameter '{name}' (define it under 'parameters')")
        unit = self.parameters[name].unit
        if unit not in UNIT_FOR_TYPE[question.type]:
            return self._bad(
                path,
                f"parameter '{name}' is in {unit}, which cannot be compared with '{question.id}' ({question.type})",
            )
        return name

    def _bad(self, path, message):
        self.located.problem(path, message)
        return _BAD


_BAD = object()
