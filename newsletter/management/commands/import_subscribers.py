"""`manage.py import_subscribers audience.csv [--list slug ...] [--wording "..."] [--dry-run]`:
the admin's "Import from CSV" for files too large to upload, or for a script."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from newsletter.importing import ImportRefused, import_subscribers
from newsletter.models import MailingList


class Command(BaseCommand):
    help = (
        "Import subscribers from a MailChimp audience export or a plain CSV (email, name, "
        "consent_date, consent_source, language). Addresses already here are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--list",
            dest="lists",
            action="append",
            metavar="SLUG",
            help="a list to subscribe them to (repeat for several); the LPSA newsletter if none",
        )
        parser.add_argument("--wording", default="", help="the words they agreed to")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")

    def handle(self, *args, path: Path, lists, wording: str, dry_run: bool, **options):
        if lists:
            found = {m.slug: m for m in MailingList.objects.filter(slug__in=lists)}
            unknown = [slug for slug in lists if slug not in found]
            if unknown:
                raise CommandError(f"No list with the slug: {', '.join(unknown)}")
            chosen = [found[slug] for slug in dict.fromkeys(lists)]
        else:
            chosen = [MailingList.objects.get(kind=MailingList.Kind.NEWSLETTER)]
        try:
            # newline="" lets the csv module read line breaks inside quoted notes.
            with path.open(encoding="utf-8-sig", newline="") as rows_file:
                report = import_subscribers(
                    rows_file=rows_file,
                    filename=path.name,
                    lists=chosen,
                    wording=wording,
                    dry_run=dry_run,
                )
        except OSError as error:
            raise CommandError(f"Cannot open {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{path} is not UTF-8 text: save it as “CSV UTF-8” and try again."
            ) from None
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        except IntegrityError:
            raise CommandError(
                "Someone subscribed with one of these addresses during the import, so nothing "
                "was imported: run it again."
            ) from None
        self.print_report(report, lists=chosen)

    def print_report(self, report, *, lists) -> None:
        names = ", ".join(mailing_list.name for mailing_list in lists)
        heading = "Dry run (nothing written)" if report.dry_run else "Imported"
        self.stdout.write(f"{heading}: {report.source_format} file, to {names}")
        for label, count in report.counts():
            self.stdout.write(f"  {label}: {count}")
        for problem in report.problems:
            self.stdout.write(f"  line {problem.line}: {problem.email or '-'}: {problem.reason}")
