from django.core.management.base import BaseCommand, CommandError

from demo import loader as demo


class Command(BaseCommand):
    help = (
        "Load the demo company 亚美物业 (staff of every role, three communities, two months of tickets) "
        "into an empty database. Its accounts all use the demo password; never run it in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and say so) when the database already has accounts."
        )
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print the demo accounts, one per role; load nothing."
        )
        parser.add_argument(
            "--households", type=int, default=demo.DEFAULT_HOUSEHOLDS, help="Households in the archive."
        )
        parser.add_argument("--tickets", type=int, default=demo.DEFAULT_TICKETS, help="Tickets over the last 60 days.")
        parser.add_argument("--seed", type=int, default=demo.DEMO_SEED, help="Another seed, another company.")

    def handle(self, *args, if_empty=False, print_logins=False, households, tickets, seed, **options):
        if print_logins:
            self.print_logins()
            return
        if households < 1:
            raise CommandError("--households must be at least 1")
        if tickets < demo.MIN_TICKETS:
            raise CommandError(f"--tickets must be at least {demo.MIN_TICKETS} (one per status and category)")
        current = demo.state()
        if current == "demo":
            message = "演示数据已存在，保留现有数据，不重复加载。 / The demo company is already loaded; keeping it."
            if if_empty:
                self.stdout.write(message)
                return
            raise CommandError(message)
        if current == "other":
            message = (
                "数据库中已有账号，不加载演示数据。 / The database already has accounts; the demo is loaded only "
                "into an empty database."
            )
            if if_empty:
                self.stdout.write(message)
                return
            raise CommandError(message)

        self.stdout.write(f"正在加载演示数据 / loading the demo company: {households} households, {tickets} tickets …")
        summary = demo.load(
            households=households,
            tickets=tickets,
            seed=seed,
            progress=lambda n: self.stdout.write(f"  {n}/{tickets} tickets"),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已加载 / demo loaded: {summary.staff} staff, {summary.households} households, "
                f"{summary.tickets} tickets, {summary.breaches} deadline breaches at now, in {summary.seconds:.1f} s"
            )
        )
        self.stdout.write(f"所有演示账号的密码 / password of every demo account: {demo.DEMO_PASSWORD}")

    def print_logins(self):
        rows = demo.logins()
        if not rows:
            self.stdout.write("未加载演示数据，没有演示账号。 / The demo is not loaded: there are no demo accounts.")
            return
        self.stdout.write("演示账号（每个角色一个）/ demo accounts, one per role:")
        header = ("用户名 username", "角色 role", "姓名 name", "部门 department")
        table = [header] + [
            (r["username"], f"{r['role_zh']} {r['role_en']}", f"{r['name']} ({r['work_number']})", r["department"])
            for r in rows
        ]
        widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            self.stdout.write("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)))
        self.stdout.write(f"密码（所有演示账号）/ password (every demo account): {demo.DEMO_PASSWORD}")


def _width(text: str) -> int:
    # A Chinese character takes two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
