"""Settings of the model_workers app, with their defaults.

Override any of them in the Django settings as `MODEL_WORKERS = {"EVENT_VISIT_DAYS": {...}}`.
Windows are (days before, days after) the occasion's date.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # A recorded event calls for a visit due within this many days of the event.
    "EVENT_VISIT_DAYS": {"hospital_admission": 3, "hardship": 7, "disaster": 3},
    # Festival visits happen in the days before the festival, up to the day itself.
    "FESTIVAL_WINDOW": (14, 0),
    # Birthday visits: the week before, up to the birthday.
    "BIRTHDAY_WINDOW": (7, 0),
    # The city-union leader's home visit comes before the birthday: it closes the day before.
    "LEADER_BIRTHDAY_WINDOW": (30, -1),
    # A national model worker turning this age or older gets the leader's birthday visit.
    "LEADER_VISIT_AGE": 90,
}


def get(name: str):
    return getattr(settings, "MODEL_WORKERS", {}).get(name, DEFAULTS[name])
