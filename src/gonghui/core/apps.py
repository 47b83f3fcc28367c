from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Django 6.1's label for an empty choice, which its zh_Hans catalog does not translate yet: named here so that
# `make messages` keeps it in locale/zh_Hans (translated there) instead of dropping it as obsolete.
gettext_noop("- Select an option -")


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, signals  # noqa: F401  (system checks; audit receivers for login events)

        # Every app's rule pack, and what it adds to the menu, the demo, the daily sweeps and the work desk
        # (core.registry).
        autodiscover_modules("rules", "hooks")
