from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths reachable without a staff login: the login page itself, static files, the API (it has
# its own token authentication and answers 401 in JSON), the language switch, and the customers'
# portal (public by design; it shows a ticket only to whoever knows its number and phone digits).
PUBLIC_PREFIXES = ("/login/", "/static/", "/api/", "/i18n/", "/favicon.ico", "/healthz", "/portal/")


class LoginRequiredMiddleware:
    """Every page needs a personal login (G2); the exceptions are listed above, not scattered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: on a public path (every API call) the session and the user are not read
        # here, so an API answer neither pays for the session machinery nor varies by cookie.
        if not request.path.startswith(PUBLIC_PREFIXES) and not request.user.is_authenticated:
            if request.path.startswith("/admin/"):
                return self.get_response(request)  # the admin has its own login page
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
