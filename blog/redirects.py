"""Old Decentralization.Net addresses kept as Wagtail redirects (wagtail.contrib.redirects: the
middleware answers them only where the portal itself has nothing, on a 404).

Wagtail's import (`manage.py import_redirects`) takes only absolute targets; an export of the old
site lists the new addresses as paths. Here a path that is a page of the blog becomes a redirect to
that page (it follows the page if its slug changes later), any other path an address on SITE_URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.models import Page, Site


def page_at(path: str, site: Site) -> Page | None:
    """The page of `site` at `path` (a path alone, no query string), or None."""
    relative = path.strip("/")
    url_path = site.root_page.url_path + (relative + "/" if relative else "")
    return Page.objects.filter(url_path=url_path).first()


class ImportedRedirectForm(RedirectForm):
    """Wagtail's redirect form for a row of an import, where the target may be a path."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = self.with_target_resolved(dict(data))
        super().__init__(data, *args, **kwargs)

    @staticmethod
    def with_target_resolved(data: dict) -> dict:
        target = (data.get("redirect_link") or "").strip()
        if not target.startswith("/") or target.startswith("//"):
            return data  # absolute (or invalid): Wagtail's own validation decides
        parts = urlsplit(target)
        site = (
            Site.objects.filter(pk=data["site"]).first()
            if data.get("site")
            else Site.objects.filter(is_default_site=True).first()
        )
        page = (
            page_at(parts.path, site) if site and not parts.query and not parts.fragment else None
        )
        if page is not None:
            return {**data, "redirect_page": page.pk, "redirect_link": ""}
        return {**data, "redirect_link": settings.SITE_URL + target}

    def clean(self):
        cleaned_data = super().clean()
        # Wagtail's form saves a row with no target: a redirect that leads nowhere.
        if not self.errors and not (
            self.cleaned_data.get("redirect_page") or self.cleaned_data.get("redirect_link")
        ):
            raise ValidationError(_("The row gives no new address."))
        return cleaned_data
