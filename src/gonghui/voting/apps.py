from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "gonghui.voting"
    label = "voting"
    verbose_name = "表决"
    urls_first = True  # 800 votes a minute from phones (core.registry.gonghui_apps)

    def ready(self) -> None:
        from . import checks  # noqa: F401  (PostgreSQL logging settings that would break ballot secrecy)
