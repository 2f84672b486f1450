"""Lists, subscribers and consent in the admin; the CSV import's page."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from newsletter import admin as newsletter_admin
from newsletter.models import ConsentRecord, Subscriber, Subscription
from tests.members.factories import MemberFactory
from tests.newsletter.factories import (
    ConsentRecordFactory,
    SubscriberFactory,
    SubscriptionFactory,
    events_list,
    newsletter_list,
)
from tests.newsletter.test_import import SUBSCRIBED_EXPORT, table_sizes

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:newsletter_subscriber_import")
SUBSCRIBERS = reverse("admin:newsletter_subscriber_changelist")
LISTS = reverse("admin:newsletter_mailinglist_changelist")
CONSENTS = reverse("admin:newsletter_consentrecord_changelist")


@pytest.fixture
def newsletter_staff(staff):
    """Staff with the newsletter's permissions (view and change; the admin grants no more)."""
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="newsletter"))
    return staff


@pytest.fixture
def newsletter_staff_client(staff_client, newsletter_staff):
    return staff_client


def upload(text: str | bytes, name: str = "subscribed_members_export.csv") -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_import(client, file, *, dry_run: bool, lists=None, wording: str = ""):
    data = {
        "file": file,
        "lists": [m.pk for m in lists or [newsletter_list()]],
        "wording": wording,
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT, data)


# --- Who may open it --------------------------------------------------------------------------


def test_a_member_opening_the_import_gets_the_portals_403_page(member_client):
    for response in (
        member_client.get(IMPORT),
        post_import(member_client, upload(SUBSCRIBED_EXPORT), dry_run=False),
    ):
        assert response.status_code == 403
        assert b"You cannot open this page" in response.content
    assert table_sizes() == (0, 0, 0)


def test_staff_who_may_not_change_subscribers_are_refused(staff_client):
    assert staff_client.get(IMPORT).status_code == 403
    response = post_import(staff_client, upload(SUBSCRIBED_EXPORT), dry_run=False)
    assert response.status_code == 403
    assert table_sizes() == (0, 0, 0)


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- The import page --------------------------------------------------------------------------


def test_the_subscriber_list_links_to_the_import_and_its_form_asks_for_a_dry_run_first(
    newsletter_staff_client,
):
    assert IMPORT.encode() in newsletter_staff_client.get(SUBSCRIBERS).content

    page = newsletter_staff_client.get(IMPORT)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="checkbox" name="dry_run"[^>]* checked>', html)
    # Every list is offered, the LPSA newsletter ticked.
    form = page.context["form"]
    assert list(form.fields["lists"].initial) == [newsletter_list().pk]
    assert events_list() in form.fields["lists"].queryset


def test_a_dry_run_shows_the_report_and_writes_nothing(newsletter_staff_client):
    text = SUBSCRIBED_EXPORT + "not-an-address,X,Y\nj.perez@example.org,Julia,Again\n"

    response = post_import(newsletter_staff_client, upload(text), dry_run=True)

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.imported, report.bad, report.dry_run) == (3, 2, True)
    html = response.content.decode()
    assert "Dry run: nothing was written" in html
    assert "<td>5</td><td>not-an-address</td>" in html
    assert "The same address as line 3." in html
    assert table_sizes() == (0, 0, 0)


