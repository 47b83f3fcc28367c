from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "gonghui.voting"
    label = "voting"
    verbose_name = "表决"
