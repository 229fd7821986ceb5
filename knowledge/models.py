"""Knowledge (J3): articles staff answer from (frequent questions, safety knowledge, house rules,
fee policies), the price list of paid and free services, and the items charged on a repair."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleCategory(models.TextChoices):
    FAQ = "faq", _("Frequent question")
    SAFETY = "safety", _("Safety knowledge")
    RULES = "rules", _("House rules")
    FEES = "fees", _("Fees and charges")
    OTHER = "other", _("Other")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    STAFF = "staff", _("Staff only")
    PUBLIC = "public", _("Public")


class Article(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    category = models.CharField(_("category"), max_length=10, choices=ArticleCategory.choices)
    state = models.CharField(_("state"), max_length=10, choices=ArticleState.choices, default=ArticleState.DRAFT)
    # The bigram tokens of title and body (tickets.search.token_text), searched like tickets.
    search_tokens = models.TextField(blank=True, default="", editable=False)
    source_ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from ticket"),
    )
    created_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        indexes = [models.Index(fields=["state", "category"], name="article_state_category")]

    def __str__(self) -> str:
        return self.title


class ServiceItem(models.Model):
    """One version of a price-list entry (有偿/无偿服务). A new price is a new version from a date:
    the one before it ends the day before, so a charge always finds the price in force at the
    work's date, and what was quoted last year stays as it was."""

    code = models.SlugField(_("code"), max_length=30)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    paid = models.BooleanField(_("paid"), default=True)
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=20)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey("accounts.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="service_item_code_version"),
            models.CheckConstraint(condition=Q(price__gte=0), name="service_item_price_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="service_item_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} {self.name}"


class Charge(models.Model):
    """An item used on a ticket's work, at the price in force on the work's date (copied, so a
    later price change never rewrites what the customer was charged)."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="charges")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="charges")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    paid = models.BooleanField(_("paid"))
    unit = models.CharField(_("unit"), max_length=20)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    work_date = models.DateField(_("work date"))
    recorded_by = models.ForeignKey("accounts.Staff", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="charge_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="charge_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.code} × {self.quantity}"
