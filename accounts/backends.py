from django.contrib.auth.backends import ModelBackend

from accounts.models import Staff


class StaffBackend(ModelBackend):
    """Django's password login; the session's user is read with their department in one query:
    every page's top bar names it (a query of its own on every page before, issue 19)."""

    def get_user(self, user_id):
        try:
            user = Staff._default_manager.select_related("department").get(pk=user_id)
        except Staff.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
