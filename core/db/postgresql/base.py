from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import DataError

from core.moments import STORED_MAX, STORED_MIN, clamp_stored


class ClampingTzLoader(BaseTzLoader):
    """psycopg refuses BC and infinite timestamps (DataError: every page showing one answered 500)."""

    def load(self, data):
        try:
            value = super().load(data)
        except DataError:
            text = bytes(data)
            return STORED_MIN if text.startswith(b"-") or text.endswith(b" BC") else STORED_MAX
        return clamp_stored(value) if value.tzinfo else value


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django's create_cursor re-registers its loader only when the time zone differs.
        loader = type("KefuTzLoader", (ClampingTzLoader,), {"timezone": self.timezone})
        connection.adapters.register_loader("timestamptz", loader)
        return connection
