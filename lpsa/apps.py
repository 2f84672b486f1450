from django.apps import AppConfig


class LpsaConfig(AppConfig):
    name = "lpsa"
    verbose_name = "LPSA portal"
