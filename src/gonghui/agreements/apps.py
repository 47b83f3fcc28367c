from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "gonghui.agreements"
    label = "agreements"
    verbose_name = "集体合同"
