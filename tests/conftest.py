from gonghui.orgs.tests.conftest import tree  # noqa: F401  (the shared org tree fixture)
