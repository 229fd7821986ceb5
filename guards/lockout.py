"""What a locked-out login sees (django-axes' AXES_LOCKOUT_CALLABLE): 429, in the API's error
format on /api/, on the login page otherwise."""

import json

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.errors import RateLimited


def minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    message = _("Too many failed logins. Please try again in %(minutes)s minutes.") % {"minutes": minutes()}
    if request.path.startswith("/api/"):
        error = RateLimited(message, code="too_many_failed_logins")
        response = HttpResponse(
            json.dumps(error.as_dict(), ensure_ascii=False), status=429, content_type="application/json; charset=utf-8"
        )
    else:
        form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
        response = render(request, "accounts/login.html", {"form": form, "lockout": message}, status=429)
    response["Retry-After"] = str(minutes() * 60)
    return response
