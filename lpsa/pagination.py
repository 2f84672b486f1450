"""Paging for lists over tables that grow (members, posts, downloads).

An exact COUNT(*) reads every matching row, so at 100,000 members it would be most of a page's
time, and a cached one goes stale (a member who just joined would be missing from the last page).
`CappedCountPaginator` counts exactly up to a cap and says "1,000+" beyond it; the pages
themselves never depend on the total: each fetches one row more than it shows to know whether a
next page exists. Every list renders templates/includes/pagination.html.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

COUNT_CAP = 1000


class CappedCountPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        """The exact total up to the cap, else cap + 1 (read through `is_capped`)."""
        if hasattr(self.object_list, "query"):
            rows = self.object_list
            if not rows.query.distinct_fields:
                rows = rows.order_by()  # the count needs no order, and sorting cost half of it
            return rows[: self.count_cap + 1].count()
        return min(len(self.object_list), self.count_cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.count_cap

    @property
    def count_display(self) -> str:
        from django.contrib.humanize.templatetags.humanize import intcomma

        if self.is_capped:
            return _("%(count)s+") % {"count": intcomma(self.count_cap)}
        return intcomma(self.count)

    @cached_property
    def num_pages(self) -> int | None:
        """None while the total is past the cap: the number of pages is not known then."""
        if self.is_capped:
            return None
        return super().num_pages

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("That page number is not an integer")) from exc
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if self.num_pages is not None and number > self.num_pages:
            if number == 1 and self.allow_empty_first_page:
                return number
            raise EmptyPage(_("That page contains no results"))
        return number

    def page(self, number) -> "WindowPage":
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # One row more than shown tells whether there is a next page without a total.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return WindowPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class WindowPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def page_or_404(request, queryset, per_page: int) -> tuple[CappedCountPaginator, Page]:
    """The paginator and the page the query string asks for; a page that is not a number or
    lies past the end is a 404 (a hand-edited URL, not a page to fall back from)."""
    paginator = CappedCountPaginator(queryset, per_page)
    try:
        return paginator, paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404 from exc
