"""Permission-matrix entries for the proposals app (see gonghui.core.tests.matrix)."""

MATRIX: dict = {}
API_MATRIX: dict = {}
POST_DATA: dict = {}
BUSINESS_MODELS: list = []


def objects(tree, side, base) -> dict:
    return {}
