"""The newsletter's public pages. (Scaffold: the full pages come with the views' commit.)"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletter import services, tokens
from newsletter.models import ConsentRecord, MailingList, Subscriber


def _not_yet(request, *args, **kwargs):
    raise Http404


subscribe = check_inbox = confirm = preferences = manage = archive = issue = _not_yet


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        subscriber_id, list_id = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        raise Http404 from None
    subscriber = get_object_or_404(Subscriber, pk=subscriber_id)
    mailing_list = get_object_or_404(MailingList, pk=list_id) if list_id else None
    if request.method == "POST":
        services.unsubscribe(
            subscriber=subscriber,
            mailing_list=mailing_list,
            provenance=services.Provenance(
                method=ConsentRecord.Method.ONE_CLICK,
                source=request.path,
                ip_address=request.META.get("REMOTE_ADDR"),
            ),
        )
        return HttpResponse("unsubscribed")
    return HttpResponse("unsubscribe?")
