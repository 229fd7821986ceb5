from django.core.management.base import BaseCommand

from deadlines.watcher import BATCH_SIZE, check_deadlines


class Command(BaseCommand):
    help = (
        "One pass of deadline monitoring: warnings, breaches, escalations, each recorded once. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows per transaction.")

    def handle(self, *args, batch_size=BATCH_SIZE, **options):
        result = check_deadlines(batch_size=max(1, batch_size))
        self.stdout.write(
            f"breaches recorded: {result.breaches}, warnings: {result.warnings}, escalations: {result.escalations}"
        )
