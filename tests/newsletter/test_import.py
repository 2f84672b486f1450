"""Subscribers imported from CSV: MailChimp's audience exports and plain files with consent."""

# The sample exports are written as MailChimp writes them: one record a line, however long.
# ruff: noqa: E501

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter.importing import ImportRefused, import_subscribers
from newsletter.models import ConsentRecord, Subscriber, Subscription
from tests.members.factories import MemberFactory
from tests.newsletter.factories import (
    SubscriberFactory,
    SubscriptionFactory,
    events_list,
    newsletter_list,
)

pytestmark = pytest.mark.django_db

# The columns of MailChimp's audience export: a zip of three files, one per state.
MAILCHIMP_START = (
    '"Email Address","First Name","Last Name",Organisation,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,'
    "CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION"
)
MAILCHIMP_END = "LEID,EUID,NOTES,TAGS"
SUBSCRIBED_HEADER = f"{MAILCHIMP_START},LAST_CHANGED,{MAILCHIMP_END}"
UNSUBSCRIBED_HEADER = (
    f"{MAILCHIMP_START},UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,"
    f"UNSUB_REASON_OTHER,{MAILCHIMP_END}"
)
CLEANED_HEADER = (
    f"{MAILCHIMP_START},CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,{MAILCHIMP_END}"
)

SUBSCRIBED_EXPORT = f"""{SUBSCRIBED_HEADER}
amina.diallo@example.org,Amina,Diallo,"Commune de Thiès",4,"2021-03-02 09:14:51",198.51.100.23,"2021-03-02 09:16:02",198.51.100.24,14.79,-16.93,0,0,Africa/Dakar,SN,TH,"2024-11-05 08:00:12",51234567,a1b2c3d4e5,"Met at the
Dakar workshop",Webinars
j.perez@example.org,Julia,Pérez,"Municipalidad de Rosario",3,"2020-10-12 14:00:00",203.0.113.9,,,,,,,,,,"2023-01-01 00:00:00",51234568,f6a7b8c9d0,,
Kwame.Mensah@Example.org,Kwame,Mensah,,2,"2019-06-30 22:59:59",,"2019-07-01 07:45:10",192.0.2.77,,,,,,,,"2022-05-05 12:00:00",51234569,e1f2a3b4c5,,
"""

UNSUBSCRIBED_EXPORT = f"""{UNSUBSCRIBED_HEADER}
left.us@example.org,Lea,Martin,,2,"2020-01-10 10:00:00",192.0.2.1,"2020-01-10 10:05:00",192.0.2.1,,,,,,,,"2023-06-01 12:00:00","Newsletter June 2023",abc123,NORMAL,,51230001,0a0b0c0d0e,,
also.left@example.org,Omar,Haddad,,1,"2021-05-05 05:05:05",,"2021-05-05 05:06:00",,,,,,,,,"2024-02-02 09:00:00","Newsletter February 2024",def456,SPAM,,51230002,1a1b1c1d1e,,
"""

CLEANED_EXPORT = f"""{CLEANED_HEADER}
gone@example.org,Ana,Souza,,1,"2019-02-02 10:00:00",,"2019-02-02 10:01:00",,,,,,,,,"2022-09-09 09:09:09","Newsletter September 2022",ghi789,51220001,2a2b2c2d2e,,
"""

STATUS_EXPORT = """Email Address,First Name,Last Name,Status,OPTIN_TIME,CONFIRM_TIME,LEID
subscribed@example.org,Sam,Sub,subscribed,"2022-01-01 10:00:00","2022-01-01 10:10:00",1
unsubscribed@example.org,Una,Unsub,unsubscribed,"2022-01-01 10:00:00","2022-01-01 10:10:00",2
cleaned@example.org,Cleo,Clean,cleaned,"2022-01-01 10:00:00","2022-01-01 10:10:00",3
pending@example.org,Pat,Pending,pending,"2022-01-01 10:00:00",,4
transactional@example.org,Tran,Sact,transactional,,,5
archived@example.org,Archie,Ved,archived,"2022-01-01 10:00:00","2022-01-01 10:10:00",6
strange@example.org,Stra,Nge,frozen,"2022-01-01 10:00:00","2022-01-01 10:10:00",7
"""

PLAIN = """email,name,consent_date,consent_source,language
ines.ferreira@example.org,Inês Ferreira,2024-09-12,"Sign-up sheet, Lisbon forum 2024",fr
t.okafor@example.org,Tunde Okafor,2024-10-01T15:30:00+02:00,Webinar registration,
m.rossi@example.org,,,,
"""


def run(text: str, *, filename: str = "audience.csv", lists=None, **options):
    return import_subscribers(
        rows_file=io.StringIO(text),
        filename=filename,
        lists=lists or [newsletter_list()],
        **options,
    )


