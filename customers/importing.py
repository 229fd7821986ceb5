"""Importing the archive a property company already keeps (F1): an xlsx or csv sheet with
小区/楼/单元/房号, names, phones, grades. A dry run lists every row that would be refused and
why; the import itself writes all rows or none."""

import csv
import io
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from accounts.models import Staff
from core.errors import Forbidden, InvalidInput
from core.phones import is_valid_phone, normalize_phone
from customers.addresses import address_key
from customers.merging import can_merge
from customers.models import (
    ChangeKind,
    Community,
    Customer,
    CustomerChange,
    CustomerPhone,
    CustomerType,
    Gender,
    Grade,
    Premises,
)

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 200_000
BATCH = 2000

# Column titles as property companies write them → our field.
HEADERS = {
    "小区": "community", "小区名称": "community", "项目": "community", "community": "community",
    "楼": "building", "楼号": "building", "楼栋": "building", "栋": "building", "building": "building",
    "单元": "unit", "单元号": "unit", "unit": "unit",
    "房号": "room", "房间号": "room", "室": "room", "门牌号": "room", "room": "room",
    "姓名": "name", "业主": "name", "业主姓名": "name", "客户姓名": "name", "name": "name",
    "性别": "gender", "gender": "gender",
    "电话": "phones", "手机": "phones", "手机号": "phones", "联系电话": "phones", "phone": "phones", "phones": "phones",
    "等级": "grade", "客户等级": "grade", "grade": "grade",
    "类型": "type", "客户类型": "type", "type": "type",
    "备注": "note", "note": "note",
}  # fmt: skip
GENDERS = {"男": "male", "女": "female", "未知": "unknown", "": "unknown", **{g: g for g in Gender.values}}
PHONE_SEPARATORS = str.maketrans({c: "," for c in "，;；、/\n"})


@dataclass
class Row:
    number: int  # as the spreadsheet counts: the header is row 1
    name: str = ""
    gender: str = "unknown"
    grade: str = "C"
    type: CustomerType | None = None
    note: str = ""
    phones: list[str] = field(default_factory=list)
    address: tuple[str, str, str, str] | None = None


@dataclass
class ImportReport:
    rows: int
    accepted: int
    refused: list[dict]  # [{"row": 3, "errors": {"phones": "…"}}]
    created: int = 0
    dry_run: bool = True


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 1502.0 and 13800138000.0 as spreadsheets store numbers
    return str(value).strip()


