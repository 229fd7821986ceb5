"""Password rules. Django 5.2 rewrote the minimum-length message and its Chinese catalogue has not
caught up, so staff creating an account through the API got an English sentence among Chinese ones.
We keep Django's rule and only give it a message of our own, translated in our catalogue."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
