"""What registers plugs into the customer page (a lower layer): its panel of open entries."""

from customers.panels import CUSTOMER_PANELS


def connect() -> None:
    if "register-customer-panel" not in CUSTOMER_PANELS:
        CUSTOMER_PANELS.append("register-customer-panel")
