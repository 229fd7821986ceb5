from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.addresses import address_key
from customers.names import honorific, surname_of


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class Grade(models.TextChoices):
    A = "A", _("Grade A")
    B = "B", _("Grade B")
    C = "C", _("Grade C")


class Area(models.Model):
    """A steward's patch (F4): the steward answers for every customer living in it."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    steward = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("steward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="areas",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    """小区. Buildings of one community may belong to different areas; the common case is one area."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name


class CustomerType(models.Model):
    """F2: officials, business owners, engineers … each with a tip the agent sees on intake."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    service_tip = models.TextField(_("service tip"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer type")
        verbose_name_plural = _("customer types")

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=50)
    surname = models.CharField(
        _("surname"), max_length=10, blank=True, help_text=_("Only when it differs from the name's first character.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.C)
    customer_type = models.ForeignKey(
        CustomerType, verbose_name=_("customer type"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.Staff",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when this record was merged into another of the same household (customers.merging):
    # kept, not deleted, so an administrator can undo the merge.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"], name="customer_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def honorific(self) -> str:
        return honorific(self.name, self.gender, self.surname)

    @property
    def family_name(self) -> str:
        return self.surname or surname_of(self.name)


class CustomerPhone(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phones")
    # Normalised digits; one number may belong to several members of a household.
    number = models.CharField(_("phone"), max_length=20, db_index=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [models.UniqueConstraint(fields=["customer", "number"], name="customer_phone_once")]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Premises(models.Model):
    """小区/楼/单元/房号 (A3)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="premises")
    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT)
    building = models.CharField(_("building"), max_length=20, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    # The parts as numbers are said (12号楼, 12栋, 十二幢 → "12"): what the address search matches (A4).
    building_key = models.CharField(max_length=20, blank=True, editable=False)
    unit_key = models.CharField(max_length=20, blank=True, editable=False)
    room_key = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["community", "building", "unit", "room"], name="premises_address"),
            models.Index(fields=["room_key", "building_key"], name="premises_room_key"),
            models.Index(fields=["building_key", "unit_key"], name="premises_building_key"),
        ]
        verbose_name = _("premises")
        verbose_name_plural = _("premises")

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs):
        self.set_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "building_key", "unit_key", "room_key"}
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        return format_address(self.community.name, self.building, self.unit, self.room)

    def set_keys(self) -> None:
        self.building_key = address_key(self.building)
        self.unit_key = address_key(self.unit)
        self.room_key = address_key(self.room)


def format_address(community: str, building: str, unit: str, room: str) -> str:
    """翠湖苑3号楼2单元501室: suffixes are added only where the clerk typed a bare number."""
    parts = [community]
    if building:
        parts.append(building if not building.isdigit() else f"{building}号楼")
    if unit:
        parts.append(unit if not unit.isdigit() else f"{unit}单元")
    if room:
        parts.append(room if not room.isdigit() else f"{room}室")
    return "".join(parts)


class PhoneReveal(models.Model):
    """Who saw a customer's full number from the archive, and when (F3: attributable views).
    Reveals on a ticket page are on that ticket's timeline instead."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]


class ChangeKind(models.TextChoices):
    EDITED = "edited", _("Edited")
    MERGED = "merged", _("Merged in another record")
    ABSORBED = "absorbed", _("Merged into another record")
    MERGE_UNDONE = "merge_undone", _("Merge undone")
    IMPORTED = "imported", _("Imported")


class CustomerChange(models.Model):
    """One attributable change of the archive (F1): who, when, which field, old → new.
    Values are stored as data (codes, numbers, address parts), worded when shown."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices, default=ChangeKind.EDITED)
    field = models.CharField(max_length=20, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    actor = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    merge = models.ForeignKey(
        "customers.CustomerMerge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["customer", "-at"], name="customer_change_at")]
        verbose_name = _("customer change")
        verbose_name_plural = _("customer changes")


class CustomerMerge(models.Model):
    """Two records of one household made one (customers.merging). `moved` lists, per related
    field, the ids of the rows that moved to the survivor, so an administrator can move exactly
    those back."""

    survivor = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    absorbed = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)
    actor = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("customer merge")
        verbose_name_plural = _("customer merges")

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