def table_sizes() -> tuple[int, int, int]:
    return Subscriber.objects.count(), Subscription.objects.count(), ConsentRecord.objects.count()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- MailChimp --------------------------------------------------------------------------------


def test_a_mailchimp_export_keeps_each_subscribers_consent_time_address_and_line():
    report = run(SUBSCRIBED_EXPORT, wording="Yes, send me the LPSA newsletter.")

    assert (report.imported, report.bad, report.source_format) == (3, 0, "MailChimp")
    amina = Subscriber.objects.get(email="amina.diallo@example.org")
    assert amina.name == "Amina Diallo"
    # Double opt-in: the confirmation is the consent.
    assert amina.confirmed_at == at("2021-03-02 09:16:02")
    subscription = amina.subscriptions.get()
    assert subscription.mailing_list == newsletter_list()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    assert subscription.subscribed_at == at("2021-03-02 09:16:02")
    consent = amina.consents.get()
    assert consent.action == ConsentRecord.Action.IMPORTED
    assert consent.method == ConsentRecord.Method.IMPORT
    assert consent.mailing_list == newsletter_list()
    assert consent.occurred_at == at("2021-03-02 09:16:02")
    assert consent.ip_address == "198.51.100.24"
    assert consent.source == "MailChimp export audience.csv, line 2"
    assert consent.wording == "Yes, send me the LPSA newsletter."

    # Never confirmed by link (a form without double opt-in): the opt-in is the consent.
    julia = Subscriber.objects.get(email="j.perez@example.org")
    assert julia.name == "Julia Pérez"
    assert julia.confirmed_at == at("2020-10-12 14:00:00")
    assert julia.consents.get().ip_address == "203.0.113.9"
    # The note on line 2 spans two lines of text: the next row is still the file's line 3.
    assert julia.consents.get().source == "MailChimp export audience.csv, line 3"

    kwame = Subscriber.objects.get(email__iexact="kwame.mensah@example.org")
    assert kwame.email == "Kwame.Mensah@Example.org"  # kept as written; matched in any case
    assert kwame.consents.get().ip_address == "192.0.2.77"
    assert Subscription.objects.active().count() == 3


def test_the_unsubscribed_and_cleaned_exports_import_nobody_and_count_them():
    unsubscribed = run(UNSUBSCRIBED_EXPORT, filename="unsubscribed_members_export.csv")
    cleaned = run(CLEANED_EXPORT, filename="cleaned_members_export.csv")

    assert (unsubscribed.imported, unsubscribed.skipped_unsubscribed, unsubscribed.bad) == (0, 2, 0)
    assert (cleaned.imported, cleaned.skipped_cleaned, cleaned.bad) == (0, 1, 0)
    assert table_sizes() == (0, 0, 0)


def test_a_status_column_decides_row_by_row():
    report = run(STATUS_EXPORT)

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["subscribed@example.org"]
    assert report.imported == 1
    assert report.skipped_unsubscribed == 2  # unsubscribed and archived
    assert report.skipped_cleaned == 1
    assert report.skipped_unconfirmed == 2  # pending and transactional
    assert [(p.line, p.email) for p in report.problems] == [(8, "strange@example.org")]
    assert "frozen" in report.problems[0].reason
    assert report.rows == 8 - 1


def test_a_bom_and_semicolons_as_a_european_spreadsheet_saves_them_are_read():
    text = '\ufeffemail;name;consent_date\nines@example.org;"Ferreira; Inês";2024-09-12\n'

    report = run(text)

    assert (report.imported, report.bad, report.source_format) == (1, 0, "CSV")
    assert Subscriber.objects.get().name == "Ferreira; Inês"


def test_a_mailchimp_export_with_a_bom_and_semicolons_is_recognised():
    header = SUBSCRIBED_HEADER.replace(",", ";")
    text = (
        f'\ufeff{header}\n"a@example.org";"Ana";"Lima";;2;"2021-01-01 10:00:00";;;;;;;;;;;;1;2;;\n'
    )

    report = run(text)

    assert (report.imported, report.bad, report.source_format) == (1, 0, "MailChimp")
    assert Subscriber.objects.get().name == "Ana Lima"


def test_merge_field_tags_and_times_without_seconds_are_read_too():
    text = (
        "Email Address,FNAME,LNAME,OPTIN_TIME,CONFIRM_TIME,LEID,LANGUAGE\n"
        'a@example.org,Ana,Lima,"2021-01-01 10:00","2021-01-01 10:05",1,pt\n'
        'b@example.org,Bo,Berg,"2021-13-01 10:00:00",,2,\n'
        'c@example.org,Cé,Roux,"2021-01-01 10:00:00",,3,fr\n'
    )

    report = run(text)

    ana = Subscriber.objects.get(email="a@example.org")
    assert ana.language == "en"
    assert (ana.name, ana.confirmed_at) == ("Ana Lima", at("2021-01-01 10:05:00"))
    assert [(p.line, p.email) for p in report.problems] == [(3, "b@example.org")]
    assert "2021-13-01 10:00:00" in report.problems[0].reason
    assert Subscriber.objects.get(email="c@example.org").language == "fr"


