from django.db.backends.sqlite3 import base

from core.moments import clamp_stored


class DatabaseOperations(base.DatabaseOperations):
    def convert_datetimefield_value(self, value, expression, connection):
        return clamp_stored(super().convert_datetimefield_value(value, expression, connection))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
