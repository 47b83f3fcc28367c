"""Every registered rule is consulted by some code path, not only listed in the catalogue (issue 13: rules
registered but used by no workflow are used or removed).

A rule is consulted when code outside its registration names its id as a string ("agreement.filing") or
the constant it is bound to (rules.ANSWER_DEADLINE). Comments and docstrings do not count: the Python is
read as tokens, so a rule cited in prose only is reported."""

import io
import tokenize
from pathlib import Path

from gonghui.core.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent / "src" / "gonghui"


def _sources():
    for path in sorted(ROOT.rglob("*")):
        if path.suffix in {".py", ".html"} and not {"tests", "migrations"} & set(path.parts):
            yield path


def _code_tokens(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(names used, string literals used, constants a rule is registered under), comments and docstrings left
    out, and a registration's own `id="…"` and `NAME = register(` not counted as a use."""
    names, strings, bound = [], [], []
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    ]
    for i, token in enumerate(tokens):
        before = [t.string for t in tokens[max(0, i - 2) : i]]
        after = [t.string for t in tokens[i + 1 : i + 3]]
        if token.type == tokenize.NAME:
            if after == ["=", "register"]:
                bound.append(token.string)
            else:
                names.append(token.string)
        elif token.type == tokenize.STRING and before != ["id", "="]:
            strings.append(token.string.strip("\"'"))
    return names, strings, bound


def test_every_registered_rule_is_consulted_by_code():
    names, strings, bound, html = set(), set(), {}, ""
    for path in _sources():
        if path.suffix == ".html":
            html += path.read_text()
            continue
        used_names, used_strings, constants = _code_tokens(path)
        names |= set(used_names)
        strings |= set(used_strings)
        for constant in constants:
            bound[constant] = path
    constants_of = {rule_id: set() for rule_id in REGISTRY}
    for path in _sources():
        if path.name == "rules.py":
            text = path.read_text()
            for constant in [c for c, p in bound.items() if p == path]:
                start = text.index(f"{constant} = register(")
                rule_id = text[start:].split('id="', 1)[1].split('"', 1)[0]
                constants_of[rule_id].add(constant)
    unused = [
        rule_id
        for rule_id in sorted(REGISTRY)
        if rule_id not in strings and f'"{rule_id}"' not in html and not constants_of[rule_id] & names
    ]
    assert unused == [], f"registered but consulted by no code: {unused}"


def test_the_check_finds_a_rule_cited_in_prose_only(tmp_path):
    source = tmp_path / "rules.py"
    source.write_text(
        'X_LIMIT = register(Rule(id="x.limit", value=1))\n'
        "# x.limit and X_LIMIT are only mentioned here\n"
        'def f():\n    """Uses X_LIMIT, "x.limit"."""\n'
    )
    names, strings, bound = _code_tokens(source)
    assert bound == ["X_LIMIT"] and "X_LIMIT" not in names and "x.limit" not in strings
