from django.core.management.base import BaseCommand

from emergency.library import load_library


class Command(BaseCommand):
    help = "Write the starting emergency plan library (gas leak, fire, lift, flooding, power cut, major complaint, system failure); plans already present are kept."

    def handle(self, *args, **options):
        self.stdout.write(f"plans written: {load_library()}")