def read_sheet(data: bytes, filename: str) -> list[list[str]]:
    """The rows of the first sheet as text, header included."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than 30 MB."), fields={"file": _("Too large.")})
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
        except Exception:  # openpyxl raises many kinds on a damaged or mislabelled file
            raise InvalidInput(_("This is not a readable xlsx file."), fields={"file": _("Unreadable.")}) from None
        return rows
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves csv as GBK
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InvalidInput(_("The csv file is neither UTF-8 nor GBK."), fields={"file": _("Unreadable.")})
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    raise InvalidInput(_("Upload an .xlsx or .csv file."), fields={"file": _("Unsupported file type.")})


def _columns(header: list[str]) -> dict[str, int]:
    columns = {}
    for i, title in enumerate(header):
        key = HEADERS.get(title.strip().lower()) or HEADERS.get(title.strip())
        if key and key not in columns:
            columns[key] = i
    missing = [str(label) for key, label in (("name", _("name")), ("phones", _("phone"))) if key not in columns]
    if missing:
        raise InvalidInput(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": "、".join(missing)},
            fields={"file": _("Missing columns.")},
        )
    return columns


def _parse_row(number: int, values: list[str], columns: dict[str, int], types: dict) -> tuple[Row, dict]:
    def get(key: str) -> str:
        i = columns.get(key)
        return values[i].strip() if i is not None and i < len(values) else ""

    row, errors = Row(number=number), {}
    row.name = get("name")
    if not row.name:
        errors["name"] = _("Required.")
    elif len(row.name) > 50:
        errors["name"] = _("At most %(max)s characters.") % {"max": 50}
    gender = get("gender").lower()
    if gender not in GENDERS:
        errors["gender"] = _("Unknown gender.")
    row.gender = GENDERS.get(gender, "unknown")
    row.grade = (get("grade") or "C").upper()
    if row.grade not in Grade.values:
        errors["grade"] = _("Unknown grade.")
    type_name = get("type")
    row.type = types.get(type_name)
    if type_name and row.type is None:
        errors["type"] = _("Unknown customer type.")
    row.note = get("note")
    if len(row.note) > 2000:
        errors["note"] = _("At most %(max)s characters.") % {"max": 2000}
    for raw in filter(None, get("phones").translate(PHONE_SEPARATORS).split(",")):
        phone = normalize_phone(raw)
        if not is_valid_phone(phone):
            errors["phones"] = _("%(phone)s is not a phone number.") % {"phone": raw[:30]}
        elif phone not in row.phones:
            row.phones.append(phone)
    if not row.phones and "phones" not in errors:
        errors["phones"] = _("At least one phone number.")
    parts = (get("community"), get("building"), get("unit"), get("room"))
    if any(parts):
        if not parts[0]:
            errors["community"] = _("Each address needs its community.")
        elif len(parts[0]) > 50 or any(len(p) > 20 for p in parts[1:]):
            errors["community"] = _("An address part is too long.")
        row.address = parts
    return row, errors


def _already_in_archive(rows: list[Row]) -> set[tuple]:
    """(phone, address) pairs the archive already holds: importing the same sheet twice is refused
    row by row instead of doubling every household."""
    numbers = sorted({p for r in rows for p in r.phones})
    known = set()
    for i in range(0, len(numbers), BATCH):
        pairs = CustomerPhone.objects.filter(
            number__in=numbers[i : i + BATCH], customer__merged_into__isnull=True
        ).values_list(
            "number",
            "customer__premises__community__name",
            "customer__premises__building",
            "customer__premises__unit",
            "customer__premises__room",
        )
        for number, *address in pairs:
            known.add((number, tuple(address) if address[0] is not None else None))
    return known


def check_sheet(data: bytes, filename: str) -> tuple[list[Row], ImportReport]:
    table = [r for r in read_sheet(data, filename)]
    if not table:
        raise InvalidInput(_("The file is empty."), fields={"file": _("Empty.")})
    columns = _columns(table[0])
    body = [(n, values) for n, values in enumerate(table[1:], start=2) if any(values)]
    if len(body) > MAX_ROWS:
        raise InvalidInput(
            _("At most %(max)s rows at a time.") % {"max": MAX_ROWS}, fields={"file": _("Too many rows.")}
        )
    types = {t.name: t for t in CustomerType.objects.all()}
    good, refused, seen = [], [], {}
    parsed = [(_parse_row(n, values, columns, types)) for n, values in body]
    known = _already_in_archive([row for row, errors in parsed if not errors])
    for row, errors in parsed:
        if not errors:
            key = (row.name, row.phones[0], row.address)
            if key in seen:
                errors["row"] = _("Same as row %(row)s.") % {"row": seen[key]}
            elif any((p, row.address) in known for p in row.phones):
                errors["row"] = _("Already in the archive (same phone and address).")
            seen.setdefault(key, row.number)
        if errors:
            refused.append({"row": row.number, "errors": {k: str(v) for k, v in errors.items()}})
        else:
            good.append(row)
    return good, ImportReport(rows=len(body), accepted=len(good), refused=refused)


def import_customers(data: bytes, filename: str, *, actor: Staff, dry_run: bool) -> ImportReport:
    if not can_merge(actor):
        raise Forbidden(_("Only the manager, supervisors and administrators import the archive."))
    rows, report = check_sheet(data, filename)
    report.dry_run = dry_run
    if dry_run:
        return report
    if report.refused:
        raise InvalidInput(
            _("%(count)s rows would be refused; nothing was imported.") % {"count": len(report.refused)},
            code="import_refused",
            fields={str(r["row"]): "；".join(f"{k}: {v}" for k, v in r["errors"].items()) for r in report.refused},
        )
    if not rows:
        raise InvalidInput(_("The file has no rows to import."), fields={"file": _("Empty.")})
    report.created = _write(rows, actor=actor, filename=filename)
    return report


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs for rows nobody needs back as objects: model instances for 150,000
    phones, addresses and history rows cost more than the database does."""
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})", rows)


@transaction.atomic
def _write(rows: list[Row], *, actor: Staff, filename: str) -> int:
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    names = sorted({r.address[0] for r in rows if r.address})
    communities = {c.name: c for c in Community.objects.filter(name__in=names)}
    Community.objects.bulk_create([Community(name=n) for n in names if n not in communities])
    community_ids = dict(Community.objects.filter(name__in=names).values_list("name", "pk"))
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        customers = Customer.objects.bulk_create(
            [
                Customer(
                    name=r.name,
                    gender=r.gender,
                    grade=r.grade,
                    customer_type=r.type,
                    note=r.note,
                    created_at=now,
                    created_by=actor,
                )
                for r in chunk
            ]
        )
        phones, places, changes = [], [], []
        for row, customer in zip(chunk, customers, strict=True):
            phones += [(customer.pk, n, j == 0) for j, n in enumerate(row.phones)]
            if row.address:
                community, building, unit, room = row.address
                places.append(
                    (
                        customer.pk,
                        community_ids[community],
                        building,
                        unit,
                        room,
                        address_key(building),
                        address_key(unit),
                        address_key(room),
                    )
                )
            new = connection.ops.adapt_json_value({"file": filename[:100], "row": row.number}, None)
            changes.append((customer.pk, ChangeKind.IMPORTED.value, "", new, actor.pk, at))
        _insert(CustomerPhone, ["customer", "number", "is_primary"], phones)
        _insert(
            Premises,
            ["customer", "community", "building", "unit", "room", "building_key", "unit_key", "room_key"],
            places,
        )
        _insert(CustomerChange, ["customer", "kind", "field", "new", "actor", "at"], changes)
    return len(rows)
