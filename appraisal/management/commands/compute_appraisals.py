from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from appraisal.compute import compute_month
from appraisal.vocabulary import parse_month
from core.errors import DomainError


class Command(BaseCommand):
    help = "Compute a month's appraisal for everyone (default: the running month). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM")
        parser.add_argument("--close", action="store_true", help="Record it as the month's closing computation.")

    def handle(self, *args, month=None, close=False, **options):
        try:
            first = parse_month(month) if month else timezone.localdate().replace(day=1)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        outcome = compute_month(first, close=close)
        if outcome.skipped:
            self.stdout.write(f"{first:%Y-%m}: confirmed, left as it is")
            return
        self.stdout.write(
            f"{first:%Y-%m}: {outcome.people} people, {outcome.added} lines added, {outcome.revoked} revoked, "
            f"{outcome.updated} updated in {outcome.seconds:.2f}s"
        )
