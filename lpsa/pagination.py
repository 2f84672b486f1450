import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CachedCountPaginator(Paginator):
    """Remembers each query's total for a minute.

    The rows of a page come from an index and cost the same at any size; an exact COUNT(*)
    reads every matching row, so at 100,000 members it would be most of the page's time.
    A directory total a minute old is fine; the rows themselves are always fresh.
    """

    count_timeout = 60

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"paginator-count:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, self.count_timeout)
        return total
