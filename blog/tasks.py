from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): posts whose go-live time has come are published and
    those past their expiry unpublished, by Wagtail's own command."""
    call_command("publish_scheduled")
