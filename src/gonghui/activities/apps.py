from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动与培训"
    urls_first = (
        True  # 2,000 check-ins a minute from phones (core.registry.app_modules; bench/checkin_storm.py)
    )
