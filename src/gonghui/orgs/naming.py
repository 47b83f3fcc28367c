"""Pinyin for names: initials for searching by the letters people type on a phone (张三丰 → zsf), and the full
reading for sorting a roster the way a Chinese reader expects (蔡, 曹, 陈, 程 — not by code point)."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# Surnames whose reading differs from the character's common one (单 is Shàn as a surname, not dān).
SURNAME_READINGS = {
    "单": "s",
    "解": "x",
    "仇": "q",
    "区": "o",
    "查": "z",
    "曾": "z",
    "朴": "p",
    "盖": "g",
    "乐": "y",
    "尉迟": "yc",
    "万俟": "mq",
    "缪": "m",
    "覃": "q",
    "翟": "z",
    "种": "c",
    "召": "s",
    "长孙": "zs",
}

# The same surnames, read in full, for the sort key.
SURNAME_SYLLABLES = {
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "曾": "zeng",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "尉迟": "yu chi",
    "万俟": "mo qi",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "种": "chong",
    "召": "shao",
    "长孙": "zhang sun",
}
_KEY_LENGTH = 200

load_phrases_dict({})  # warms pypinyin's dictionaries at import, not on the first request


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    name = name.strip()
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            rest = name[len(surname) :]
            return SURNAME_READINGS[surname] + _initials(rest)
    # The surname is read on its own, so a one-character search can rely on the first letter (surname_letters).
    return _initials(name[:1]) + _initials(name[1:])


def surname_letters(char: str) -> set[str]:
    """The first letters under which names starting with `char` are indexed (尉 → {w, y}: 尉, 尉迟)."""
    letters = {name_initials(char)[:1]} | {r[0] for s, r in SURNAME_READINGS.items() if s.startswith(char)}
    return letters - {""}


def _initials(text: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore") if p).lower()[
        :50
    ]


@lru_cache(maxsize=65536)
def name_sort_key(name: str) -> str:
    """The name's toneless pinyin, syllable by syllable (陈晨 → "chen chen"): sorting on it puts 蔡 before 曹
    before 陈 before 程, with the surname read as a surname. Letters and digits in the name are kept."""
    name = name.strip()
    for surname in sorted(SURNAME_SYLLABLES, key=len, reverse=True):
        if name.startswith(surname):
            return f"{SURNAME_SYLLABLES[surname]} {_syllables(name[len(surname) :])}".strip()[:_KEY_LENGTH]
    return _syllables(name)[:_KEY_LENGTH]


def _syllables(text: str) -> str:
    return " ".join(p for p in lazy_pinyin(text, style=Style.NORMAL) if p.strip()).lower()
