"""Questionnaire pages, split by who uses them."""

from .peer import mine, respond, result, share, sharing, start
from .results import client, cohort, person
from .setup import instrument, instruments
from .staff import due, schedule_add, staff_start

__all__ = [
    "client",
    "cohort",
    "due",
    "instrument",
    "instruments",
    "mine",
    "person",
    "respond",
    "result",
    "schedule_add",
    "share",
    "sharing",
    "staff_start",
    "start",
]
