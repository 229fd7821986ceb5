"""The demo company's service standards (J1–J3): the handbooks' phrases and forbidden phrases
(standards.demo), and its knowledge, price list and the items on finished repairs (knowledge.demo)."""

from knowledge.demo import seed_knowledge
from standards.demo import seed_standards


def seed_service_standards() -> None:
    seed_standards()
    seed_knowledge()
