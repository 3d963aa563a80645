"""Reading a rule file in one pass (webapp/rulebook/yamlsource.py) gives what PyYAML's safe constructor gives, with
the same line for every key and item and the same duplicate keys reported."""

import pytest
import yaml

from bench.synthetic import programme_text
from tests.support.app import RULES
from webapp.rulebook import yamlsource
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
    return data, lines, [str(p) for p in problems]


def read(text, name="f.yaml"):
    """What parse_text gives, with its tree of lines as one dict of whole paths, and every line looked up there."""
    located = parse_text(text, name)
    lines = located.lines.paths()
    for path, line in lines.items():
        assert located.line(path) == line
        assert located.line((*path, "not there")) == line
    return located.data, lines, [str(p) for p in located.problems]


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_file_reads_as_pyyaml_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert read(text) == by_pyyaml(text)


@pytest.mark.parametrize("i", [0, 1, 2, 3, 9, 13])
def test_generated_programmes_read_as_pyyaml_reads_them(i):
    text = programme_text(i, 100)
    assert read(text) == by_pyyaml(text)


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
