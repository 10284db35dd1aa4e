from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hiraku.demo"
    verbose_name = "Demo municipality"
