"""Reading a rule file in one pass (webapp/rulebook/yamlsource.py), or with the quick reader of plain block YAML
(webapp/rulebook/blockyaml.py), gives what PyYAML's safe constructor gives, with the same line for every key and
item and the same duplicate keys reported. Data are compared by their repr, so that 1, 1.0 and True differ."""

import random

import pytest
import yaml

from bench.synthetic import programme_text
from tests.support.app import RULES
from webapp.rulebook import blockyaml, yamlsource
from webapp.rulebook.located import Lines
from webapp.rulebook.yamlsource import parse_text


class Reference(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader with its own resolver, less the dates (they stay text in rule files)."""

    yaml_implicit_resolvers = yamlsource._Loader.yaml_implicit_resolvers


def by_pyyaml(text, name="f.yaml"):
    """What parse_text gave before: the line walk, then PyYAML's constructor over the same node."""
    lines, problems = {}, []
    node = yaml.compose(text, Loader=Reference)
    yamlsource._walk(node, (), lines, problems, name)
    data = yamlsource._Loader("").construct_document(node)
    return repr(data), lines, [str(p) for p in problems]


def read(text, name="f.yaml"):
    """What parse_text gives, with its tree of lines as one dict of whole paths, and every line looked up there."""
    located = parse_text(text, name)
    lines = located.lines.paths()
    for path, line in lines.items():
        assert located.line(path) == line
        assert located.line((*path, "not there")) == line
    return repr(located.data), lines, [str(p) for p in located.problems]


def quick(text):
    """What the quick reader gives, as `read` gives it, or None where it leaves the text to PyYAML."""
    found = blockyaml.read(text, yamlsource._QUICK)
    return None if found is None else (repr(found[0]), Lines(found[1]).paths(), [])


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_file_reads_as_pyyaml_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert read(text) == by_pyyaml(text)


@pytest.mark.parametrize("i", [0, 1, 2, 3, 9, 13])
def test_generated_programmes_read_as_pyyaml_reads_them_and_the_quick_reader_takes_them(i):
    text = programme_text(i, 100)
    assert read(text) == by_pyyaml(text)
    assert quick(text) == by_pyyaml(text)


ODD = [
    "a: 1\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 1.5e3\nf: .inf\ng: yes\nh: No\ni: ~\nj: null\nk: ''\nl: '123'\nm: !!str 12\n",
    "a: 1\na: 2\nb:\n  c: 1\n  c:\n    d: [1, 2]\n",  # duplicate keys: the last value wins, each reported
    "a:\n  b: 1\n  c: [x, {y: z}]\nd: 0\na:\n  - y\n  - c: 2\na: text\n",  # the lines of all three values are kept
    "base: &b {x: 1}\nother:\n  <<: {y: 2}\n  z: 3\n",  # a merge key
    "1: one\ntrue: yes\nnull: x\n",  # keys that are not text
    "- a\n- - b\n  - c\n- {d: e, f: [g, {h: i}]}\n- >-\n  folded\n  text\n- |\n  literal\n  text\n",
    "when: 2024-01-01\nat: 12:30:00\nplain: 'some text: with colon'\n",
    "!!map {a: !!seq [1, 2], b: !!int '3', c: !!float '1.5', d: !!bool 'true', e: !!null ''}\n",
]


@pytest.mark.parametrize("text", ODD)
def test_unusual_yaml_reads_as_pyyaml_reads_it(text):
    assert read(text) == by_pyyaml(text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\nb: !python/name:os.system x\n", "a: 1\n? [b, c]\n: d\n", "a: 1\nb: !!str [c, d]\n", "a: 1\nb: !!map [c]\n"],
)
def test_what_pyyaml_cannot_build_is_still_reported_with_its_line(text):
    located = parse_text(text, "f.yaml")
    assert located.data is None and [p.line for p in located.problems] == [2]


def test_the_tag_of_a_plain_text_is_worked_out_once_and_stays_right():
    texts = ("yes", "Yes", "1_000", "0o17", "1e3", "x", "~", "", "NULL", "true", "Your company", "no one", "Off")
    for text in (*texts, "off", "-1", "+.5", ".inf", ".NaN", "<<", "=", "!x", "&a", "*b", "1:30", "2024-01-01"):
        expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
        if expected == "tag:yaml.org,2002:timestamp":
            continue
        assert yamlsource._Loader("").resolve(yaml.ScalarNode, text, (True, False)) == expected
        assert yamlsource._Loader("").resolve(yaml.ScalarNode, text, (True, False)) == expected
        assert yamlsource._Loader("").resolve(yaml.ScalarNode, text, (False, True)) == "tag:yaml.org,2002:str"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_quick_reader_reads_the_bundled_files_that_have_no_braces(path):
    text = path.read_text(encoding="utf-8")
    if "{fact" in text:  # conditions written in braces (the questionnaire): left to PyYAML
        assert quick(text) is None
    else:
        assert quick(text) == by_pyyaml(text)


# Texts in the plain block YAML the quick reader reads: each must read as PyYAML reads it.
PLAIN_BLOCK = [
    "a: 1\nb: text with - and a colon:less word\nc: x\n",
    "a: a plain text\n  carried on\n\n  after an empty line\n   \n\n  and two\nb: 2\n",
    "a: >-\n  folded\n  text\n\n  new paragraph\n\n\n  two empty lines\nb: x\n",
    "a: >\n  folded, one line break kept\n\n\nb: |\n  literal\n  text\n\n  kept\nc: |-\n  stripped\n",
    "a:\n  - one\n  - two: 2\n    three: [x, y_z]\n  - 'it''s'\n  - \"quoted: text\"\n  - []\n  - {}\nb: null\n",
    "a:\n- indentless\n- list\nb:\n  c:\n  - d\n  e:\n\n# a comment\n  f: ~\n",
    "- k: v\n  l:\n  - x\n  m: >-\n    folded\n    under an item\n- plain item\n  carried on\n- 0x1F\n- 1_000\n",
    'a: "joined \\\n  over lines \\\n  with backslashes"\nb: "x"\n',
    "a: >-\n  # not a comment\n  text\n# a comment\nb: yes\nc: No\nd: 1.5e3\ne: .inf\nf: 2024-01-01\ng: 12:30\n",
    "a:    spaced   \nb:\nc: '  kept  '\nd: 'a''b''''c'\ne: 'https://x.org/#y'\nf: C# and x#y\n",
    "zh-Hant: 中文：全形冒號\nzh_Hans: 简体\n_x: é\n",
    # Names read as keys before (the reader looks them up without its pattern) written as texts, and as keys again.
    "fintech: 1\nlist:\n- fintech\n- fintech: x\n- fintech:\n    a: 1\nb: fintech\nc:  fintech\nfintech2: fintech:x\n",
    "x" * 126 + ":\n  " + "x" * 126 + ": 1\n",
]

# Texts the quick reader must leave to PyYAML: errors, and YAML it does not read.
NOT_PLAIN_BLOCK = [
    "a: 1\na: 2\n",  # a duplicate key
    "a: 1\n b: 2\n",  # indentation that fits no block
    "a:\n  b: 1\n c: 2\n",
    "a: x: y\n",
    "a: text # comment\n",
    "a: text\n# comment\n  more\n",
    "a: 'open\n",
    'a: "escape \\n"\n',
    "a: [yes, no]\n",
    "a: {b: c}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: -1\n",
    "- - x\n",
    "-\n  a: 1\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "\ufeffa: b\n",
    "a: b",
    "---\na: b\n",
    "a: >+\n  kept\n\n",
    "a: >-\n    more\n  less\n",
    "a: >-\n  text \nb: 1\n",
    "a: |\n\n  leading empty line\n",
    "on: x\n",
    "1: x\n",
    "? a\n: b\n",
    "a: x\u2028y\n",
    "a:\n  - x\n - y\n",
    "fintech: 1\nfintech\n",  # a name read as a key before, as a line of its own where a key belongs
    "fintech: 1\nb:\n  fintech\n  c: 2\n",
    "a: 1\na:  2\n",  # a duplicate key after two spaces
    "x" * 127 + ":\n  " + "x" * 127 + ": 1\n",  # a name the reader took as `name:` is too long as `name: text`
    "text only\n",
    "",
    "".join(" " * (2 * i) + "k:\n" for i in range(2000)),  # nested deeper than Python's recursion limit
]


@pytest.mark.parametrize("text", PLAIN_BLOCK)
def test_the_quick_reader_reads_plain_block_yaml_as_pyyaml_does(text):
    assert quick(text) is not None
    assert quick(text) == by_pyyaml(text)


@pytest.mark.parametrize("text", NOT_PLAIN_BLOCK)
def test_the_quick_reader_leaves_errors_and_other_yaml_to_pyyaml(text):
    assert quick(text) is None


SLIPS = [" ", " # c", ":", ": x", "\\", "'", '"', "\n", "\n  ", "\n\n"]
VALUES = [
    ":",
    ": '",
    ': "',
    ": |\n   ",
    ": >-\n\n  ",
    ":\n    ",
    ": - ",
    ": yes",
    ": 0x1F",
    ": [a, b]",
    ": ~",
    ": [on]",
]
EDITS = [  # what an editor's slip may do to a line
    lambda line, r: " " * r.randint(1, 3) + line,
    lambda line, r: line[r.randint(1, 3) :],
    lambda line, r: line + r.choice(SLIPS),
    lambda line, r: line.replace(": ", r.choice(VALUES), 1),
    lambda line, r: line.replace("- ", r.choice(["-", "  - ", "- - ", "- k: "]), 1),
    lambda line, r: line.replace(r.choice("ae -:"), r.choice(["\\", "'", '"', ": ", " #", "\t", "", "\n    "]), 1),
    lambda line, r: line + "\n" + line,
    lambda line, r: "#" + line,
]


def test_edited_files_the_quick_reader_reads_read_as_pyyaml_reads_them():
    """Edits of bundled and generated files: wherever the quick reader reads the result, PyYAML reads it with no
    error and gives the same data and lines (and no duplicate key)."""
    rng = random.Random(20261202)
    texts = [p.read_text(encoding="utf-8") for p in sorted(RULES.glob("*.yaml"))]
    texts += [programme_text(i, 50) for i in range(8)]
    read_quickly = 0
    for _ in range(1500):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            lines[i] = rng.choice(EDITS)(lines[i], rng)
        text = "\n".join(lines)
        found = quick(text)
        if found is not None:
            read_quickly += 1
            assert found == by_pyyaml(text), text
    assert read_quickly > 300


def test_rules_check_reads_every_file_with_pyyaml_too_and_reports_any_file_the_two_readers_disagree_on(
    rules_copy, monkeypatch
):
    from tests.support.cli import run
    from webapp.rulebook import blockyaml
    from webapp.rulebook.yamlsource import DISAGREE

    assert run(rules_copy, "check", "--strict").exit_code == 0  # the readers agree on every bundled file
    read = blockyaml.read

    def misread(text, scalars):  # a reader that reads one figure of one file wrongly
        found = read(text, scalars)
        if found is not None and "id: nias\n" in text:
            found[0]["parameters"]["max_funding"]["values"][0]["value"] += 1
        return found

    monkeypatch.setattr(blockyaml, "read", misread)
    result = run(rules_copy, "check")
    assert result.exit_code == 1 and f"rules/nias.yaml:1: {DISAGREE}" in result.output
    assert "rules/ess.yaml" not in result.output  # the files read alike are served as read
