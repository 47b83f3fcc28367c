"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of employers and union organisations.

Layout: registration authority (1, e.g. 9 = market regulation, 8 = trade unions), organisation type (1),
region (6), the old organisation code (9, GB 11714, with its own check digit) and a check character (1).
The first two parts are not checked: new authorities get letters over time and a stale list would
reject real codes.
"""

import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.text import CellValueError, remove_whitespace, to_halfwidth

# I, O, Z, S and V are left out because they are easily confused with 1, 0, 2, 5 and U.
_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CHAR_VALUES = {char: value for value, char in enumerate(_CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^i mod 31

# GB 11714 organisation code: 8 body characters valued 0-9, A=10 ... Z=35, then a MOD 11 check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHECK_CHARS = "0123456789X0"

_BAD_CHARS_RE = re.compile(rf"[^{_CHARSET}]")

_DEMO_PREFIX = "91320102"  # enterprise registered in Nanjing Xuanwu district


class CreditCodeError(CellValueError):
    """A unified social credit code the user has to correct."""


def normalize_credit_code(raw: str) -> str:
    """Undo typing noise (spaces, hyphens, full-width characters, lower case) without judging validity."""
    return remove_whitespace(to_halfwidth(raw)).replace("-", "").upper()


def validate_credit_code(raw: str) -> str:
    """Return the canonical 18-character code or raise `CreditCodeError` saying what to fix.

    The embedded organisation code is checked before the overall check character: a typo in
    characters 9-17 usually breaks both, and the narrower message tells the user where to look.
    """
    code = normalize_credit_code(raw)
    _check_length(code)
    _check_charset(code)
    if code[16] != _org_check_char(code[8:16]):
        raise CreditCodeError(
            _("统一社会信用代码第9–17位（原组织机构代码）校验不通过，请对照营业执照或登记证书核对"),
            code="org_code",
        )
    expected = _check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            format_lazy(
                _(
                    "统一社会信用代码校验位错误：按前17位计算最后一位应为 {expected}，"
                    "请对照证照逐位核对，不要只改最后一位"
                ),
                expected=expected,
            ),
            code="check_digit",
        )
    return code


def make_credit_code(seed: int, *, region: str = _DEMO_PREFIX[2:]) -> str:
    """Build a valid code deterministically from a non-negative integer, for demo data and tests.

    Distinct seeds below 10^8 give distinct codes; the seed becomes the organisation code body. `region` is
    the six-digit administrative division code of the registering authority.
    """
    if seed < 0:
        raise ValueError("seed must be non-negative")
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError("region must be a six-digit division code")
    body16 = f"{_DEMO_PREFIX[:2]}{region}{seed % 10**8:08d}"
    body17 = body16 + _org_check_char(body16[8:])
    return body17 + _check_char(body17)


def _check_length(code: str) -> None:
    """Reject wrong lengths, recognising the older identifiers people still copy from old certificates."""
    if len(code) == 18:
        return
    if not code:
        raise CreditCodeError(_("统一社会信用代码未填写"), code="empty")
    if len(code) == 15 and code.isdigit():
        message = _("这像是旧的15位工商注册号，请改填营业执照上的18位统一社会信用代码")
    elif len(code) == 9:
        message = _("这像是旧的9位组织机构代码，请改填证照上的18位统一社会信用代码")
    else:
        message = format_lazy(_("统一社会信用代码应为18位，当前为{length}位"), length=len(code))
    raise CreditCodeError(message, code="length")


def _check_charset(code: str) -> None:
    bad_chars = "".join(dict.fromkeys(_BAD_CHARS_RE.findall(code)))
    if bad_chars:
        raise CreditCodeError(
            format_lazy(
                _(
                    "统一社会信用代码含有无效字符“{chars}”：代码中不使用字母 I、O、Z、S、V，"
                    "请检查是否把数字 1、0、2、5 写成了字母"
                ),
                chars=bad_chars,
            ),
            code="chars",
        )


def _check_char(body17: str) -> str:
    total = sum(_CHAR_VALUES[char] * weight for char, weight in zip(body17, _WEIGHTS, strict=True))
    return _CHARSET[-total % 31]


def _org_check_char(body8: str) -> str:
    total = sum(int(char, 36) * weight for char, weight in zip(body8, _ORG_WEIGHTS, strict=True))
    return _ORG_CHECK_CHARS[11 - total % 11]
