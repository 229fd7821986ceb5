"""Panels the apps above customers add to the customer's page (e.g. registers: the entries open
at the front desk). Each is the name of a URL taking the customer's id, filled by the app's
AppConfig.ready(); the page loads each by htmx, so it costs the page no query."""

CUSTOMER_PANELS: list[str] = []