# --- Plain CSV --------------------------------------------------------------------------------


def test_a_plain_csv_keeps_the_consent_date_source_and_language():
    before = timezone.now()

    report = run(PLAIN, filename="lisbon-forum.csv", wording="Keep me posted.")

    assert (report.imported, report.bad, report.source_format) == (3, 0, "CSV")
    ines = Subscriber.objects.get(email="ines.ferreira@example.org")
    assert (ines.name, ines.language) == ("Inês Ferreira", "fr")
    assert ines.confirmed_at == at("2024-09-12 00:00:00")
    consent = ines.consents.get()
    assert consent.source == "CSV import lisbon-forum.csv, line 2: Sign-up sheet, Lisbon forum 2024"
    assert consent.wording == "Keep me posted."
    assert consent.ip_address is None
    tunde = Subscriber.objects.get(email="t.okafor@example.org")
    assert tunde.confirmed_at == at("2024-10-01 13:30:00")
    assert tunde.language == "en"
    # No date given: the consent is dated by the import, and the record says so.
    rossi = Subscriber.objects.get(email="m.rossi@example.org")
    assert rossi.confirmed_at >= before
    assert "no consent date in the file" in rossi.consents.get().source


def test_bad_rows_are_reported_by_line_and_the_others_imported():
    text = f"""email,name,consent_date,language
good@example.org,Good,2024-01-01,en
not-an-address,Bad Email,2024-01-01,en
,No Email,2024-01-01,en
date@example.org,Bad Date,12/31/2024,en
lang@example.org,Bad Language,2024-01-01,Klingon
{"a" * 64}@{"b" * 63}.{"c" * 63}.{"d" * 63}.org,Too Long,2024-01-01,en

also.good@example.org,Also Good,2024-02-29T08:00:00,English
"""
    report = run(text)

    assert report.imported == 2
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "good@example.org",
        "also.good@example.org",
    }
    assert [(p.line, p.email) for p in report.problems] == [
        (3, "not-an-address"),
        (4, ""),
        (5, "date@example.org"),
        (6, "lang@example.org"),
        (7, f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.org"),
    ]
    reasons = [p.reason for p in report.problems]
    assert "valid email" in reasons[0]
    assert "No email" in reasons[1]
    assert "12/31/2024" in reasons[2]
    assert "Klingon" in reasons[3]
    assert "valid email" in reasons[4]
    assert report.bad == 5


def test_an_address_repeated_in_the_file_is_imported_once_and_the_repeats_reported():
    text = """email,name
first@example.org,First
other@example.org,Other
FIRST@example.org,First Again
first@Example.ORG,First Thrice
"""
    report = run(text)

    assert report.imported == 2
    assert Subscriber.objects.get(email__iexact="first@example.org").name == "First"
    assert [(p.line, p.email) for p in report.problems] == [
        (4, "FIRST@example.org"),
        (5, "first@Example.ORG"),
    ]
    assert all("line 2" in p.reason for p in report.problems)


def test_a_file_without_an_email_column_is_refused_whole():
    with pytest.raises(ImportRefused, match="no email column"):
        run("Name,Organisation\nAmina Diallo,Commune de Thiès\n")
    with pytest.raises(ImportRefused, match="empty"):
        run("")
    assert table_sizes() == (0, 0, 0)


# --- Addresses already here -------------------------------------------------------------------


def test_an_address_unsubscribed_here_stays_unsubscribed_and_gets_no_record():
    unsubscribed = SubscriptionFactory(
        subscriber__email="j.perez@example.org",
        status=Subscription.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now() - timedelta(days=30),
    )
    suppressed = SubscriberFactory(
        email="AMINA.DIALLO@example.org", suppressed_at=timezone.now(), failure_count=3
    )

    report = run(SUBSCRIBED_EXPORT)

    assert (report.imported, report.already_present) == (1, 2)
    unsubscribed.refresh_from_db()
    assert unsubscribed.status == Subscription.Status.UNSUBSCRIBED
    assert not unsubscribed.subscriber.consents.exists()
    suppressed.refresh_from_db()
    assert suppressed.suppressed_at is not None and suppressed.failure_count == 3
    assert not suppressed.subscriptions.exists()
    assert not suppressed.consents.exists()


def test_importing_the_same_file_again_changes_nothing():
    run(SUBSCRIBED_EXPORT)
    run(PLAIN)
    sizes = table_sizes()
    stamps = list(Subscriber.objects.order_by("pk").values_list("pk", "updated_at"))

    again = run(SUBSCRIBED_EXPORT)
    plain_again = run(PLAIN)

    assert (again.imported, again.already_present, again.bad) == (0, 3, 0)
    assert (plain_again.imported, plain_again.already_present) == (0, 3)
    assert table_sizes() == sizes
    assert list(Subscriber.objects.order_by("pk").values_list("pk", "updated_at")) == stamps


def test_a_dry_run_reports_what_would_happen_and_writes_nothing():
    SubscriberFactory(email="j.perez@example.org")
    sizes = table_sizes()

    report = run(SUBSCRIBED_EXPORT + "broken,,,\n", dry_run=True)

    assert (report.imported, report.already_present, report.bad) == (2, 1, 1)
    assert report.dry_run
    assert table_sizes() == sizes


def test_a_portal_account_with_the_address_is_linked_in_any_case():
    member = MemberFactory(email="Amina.Diallo@example.org")
    linked_elsewhere = MemberFactory(email="kwame.mensah@example.org")
    SubscriberFactory(email="kwame.at.home@example.org", user=linked_elsewhere)

    run(SUBSCRIBED_EXPORT)

    assert Subscriber.objects.get(email="amina.diallo@example.org").user == member
    assert Subscriber.objects.get(email__iexact="kwame.mensah@example.org").user is None
    assert Subscriber.objects.get(email="j.perez@example.org").user is None


def test_each_list_chosen_gets_a_subscription_and_a_consent_record():
    run(PLAIN, lists=[newsletter_list(), events_list()])

    ines = Subscriber.objects.get(email="ines.ferreira@example.org")
    assert set(ines.subscriptions.values_list("mailing_list__kind", "status")) == {
        ("newsletter", "subscribed"),
        ("events", "subscribed"),
    }
    assert set(ines.consents.values_list("mailing_list__kind", flat=True)) == {
        "newsletter",
        "events",
    }


def test_the_queries_do_not_grow_with_the_rows():
    def plain_file(count: int, start: int = 0) -> str:
        rows = "".join(
            f"reader{n}@example.org,Reader {n},2021-05-01\n" for n in range(start, start + count)
        )
        return "email,name,consent_date\n" + rows

    SubscriberFactory(email="reader3@example.org")
    MemberFactory(email="reader4@example.org")
    with CaptureQueriesContext(connection) as few:
        run(plain_file(10))
    with CaptureQueriesContext(connection) as many:
        report = run(plain_file(400, start=1000))

    assert report.imported == 400
    assert len(many) == len(few)

    # The whole MailChimp audience (about 2,400 people) in a few statements per 500 rows.
    with CaptureQueriesContext(connection) as audience:
        report = run(plain_file(2400, start=5000))
    assert report.imported == 2400
    assert len(audience) <= 5 * len(few)


# --- The command ------------------------------------------------------------------------------


def write(tmp_path, text: str, name: str = "subscribed_members_export_1a2b3c.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_imports_to_the_newsletter_and_prints_the_report(tmp_path):
    out = io.StringIO()
    text = SUBSCRIBED_EXPORT + "not-an-address,X,Y,,1,,,,,,,,,,,,,,,,\n"

    call_command("import_subscribers", write(tmp_path, text), stdout=out)

    printed = out.getvalue()
    assert "Imported: MailChimp file, to The LPSA newsletter" in printed
    assert "Imported: 3" in printed
    assert "line 5: not-an-address: Not a valid email address." in printed
    assert Subscription.objects.filter(mailing_list=newsletter_list()).count() == 3


def test_the_command_takes_lists_wording_and_a_dry_run(tmp_path):
    out = io.StringIO()
    path = write(tmp_path, PLAIN, name="forum.csv")

    call_command(
        "import_subscribers", path, "--list", "event-announcements", "--dry-run", stdout=out
    )
    assert "Dry run (nothing written): CSV file, to Event announcements" in out.getvalue()
    assert "Would be imported: 3" in out.getvalue()
    assert table_sizes() == (0, 0, 0)

    call_command(
        "import_subscribers",
        path,
        "--list",
        "event-announcements",
        "--list",
        "lpsa-newsletter",
        "--wording",
        "Tell me about events.",
        stdout=io.StringIO(),
    )
    assert table_sizes() == (3, 6, 6)
    assert set(ConsentRecord.objects.values_list("wording", flat=True)) == {"Tell me about events."}


def test_the_command_refuses_clearly(tmp_path):
    with pytest.raises(CommandError, match="No list with the slug: nope"):
        call_command("import_subscribers", write(tmp_path, PLAIN), "--list", "nope")
    with pytest.raises(CommandError, match="no email column"):
        call_command("import_subscribers", write(tmp_path, "name\nAmina\n"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("email,name\nines@example.org,Inês\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_subscribers", latin1)
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("import_subscribers", tmp_path / "missing.csv")
    assert table_sizes() == (0, 0, 0)
