"""A new password ends every API token of its owner (as Django ends their other sessions)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from accounts.models import ApiToken, Staff


@receiver(pre_save, sender=Staff)
def end_tokens_on_password_change(sender, instance: Staff, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = Staff.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        ApiToken.objects.filter(user_id=instance.pk).delete()
