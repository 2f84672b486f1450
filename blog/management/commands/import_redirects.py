"""Wagtail's `import_redirects` (same options: --src, --from, --to, --site, --dry-run, ...), taking
targets given as paths too (blog.redirects): this app comes before wagtail.contrib.redirects in
INSTALLED_APPS, so `manage.py import_redirects` is this one."""

from wagtail.contrib.redirects.management.commands import import_redirects as wagtail_import

from blog.redirects import ImportedRedirectForm


class Command(wagtail_import.Command):
    def handle(self, *args, **options):
        # Wagtail's command reads and reports each row with the form its module names; that name
        # is the one seam it offers, and a management command is a process of its own.
        wagtail_form = wagtail_import.RedirectForm
        wagtail_import.RedirectForm = ImportedRedirectForm
        try:
            return super().handle(*args, **options)
        finally:
            wagtail_import.RedirectForm = wagtail_form
