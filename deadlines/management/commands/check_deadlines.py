from django.core.management.base import BaseCommand

from deadlines.services import check_deadlines


class Command(BaseCommand):
    help = "One pass of deadline monitoring: warnings, breaches, escalations, each recorded once. Safe to run repeatedly."

    def handle(self, *args, **options):
        result = check_deadlines()
        self.stdout.write(
            f"breaches recorded: {result.breaches}, warnings: {result.warnings}, escalations: {result.escalations}"
        )
