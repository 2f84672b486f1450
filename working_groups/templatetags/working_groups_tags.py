from django import template

from working_groups.models import WorkingGroup

register = template.Library()

SUGGESTIONS_SHOWN = 3


@register.inclusion_tag("working_groups/includes/suggested_groups.html", takes_context=True)
def suggested_working_groups(context):
    """The working groups app's panel on the member home: groups matching the interests the
    member gave at sign-up, with a one-click join. One query."""
    request = context["request"]
    groups = list(
        WorkingGroup.objects.suggested_for(request.user).order_by("kind", "name", "pk")[
            :SUGGESTIONS_SHOWN
        ]
    )
    return {"groups": groups, "request": request, "csrf_token": context.get("csrf_token")}