def test_staff_import_a_mailchimp_export_and_see_what_happened(newsletter_staff_client):
    SubscriberFactory(email="j.perez@example.org")

    response = post_import(
        newsletter_staff_client,
        upload(SUBSCRIBED_EXPORT),
        dry_run=False,
        lists=[newsletter_list(), events_list()],
        wording="Yes, send me the LPSA newsletter.",
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.imported, report.already_present, report.bad) == (2, 1, 0)
    assert "import-problems" not in response.content.decode()
    amina = Subscriber.objects.get(email="amina.diallo@example.org")
    assert amina.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).count() == 2
    assert set(amina.consents.values_list("source", "wording")) == {
        (
            "MailChimp export subscribed_members_export.csv, line 2",
            "Yes, send me the LPSA newsletter.",
        )
    }

    again = post_import(newsletter_staff_client, upload(SUBSCRIBED_EXPORT), dry_run=False)
    assert (again.context["report"].imported, again.context["report"].already_present) == (0, 3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Organisation\nAmina,Thies\n", "This file has no email column."),
        ("email,name\nines@example.org,Inês\n".encode("latin-1"), "This file is not UTF-8 text."),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_the_reason(
    newsletter_staff_client, content, message
):
    response = post_import(newsletter_staff_client, upload(content), dry_run=False)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["report"] is None
    assert table_sizes() == (0, 0, 0)


def test_an_address_subscribing_during_the_import_leaves_nothing_half_done(
    newsletter_staff_client, monkeypatch
):
    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(newsletter_admin, "import_subscribers", collide)

    response = post_import(newsletter_staff_client, upload(SUBSCRIBED_EXPORT), dry_run=False)

    assert response.status_code == 409
    assert "nothing was imported: import the file again" in response.content.decode()


def test_a_file_over_the_cap_is_refused(newsletter_staff_client, monkeypatch):
    monkeypatch.setattr(newsletter_admin, "IMPORT_MAX_BYTES", 100)

    response = post_import(newsletter_staff_client, upload(SUBSCRIBED_EXPORT), dry_run=True)

    assert response.status_code == 400
    assert "the import takes files up to 5 MB" in response.content.decode()


def test_choosing_no_list_is_refused(newsletter_staff_client):
    response = newsletter_staff_client.post(IMPORT, {"file": upload(SUBSCRIBED_EXPORT)})
    assert response.status_code == 400
    assert "lists" in response.context["form"].errors
    assert table_sizes() == (0, 0, 0)


# --- Subscribers and their consent --------------------------------------------------------------


def test_the_subscriber_list_takes_the_same_queries_however_many_are_listed(
    newsletter_staff_client, django_assert_max_num_queries
):
    def subscribers(count: int) -> None:
        for _ in range(count):
            member = MemberFactory()
            SubscriberFactory(email=member.email, user=member)
        SubscriberFactory.create_batch(count)

    subscribers(2)
    with django_assert_max_num_queries(20) as few:
        newsletter_staff_client.get(SUBSCRIBERS)
    subscribers(20)
    with django_assert_max_num_queries(len(few)):
        response = newsletter_staff_client.get(SUBSCRIBERS)
    assert response.status_code == 200


def test_a_subscribers_consent_records_are_shown_and_never_editable(
    newsletter_staff_client, django_assert_max_num_queries
):
    record = ConsentRecordFactory(source="/newsletter/subscribe/")
    subscriber = record.subscriber
    SubscriptionFactory(subscriber=subscriber)
    change = reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])

    page = newsletter_staff_client.get(change)

    assert page.status_code == 200
    html = page.content.decode()
    assert "/newsletter/subscribe/" in html
    assert 'name="consents-0-source"' not in html
    record_page = reverse("admin:newsletter_consentrecord_change", args=[record.pk])
    assert newsletter_staff_client.get(record_page).status_code == 200  # to read
    assert newsletter_staff_client.post(record_page, {"source": "edited"}).status_code == 403
    delete = reverse("admin:newsletter_consentrecord_delete", args=[record.pk])
    assert newsletter_staff_client.post(delete, {"post": "yes"}).status_code == 403
    # Deleting the subscriber would take its records with it.
    subscriber_delete = reverse("admin:newsletter_subscriber_delete", args=[subscriber.pk])
    assert newsletter_staff_client.post(subscriber_delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.source == "/newsletter/subscribe/"


def test_staff_correct_a_name_while_the_address_its_account_and_consent_stay_as_they_are(
    newsletter_staff_client,
):
    record = ConsentRecordFactory(subscriber__name="Amina Dialo")
    subscriber = record.subscriber
    someone_else = MemberFactory()
    change = reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])

    response = newsletter_staff_client.post(
        change,
        {
            "name": "Amina Diallo",
            "language": "fr",
            "email": "changed@example.org",
            "user": str(someone_else.pk),
            # The read-only inlines' management forms, as the page sends them.
            "subscriptions-TOTAL_FORMS": "0",
            "subscriptions-INITIAL_FORMS": "0",
            "consents-TOTAL_FORMS": "1",
            "consents-INITIAL_FORMS": "1",
            "consents-0-id": str(record.pk),
            "consents-0-subscriber": str(subscriber.pk),
            "consents-0-source": "edited",
            "consents-0-wording": "edited",
        },
    )

    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.non_form_errors() for f in response.context["inline_admin_formsets"]],
    )
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.language) == ("Amina Diallo", "fr")
    assert subscriber.email != "changed@example.org"
    assert subscriber.user_id is None
    assert list(subscriber.consents.values_list("pk", "source", "wording")) == [
        (record.pk, record.source, record.wording)
    ]


def test_the_consent_records_list_is_searched_by_email(newsletter_staff_client):
    ConsentRecordFactory(subscriber__email="wanted@example.org")
    ConsentRecordFactory(subscriber__email="other@example.org")

    response = newsletter_staff_client.get(CONSENTS, {"q": "wanted@"})

    assert response.status_code == 200
    assert [r.subscriber.email for r in response.context["cl"].result_list] == [
        "wanted@example.org"
    ]


def test_the_lists_show_how_many_are_subscribed_and_how_many_receive_mail(
    newsletter_staff_client,
):
    SubscriptionFactory.create_batch(2)
    SubscriptionFactory(subscriber__suppressed_at=timezone.now())
    SubscriptionFactory(status=Subscription.Status.UNSUBSCRIBED)

    response = newsletter_staff_client.get(LISTS)

    assert response.status_code == 200
    counts = {
        m.kind: (m.subscribed_count, m.receiving_count) for m in response.context["cl"].result_list
    }
    assert counts["newsletter"] == (3, 2)
    assert counts["events"] == (0, 0)


def test_staff_suppress_and_lift_a_suppression(newsletter_staff_client, newsletter_staff):
    subscriber = SubscriptionFactory().subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(failure_count=2)

    newsletter_staff_client.post(
        SUBSCRIBERS, {"action": "suppress", "_selected_action": [subscriber.pk]}
    )

    subscriber.refresh_from_db()
    assert subscriber.is_suppressed
    assert newsletter_staff.email in subscriber.suppression_reason
    record = subscriber.consents.get()
    assert (record.action, record.method) == (
        ConsentRecord.Action.SUPPRESSED,
        ConsentRecord.Method.STAFF,
    )
    assert not Subscription.objects.active().exists()

    newsletter_staff_client.post(
        SUBSCRIBERS, {"action": "lift_suppression", "_selected_action": [subscriber.pk]}
    )

    subscriber.refresh_from_db()
    assert not subscriber.is_suppressed
    assert (subscriber.failure_count, subscriber.suppression_reason) == (0, "")
    # Nothing was consented or withdrawn: the admin's history says who lifted it.
    assert subscriber.consents.count() == 1
    assert Subscription.objects.active().get().subscriber == subscriber
    assert list(
        LogEntry.objects.filter(object_id=str(subscriber.pk))
        .order_by("pk")
        .values_list("user", "change_message")
    ) == [(newsletter_staff.pk, "Suppressed"), (newsletter_staff.pk, "Suppression lifted")]
