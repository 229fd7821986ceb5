from datetime import datetime, timedelta

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import DataError

from core.moments import STORED_MAX, STORED_MIN, clamp_stored

_UTC_OFFSET = timedelta(0)


class ClampingTzLoader(BaseTzLoader):
    """psycopg refuses BC and infinite timestamps (DataError: every page showing one answered 500).

    A time the server wrote in UTC (the connection's zone, which Django sets) is parsed by
    datetime.fromisoformat, in C: psycopg's parser is Python, ~2 µs a value, and a board page
    reads some 300 times (bench/README.md, issue 19). Any other text takes psycopg's way."""

    def load(self, data):
        try:
            value = datetime.fromisoformat(bytes(data).decode())
        except ValueError:  # BC, infinity, beyond year 9999, another DateStyle
            pass
        else:
            if value.utcoffset() == _UTC_OFFSET:  # the same wall time psycopg's conversion gives
                value = value.replace(tzinfo=self.timezone)  # as BaseTzLoader does
                return clamp_stored(value) if value.tzinfo else value
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
