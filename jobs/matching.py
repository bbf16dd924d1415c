"""Two-sided matching of postings and job seekers' intentions, in one SQL statement.

A posting is a candidate for an intention when it is published and still valid, its category is
one the seeker wants (or the seeker named none), and it lies in the seeker's city (the first four
digits of the GB/T 2260 code: intentions, like postings, name a county or below). The partial
expression index `jobs_posting_match` on (occupation, left(region, 4)) serves exactly this. Each candidate
is scored out of 100:

| criterion | points | reason code |
|---|---|---|
| category wanted (10 when the seeker wants any) | 30 | `category` / `any_category` |
| same county (10 when only the same city) | 25 | `same_county` / `same_city` |
| pay: the top of the range, per month, reaches the seeker's minimum | 20 | `pay` |
| the seeker's priority group is one the posting targets | 10 | `priority_group` |
| age band within the posting's age range | 5 | `age` |
| education at least the posting's | 5 | `education` |
| employment form wanted (or any) | 5 | `employment_form` |

The best `TOP_PER_INTENTION` candidates of each intention scoring at least `MIN_SCORE` are
upserted into `jobs_match` (`INSERT … SELECT … ON CONFLICT`): PostgreSQL does the pairing with
a LATERAL join over the indexed candidates, never a Python loop over postings. The reasons are
stored with the match, so "why it matched" is read, not recomputed.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.choices import Occupation

MIN_SCORE = 40
STRONG_SCORE = 75
TOP_PER_INTENTION = 20

CRITERIA = [
    # (met codes, label when met, label when not met)
    (("category",), _("In a category the seeker wants"), _("Not in a category the seeker wants")),
    (("any_category",), _("The seeker takes any category"), None),
    (("same_county",), _("In the seeker's county"), None),
    (("same_city",), _("In the seeker's city"), None),
    (("pay",), _("Pay reaches the seeker's minimum"), _("Pay below the seeker's minimum, or paid per piece")),
    (("priority_group",), _("Targets the seeker's priority group"), _("Does not target the seeker's priority group")),
    (("age",), _("The seeker's age fits"), _("The seeker's age is outside the range")),
    (("education",), _("The seeker's education meets the requirement"), _("Education below the requirement")),
    (("employment_form",), _("An employment form the seeker wants"), _("Not an employment form the seeker wants")),
]


def explain(reasons: list[str]) -> list[tuple[bool, str]]:
    """(met, sentence) pairs, met first, for a match's stored reason codes."""
    met, unmet = [], []
    have = set(reasons or [])
    for codes, label_met, label_unmet in CRITERIA:
        if have & set(codes):
            met.append((True, str(label_met)))
        elif label_unmet is not None and not (codes[0] == "category" and "any_category" in have):
            unmet.append((False, str(label_unmet)))
    return met + unmet


# The score of posting p for intention i (seeker s). Kept as SQL fragments so the bench and the
# EXPLAIN in the docs show exactly what runs.
_PAY_MONTHLY = """
    CASE p.pay_unit WHEN 'hour' THEN p.pay_max * 174 WHEN 'day' THEN p.pay_max * 21.75
                    WHEN 'month' THEN p.pay_max END"""

_CRITERIA_SQL = f"""
    cardinality(i.occupations) > 0 AS c_category,
    left(p.region_id, 6) = left(i.region_id, 6) AS c_county,
    (i.min_monthly_pay IS NULL OR {_PAY_MONTHLY} >= i.min_monthly_pay) AS c_pay,
    (s.priority_group <> '' AND s.priority_group = ANY(p.priority_groups)) AS c_priority,
    (split_part(s.age_band, '-', 2)::int >= coalesce(p.age_min, 0)
        AND split_part(s.age_band, '-', 1)::int <= coalesce(p.age_max, 200)) AS c_age,
    s.education >= p.education AS c_education,
    (cardinality(i.employment_forms) = 0 OR p.employment_form = ANY(i.employment_forms)) AS c_form
"""

_SCORE_SQL = """
    (CASE WHEN c_category THEN 30 ELSE 10 END + CASE WHEN c_county THEN 25 ELSE 10 END
     + CASE WHEN c_pay THEN 20 ELSE 0 END + CASE WHEN c_priority THEN 10 ELSE 0 END
     + CASE WHEN c_age THEN 5 ELSE 0 END + CASE WHEN c_education THEN 5 ELSE 0 END
     + CASE WHEN c_form THEN 5 ELSE 0 END)
"""

