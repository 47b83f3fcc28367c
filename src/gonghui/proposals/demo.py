"""Demo data for this app, built by `gonghui demo` after the area (orgs.demo.DEMO_EXTENSIONS)."""


def build(*, users, landmarks, as_of, seed) -> None:
    """Filled in by the app's demo story."""
