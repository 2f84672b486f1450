from celery import shared_task

from library.downloads import forget_old_downloads


@shared_task
def forget_download_visitors() -> None:
    """Hourly: who downloaded what is kept 24 hours, a day's salt two days."""
    forget_old_downloads()
