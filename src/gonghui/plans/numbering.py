"""Chinese outline numbers (一、（一）1.（1）) from an item's level and its place among its siblings."""

from gonghui.core.documents import chinese_number


def outline_number(level: int, position: int) -> str:
    """The number written before an item: level 1 一、, level 2 （一）, level 3 1., level 4 （1）."""
    if level == 1:
        return f"{chinese_number(position)}、"
    if level == 2:
        return f"（{chinese_number(position)}）"
    if level == 3:
        return f"{position}."
    return f"（{position}）"
