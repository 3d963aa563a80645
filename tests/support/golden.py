"""What the API answers and what the results page says for the reference companies, kept to compare before and after.

Performance work must not change a verdict, an amount or a word: tests/test_golden_answers.py compares today's
answers kept in tests/data/golden_answers.json: for each company and language, a SHA-256 of the API's full answer and
of the page's words, and the verdicts and amounts in plain sight so that a difference in them reads as such. A
change to rules/ or to the wording changes them on purpose: then run `.venv/bin/python -m tests.support.golden --write`,
read what it prints, and commit the new file. To see which words changed, run the same command at both commits
with `--dump FILE` and diff the files.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.support.app import RULES, TODAY, make_app
from tests.support.companies import COMPANIES
from tests.support.profiles import PROFILES, STRONG
from webapp.rulebook.yamlsource import parse_file
from webapp.web.tokens import make_token

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden_answers.json"
LANGUAGES = ("en", "zh-Hant", "zh-Hans")
SECRET = "test-secret"


def companies() -> dict:
    """name -> answers: the reference companies of rules/, the hand-picked profiles and the five companies."""
    reference = parse_file(RULES / "_reference_companies.yaml").data["companies"]
    found = {f"reference: {c['id']}": c["answers"] for c in reference}
    found.update({f"profile: {name}": answers for name, answers in PROFILES.items()})
    found.update({f"company: {name}": answers for name, answers in COMPANIES.items()})
    found["strong"] = STRONG
    return found


class _Text(HTMLParser):
    """The words of a page: text nodes only, with the whitespace of templates squeezed."""

    def __init__(self):
        super().__init__()
        self.parts: list = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


def page_words(html: str) -> list:
    parser = _Text()
    parser.feed(html)
    return parser.parts


_TOKEN = re.compile(r"answers=[A-Za-z0-9_\-=%]+")


def collect() -> dict:
    """key -> what was answered: the API's full JSON and the page's words, per company and language."""
    app = make_app()
    client = app.test_client()
    found = {}
    for name, answers in companies().items():
        token = make_token(SECRET, answers)
        for lang in LANGUAGES:
            response = client.post(f"/api/v1/check?lang={lang}&detail=full", json={"answers": answers, "as_of": TODAY})
            assert response.status_code == 200, (name, lang, response.get_data(as_text=True)[:300])
            data = response.get_json()
            data.pop("rules_version", None)
            data.pop("detail", None)  # added with the summary answer: the full answer is what was kept
            found[f"api {lang} {name}"] = data
            page = client.get(f"/results?answers={token}&lang={lang}")
            assert page.status_code == 200, (name, lang)
            words = [_TOKEN.sub("answers=…", w) for w in page_words(page.get_data(as_text=True))]
            found[f"page {lang} {name}"] = [w for w in words if not re.fullmatch(r"[0-9a-f]{12,}", w)]
    return found


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def summarise(found: dict) -> dict:
    """key -> what is kept: the digest, and for API answers the plan and each programme's verdict and amount."""
    kept = {}
    for key, value in found.items():
        entry = {"sha256": _digest(value)}
        if key.startswith("api "):
            plan = value["funding_plan"]
            entry["plan"] = [plan["total_hkd"], plan["programmes"], plan["tax_deductions_hkd"]]
            entry["results"] = {r["id"]: [r["verdict"], r["group"], r["estimate_hkd"]] for r in value["results"]}
        kept[key] = entry
    return kept


def load() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def differences(old: dict, new: dict, limit: int = 20) -> list:
    """Readable lines for what differs, at most `limit`."""
    lines = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None or b is None:
            lines.append(f"{key}: {'added' if a is None else 'gone'}")
        else:
            lines.extend(f"{key}: {line}" for line in _diff(a, b, ""))
        if len(lines) >= limit:
            break
    return lines[:limit]


def _diff(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            yield from _diff(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path or '/'}: {json.dumps(a, ensure_ascii=False)[:160]} -> {json.dumps(b, ensure_ascii=False)[:160]}"


def main(argv) -> int:
    found = collect()
    if "--dump" in argv:
        dump = Path(argv[argv.index("--dump") + 1])
        dump.write_text(json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        print(f"wrote every answer in full to {dump}")
    new = summarise(found)
    if "--write" in argv:
        if GOLDEN.exists():
            for line in differences(load(), new, limit=200):
                print(line)
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(new, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN} ({len(new)} answers)")
        return 0
    lines = differences(load(), new)
    print("\n".join(lines) or "no difference")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
