"""Chinese outline numbers (一、（一）1.（1）) from an item's level and its place among its siblings."""

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (a plan never has a hundred sections)."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def outline_number(level: int, position: int) -> str:
    """The number written before an item: level 1 一、, level 2 （一）, level 3 1., level 4 （1）."""
    if level == 1:
        return f"{chinese_numeral(position)}、"
    if level == 2:
        return f"（{chinese_numeral(position)}）"
    if level == 3:
        return f"{position}."
    return f"（{position}）"