# The categories an intention takes: its own, or all of them. Written as one array so that the
# index (occupation, left(region, 4)) serves `occupation = ANY(...)` for each intention.
_ALL_OCCUPATIONS = "ARRAY[" + ", ".join(f"'{value}'" for value in Occupation.values) + "]::varchar[]"
_WANTED = f"(CASE WHEN cardinality(i.occupations) = 0 THEN {_ALL_OCCUPATIONS} ELSE i.occupations END)"

_REASONS_SQL = """
    array_remove(ARRAY[
        CASE WHEN c_category THEN 'category' ELSE 'any_category' END,
        CASE WHEN c_county THEN 'same_county' ELSE 'same_city' END,
        CASE WHEN c_pay THEN 'pay' END, CASE WHEN c_priority THEN 'priority_group' END,
        CASE WHEN c_age THEN 'age' END, CASE WHEN c_education THEN 'education' END,
        CASE WHEN c_form THEN 'employment_form' END
    ]::varchar[], NULL)
"""

# Built from the constant fragments above; every value is a query parameter.
MATCH_SQL = f"""
WITH picked AS (
    SELECT i.id AS intention_id, i.owner_id, c.posting_id, c.score, c.reasons
    FROM jobs_jobintention i
    JOIN jobs_jobseeker s ON s.id = i.seeker_id
    CROSS JOIN LATERAL (
        SELECT x.posting_id, {_SCORE_SQL} AS score, {_REASONS_SQL} AS reasons
        FROM (
            SELECT p.id AS posting_id, {_CRITERIA_SQL}
            FROM jobs_jobposting p
            WHERE p.status = 'published' AND p.valid_through >= %(today)s
              AND p.occupation = ANY({_WANTED})
              AND left(p.region_id, 4) = left(i.region_id, 4)
              AND (%(posting_id)s::bigint IS NULL OR p.id = %(posting_id)s::bigint)
        ) x
        ORDER BY score DESC, x.posting_id DESC
        LIMIT %(top)s
    ) c
    WHERE i.active AND (%(all_intentions)s OR i.id = ANY(%(intention_ids)s::bigint[]))
      AND c.score >= %(min_score)s
)
INSERT INTO jobs_match (owner_id, created_at, updated_at, version, intention_id, posting_id, score, reasons,
                        status, notes)
SELECT owner_id, %(now)s, %(now)s, 1, intention_id, posting_id, score, reasons, 'suggested', ''
FROM picked
ON CONFLICT (intention_id, posting_id) DO UPDATE
    SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, updated_at = EXCLUDED.updated_at
    WHERE jobs_match.score IS DISTINCT FROM EXCLUDED.score OR jobs_match.reasons IS DISTINCT FROM EXCLUDED.reasons
RETURNING id, (xmax = 0) AS inserted, score
"""  # noqa: S608

# A posting's side: only intentions that could want it are joined (category and city).
POSTING_INTENTIONS_SQL = """
SELECT i.id FROM jobs_jobintention i, jobs_jobposting p
WHERE p.id = %(posting_id)s AND i.active
  AND (cardinality(i.occupations) = 0 OR p.occupation = ANY(i.occupations))
  AND left(p.region_id, 4) = left(i.region_id, 4)
"""


def run_matching(
    *,
    intention_ids: list[int] | None = None,
    posting_id: int | None = None,
    today=None,
) -> list[tuple[int, bool, int]]:
    """Upsert matches; returns (match id, newly inserted, score) for each row written.

    `intention_ids=None` means every active intention (the nightly refresh and the bench).
    """
    today = today or timezone.localdate()
    if posting_id is not None and intention_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(POSTING_INTENTIONS_SQL, {"posting_id": posting_id})
            intention_ids = [row[0] for row in cursor.fetchall()]
        if not intention_ids:
            return []
    params = {
        "today": today,
        "now": timezone.now(),
        "posting_id": posting_id,
        "top": TOP_PER_INTENTION,
        "min_score": MIN_SCORE,
        "all_intentions": intention_ids is None,
        "intention_ids": list(intention_ids or []),
    }
    with connection.cursor() as cursor:
        cursor.execute(MATCH_SQL, params)
        return list(cursor.fetchall())
