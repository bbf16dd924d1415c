"""The expected answer of every route, for every persona and method: the permission matrix's table.

A row spells the nine personas' answers in this order (see `world.PERSONAS`):

    anonymous  partner_read  partner_write  other_partner  city  district  neighbour  readonly  superuser

`partner_*` are 达川's keys (read scopes; read and write scopes), `other_partner` is 沈阳's key;
city is 达州 (达川's parent), district is 达川, neighbour is 通川, read-only staff sit in 达川.
Detail routes are asked about 达川's object ("own"); `other` is the GET answer for 沈阳's object.
Admin answers: "login" (redirect to the login page), "gone" (Django's redirect to the index for
an object that does not exist or is out of scope), 302 (any other redirect).

Rules below build the rows shared by many routes; `API` and `ADMIN` name every route and give
its rule with any overrides. A route missing here, or listed here and gone from the URLconf,
fails the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from tests.permissions.world import PERSONAS

API_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def row(spec: str) -> dict:
    """"401 200 …" (nine answers) or "200*" (all nine alike) → {persona: answer}."""
    words = [spec[:-1]] * len(PERSONAS) if spec.endswith("*") else spec.split()
    assert len(words) == len(PERSONAS), spec
    return {persona: int(word) if word.isdigit() else word for persona, word in zip(PERSONAS, words, strict=True)}


@dataclass
class Expect:
    answers: dict[str, str]               # method → row spec for the own object (or the list)
    other: str | None = None              # row spec of GET on 沈阳's object (detail routes)
    rows: object = None                   # list routes: user → queryset of the rows it may get
    model: type | None = None             # the rows' model, when not the view's
    obj: str = "own"                      # "public": use 达川's public object instead
    query: str = ""                       # query string the route needs to answer at all
    reveals: dict = field(default_factory=dict)  # method → personas entitled to see raw ID numbers

    def answer(self, persona: str, method: str):
        return row(self.answers[method])[persona]


def with_(rule: Expect, **changes) -> Expect:
    answers = {**rule.answers, **changes.pop("answers", {})}
    return Expect(**{**rule.__dict__, "answers": answers, **changes})


# --- API rules ---------------------------------------------------------------------------------

ALL_OK = "200*"
NOT_ALLOWED = "405*"
# A read-only route of public data: anyone reads; every write is refused before the view.
PUBLIC_READ = Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | dict.fromkeys(UNSAFE, NOT_ALLOWED))
# A method the route does not serve is a 405 (with Allow) for everyone, before any check of who
# asks (unions.api.permissions): a route's shape is public, its data is not.
NO_WRITE = NOT_ALLOWED


def writes(post=None, put=None, patch=None, hidden=True, keys_write=True) -> dict:
    """Unsafe methods of a scoped route. A given method answers that code to the writers who see
    the object; the neighbour and 沈阳's key get 404 when the object is 达川's (`hidden`)."""
    result = {}
    for method, code in (("POST", post), ("PUT", put), ("PATCH", patch), ("DELETE", None)):
        if code is None:
            result[method] = NO_WRITE
            continue
        out = 404 if hidden else code
        key = code if keys_write else 403
        result[method] = f"401 403 {key} {out if keys_write else 403} {code} {code} {out} 403 {code}"
    return result


def scoped_list(rows, post=None, keys_write=True, keys_read=True) -> Expect:
    safe = "401 200 200 200 200 200 200 200 200" if keys_read else "401 403 403 403 200 200 200 200 200"
    return Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), safe)
                  | writes(post=post, hidden=False, keys_write=keys_write), rows=rows)


def scoped_detail(keys_write=True, keys_read=True, **codes) -> Expect:
    if keys_read:
        safe, options, other = ("401 200 200 404 200 200 404 200 200", "401 200 200 200 200 200 200 200 200",
                                "401 404 404 200 404 404 404 404 200")
    else:
        safe, options, other = ("401 403 403 403 200 200 404 200 200", "401 403 403 403 200 200 200 200 200",
                                "401 403 403 403 404 404 404 404 200")
    return Expect({"GET": safe, "HEAD": safe, "OPTIONS": options} | writes(keys_write=keys_write, **codes),
                  other=other)


def action(post, keys_read=True) -> Expect:
    """A POST-only action on a scoped object (transitions, records): GET is 405 for everyone."""
    if keys_read:
        get, options = NOT_ALLOWED, "401 200 200 200 200 200 200 200 200"
        unsafe = writes(post=post)
    else:
        get, options = NOT_ALLOWED, "401 403 403 403 200 200 200 200 200"
        unsafe = {"POST": f"401 403 403 403 {post} {post} 404 403 {post}",
                  **dict.fromkeys(("PUT", "PATCH", "DELETE"), NOT_ALLOWED)}
    return Expect({"GET": get, "HEAD": get, "OPTIONS": options} | unsafe, other=get)


def anonymous_action(post, others=NOT_ALLOWED, get=NOT_ALLOWED) -> Expect:
    """An action for anonymous workers (feedback, sign-up, application): the same for everyone."""
    return Expect({"GET": get, "HEAD": get, "OPTIONS": ALL_OK, "POST": f"{post}*",
                   **dict.fromkeys(("PUT", "PATCH", "DELETE"), others)})


def _visible(model):
    return lambda user: model.objects.visible_to(user)


def _public_or_visible(model, public: Q):
    return lambda user: model.objects.filter(public) | model.objects.visible_to(user)


def _api_table() -> dict[str, Expect]:
    from jobs.models import Employer, JobIntention, JobPosting, Match
    from mediation.models import Case, Referral
    from model_workers.models import BenefitCheck, CareOrder, ModelWorker, Visit
    from stations.choices import StationStatus
    from stations.models import Station
    from unions.models import UnionOrganization

    public_station = Q(status__in=[StationStatus.OPEN, StationStatus.SUSPENDED])
    # A private (planned/draft) object of 达川 behind a public route: anonymous readers get 404.
    private_behind_public = {"GET": "404 200 200 404 200 200 404 200 200", "OPTIONS": ALL_OK}
    private_behind_public["HEAD"] = private_behind_public["GET"]
    private_other = "404 404 404 200 404 404 404 404 200"
    public_list_writes = writes(post=400, hidden=False)

    return {
        "api-root": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "api-schema": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "api-docs": Expect(dict.fromkeys(("GET", "HEAD"), ALL_OK) | dict.fromkeys(("OPTIONS", *UNSAFE), NOT_ALLOWED)),
        # unions
        "unions-api:region-list": PUBLIC_READ,
        "unions-api:region-detail": with_(PUBLIC_READ, other=None),
        "unions-api:organization-list": scoped_list(_visible(UnionOrganization), keys_write=False),
        "unions-api:organization-detail": scoped_detail(keys_write=False),
        # stations
        "stations-api:coverage": with_(scoped_list(None), query="within=510000"),
        "stations-api:station-list": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | public_list_writes,
                                            rows=_public_or_visible(Station, public_station)),
        "stations-api:station-geojson": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | writes(hidden=False),
                                               rows=_public_or_visible(Station, public_station), model=Station),
        "stations-api:station-detail": Expect(private_behind_public | writes(put=400, patch=200),
                                              other=private_other),
        "stations-api:station-feedback": with_(anonymous_action(400), obj="public", other=NOT_ALLOWED),
        "stations-api:hsds-sal-list": PUBLIC_READ,
        "stations-api:service-list": PUBLIC_READ,
        "stations-api:service-detail": PUBLIC_READ,
        "stations-api:event-list": PUBLIC_READ,
        "stations-api:event-detail": with_(PUBLIC_READ, other=ALL_OK),
        # authentication_classes=[]: nobody is authenticated, so a refused write is 403, not 401.
        "stations-api:event-signup": with_(anonymous_action(400), other=NOT_ALLOWED),
        # jobs
        "jobs-api:posting-list": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | public_list_writes,
                                        rows=lambda user: JobPosting.objects.public()),
        "jobs-api:posting-detail": Expect(private_behind_public | writes(put=400, patch=200), other=private_other),
        # On the public board's routes reading is open, so GET reaches the 405 without a login.
        "jobs-api:posting-withdraw": with_(action(200), answers={"GET": NOT_ALLOWED, "HEAD": NOT_ALLOWED,
                                                                 "OPTIONS": ALL_OK}, other=NOT_ALLOWED),
        "jobs-api:employer-list": scoped_list(_visible(Employer), post=400),
        "jobs-api:employer-detail": scoped_detail(),
        "jobs-api:fair-list": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | writes(hidden=False)),
        "jobs-api:fair-detail": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | writes(hidden=False),
                                       other=ALL_OK),
        "jobs-api:training-list": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | writes(hidden=False)),
        "jobs-api:training-detail": Expect(dict.fromkeys(("GET", "HEAD", "OPTIONS"), ALL_OK) | writes(hidden=False),
                                           other=ALL_OK),
        # job seekers' personal data: staff sessions only, never partner keys
        "jobs-api:intention-list": with_(scoped_list(_visible(JobIntention), keys_read=False), answers=dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "jobs-api:intention-detail": with_(scoped_detail(keys_read=False), answers=dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "jobs-api:match-list": with_(scoped_list(_visible(Match), keys_read=False), answers=dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "jobs-api:match-detail": with_(scoped_detail(keys_read=False), answers=dict.fromkeys(UNSAFE, NOT_ALLOWED)),
        "jobs-api:match-advance": action(400, keys_read=False),
        # mediation: keys of courts and arbitration committees read and move their own cases
        "mediation-api:case-list": scoped_list(_visible(Case), post=400),
        "mediation-api:case-apply": anonymous_action(400),
        "mediation-api:case-status": anonymous_action(405, get="400*"),
        "mediation-api:case-detail": scoped_detail(),
        "mediation-api:case-accept": action(400),
        "mediation-api:case-agreement": action(400),
        "mediation-api:case-assign": action(400),
        "mediation-api:case-close": action(200),  # the own case has an agreement: it may close
        "mediation-api:case-decline": action(400),
        "mediation-api:case-extend": action(400),
        "mediation-api:case-no-agreement": action(400),
        "mediation-api:case-refer": action(400),
        "mediation-api:case-withdraw": action(400),
        "mediation-api:referral-list": scoped_list(_visible(Referral)),
        "mediation-api:referral-detail": scoped_detail(),
        "mediation-api:referral-reference": action(400),
        # model workers
        "model_workers-api:modelworker-list": scoped_list(_visible(ModelWorker)),
        "model_workers-api:modelworker-detail": scoped_detail(),
        "model_workers-api:modelworker-events": action(400),
        "model_workers-api:visit-list": scoped_list(_visible(Visit)),
        "model_workers-api:visit-detail": scoped_detail(),
        "model_workers-api:visit-record": action(400),
        "model_workers-api:careorder-list": scoped_list(_visible(CareOrder), post=400),
        "model_workers-api:careorder-detail": scoped_detail(),
        "model_workers-api:careorder-deliver": action(400),
        "model_workers-api:benefitcheck-list": scoped_list(_visible(BenefitCheck)),
        "model_workers-api:benefitcheck-detail": scoped_detail(),
        "model_workers-api:benefitcheck-record": action(400),
    }


# --- Admin rules -------------------------------------------------------------------------------

OUT = "login login login login"          # anonymous and partner keys: the admin is for staff sessions
STAFF_ALL = f"{OUT} 200 200 200 200 200"
STAFF_NONE = f"{OUT} 403 403 403 403 403"
WRITERS = f"{OUT} 200 200 200 403 200"   # administrators; read-only staff refused
REDIRECT = f"{OUT} 302 302 302 302 302"


def _page(get, post=None, other=None, reveals=None) -> Expect:
    return Expect({"GET": get, "POST": post or get}, other=other, reveals=reveals or {})


def scoped_admin(add=True, change=True, delete=True, saves=200, history_hidden=404) -> dict[str, Expect]:
    """The six URLs of a ScopedAdmin over an owned model; 达川's row is the object. `saves`: the
    answer to an empty change form (200: the form again with errors; 302: nothing required, saved)."""
    superuser_only = f"{OUT} 403 403 403 403 403"
    return {
        "changelist": _page(STAFF_ALL),
        "add": _page(WRITERS if add else superuser_only),
        "change": _page(f"{OUT} 200 200 gone 200 200", f"{OUT} {saves} {saves} gone 403 {saves}" if change
                        else f"{OUT} 403 403 gone 403 403", other=f"{OUT} gone gone gone gone 200"),
        "delete": _page(f"{OUT} 200 200 gone 403 200" if delete else superuser_only,
                        other=f"{OUT} gone gone gone 403 200" if delete else superuser_only),
        "history": _page(f"{OUT} 200 200 {history_hidden} 200 200",
                         other=f"{OUT} {history_hidden} {history_hidden} {history_hidden} {history_hidden} 200"),
        "redirect": _page(REDIRECT, other=REDIRECT),
    }


def reference_admin(writers=WRITERS, delete=None, change_post=None) -> dict[str, Expect]:
    # Reference rows belong to nobody: there is no 沈阳 row, hence no `other`.
    """Reference data everyone on staff reads (catalogues, rates): administrators edit."""
    return {
        "changelist": _page(STAFF_ALL),
        "add": _page(writers),
        "change": _page(STAFF_ALL, change_post or writers),
        "delete": _page(delete or writers),
        "history": _page(STAFF_ALL),
        "redirect": _page(REDIRECT),
    }


def superuser_admin(add=False, change_post=False, delete=True) -> dict[str, Expect]:
    """Site records only the superuser sees (lockouts, role groups)."""
    only = f"{OUT} 403 403 403 403 200"
    return {
        "changelist": _page(only), "add": _page(only if add else STAFF_NONE),
        "change": _page(only, only if change_post else STAFF_NONE), "delete": _page(only if delete else STAFF_NONE),
        "history": _page(only), "redirect": _page(REDIRECT),
    }


# A page about one of 达川's objects outside the six standard ones (evaluate, review, steps, record).
OBJECT_PAGE = _page(f"{OUT} 200 200 404 403 200", other=f"{OUT} 404 404 404 404 200")

ADMIN_MODELS = {
    "unions.region": reference_admin(writers=STAFF_NONE, change_post=STAFF_NONE),
    "unions.unionorganization": scoped_admin(),
    "unions.enterprise": scoped_admin(),
    "auth.user": {  # staff users of one's own subtree; 达川's read-only member is the object
        "changelist": _page(f"{OUT} 200 200 200 403 200"), "add": _page(f"{OUT} 200 200 200 403 200"),
        "change": _page(f"{OUT} 200 200 gone 403 200"), "delete": _page(f"{OUT} 403 403 403 403 200"),
        "history": _page(f"{OUT} 200 200 gone 403 200"), "redirect": _page(REDIRECT),
    },
    "auth.group": superuser_admin(add=False, change_post=False, delete=False),
    "unions.apikey": scoped_admin(),
    "unions.reveallog": {  # append-only: nobody adds, changes or deletes
        "changelist": _page(STAFF_ALL), "add": _page(STAFF_NONE),
        "change": _page(f"{OUT} gone gone gone gone 200", STAFF_NONE), "delete": _page(STAFF_NONE),
        "history": _page(f"{OUT} gone gone gone gone 200"), "redirect": _page(REDIRECT),
    },
    "stations.facility": reference_admin(),
    "stations.serviceitem": reference_admin(),
    "stations.subsidyrate": reference_admin(),
    "stations.station": scoped_admin(),
    "stations.event": scoped_admin(),
    "stations.feedback": scoped_admin(add=False, saves=302),  # from workers only; answering is optional
    "stations.evaluation": scoped_admin(add=False, saves=302),  # recorded from the evaluate page; all read-only
    "stations.coveragetarget": scoped_admin(),
    "jobs.employer": scoped_admin(),
    "jobs.verificationvisit": scoped_admin(change=False, delete=False),  # a visit is a record: kept as made
    "jobs.jobposting": scoped_admin(),
    "jobs.bulletin": scoped_admin(),
    "jobs.jobfair": scoped_admin(),
    "jobs.jobseeker": scoped_admin(),
    "jobs.jobintention": scoped_admin(add=False),
    "jobs.match": scoped_admin(add=False, saves=302),
    "jobs.trainingcourse": scoped_admin(),
    # Plain ModelAdmins scoped through the course: Django's own history page redirects ("gone").
    "jobs.trainingclass": scoped_admin(history_hidden="gone"),
    "jobs.enrolment": scoped_admin(add=False, history_hidden="gone"),
    "mediation.case": scoped_admin(),
    "mediation.agreement": scoped_admin(add=False),
    "mediation.team": scoped_admin(),
    "mediation.teammember": scoped_admin(),
    "mediation.risk": scoped_admin(),
    "model_workers.modelworker": scoped_admin(),
    "model_workers.workerevent": scoped_admin(saves=302),  # an empty form keeps the event as it is
    "model_workers.visit": scoped_admin(add=False),
    "model_workers.careservice": reference_admin(change_post=f"{OUT} 302 302 302 403 302"),  # nothing required
    "model_workers.careorder": scoped_admin(),
    "model_workers.benefitcheck": scoped_admin(add=False),
}

REVEALERS = {"city_staff", "district_staff", "superuser"}

ADMIN_PAGES = {
    "index": _page(STAFF_ALL),
    "app_list": _page(STAFF_ALL),
    "login": _page("200 200 200 200 gone gone gone gone gone", "200*"),
    "logout": _page("gone gone gone gone 405 405 405 405 405", "gone gone gone gone 200 200 200 200 200"),
    "password_change": _page(STAFF_ALL),
    "password_change_done": _page(STAFF_ALL, f"{OUT} 405 405 405 405 405"),
    "autocomplete": _page(STAFF_NONE, f"{OUT} 405 405 405 405 405"),  # without a field to complete
    "jsi18n": _page(STAFF_ALL, f"{OUT} 405 405 405 405 405"),
    "view_on_site": _page(REDIRECT, other=REDIRECT),
    "catch_all": _page(f"{OUT} 404 404 404 404 404"),
    "auth_user_password_change": _page(f"{OUT} 200 200 404 403 200"),
    "stations_station_import": _page(WRITERS),
    "stations_station_evaluate": OBJECT_PAGE,
    "stations_coverage_report": _page(STAFF_ALL),
    "jobs_jobposting_import": _page(WRITERS),
    "jobs_jobposting_review": OBJECT_PAGE,
    "mediation_case_step": OBJECT_PAGE,
    "mediation_agreement_step": OBJECT_PAGE,
    "mediation_risk_step": OBJECT_PAGE,
    # Revealing is logged, and shows the raw numbers to those who may reveal them.
    "mediation_case_reveal": _page(f"{OUT} 200 200 404 403 200", other=f"{OUT} 404 404 404 404 200",
                                   reveals={"GET": REVEALERS, "POST": REVEALERS}),
    "model_workers_modelworker_reveal": _page(f"{OUT} 302 302 404 302 302", f"{OUT} 200 200 404 403 200",
                                              other=f"{OUT} 404 404 404 404 302", reveals={"POST": REVEALERS}),
    "model_workers_modelworker_import": _page(WRITERS),
    "model_workers_modelworker_import_template": _page(WRITERS),
    "model_workers_modelworker_five_visits": _page(STAFF_ALL),
    "model_workers_visit_calendar": _page(STAFF_ALL),
    "model_workers_visit_record": OBJECT_PAGE,
}


def _admin_table() -> dict[str, Expect]:
    table = {f"admin:{name}": expect for name, expect in ADMIN_PAGES.items()}
    for label, pages in ADMIN_MODELS.items():
        prefix = label.replace(".", "_")
        for page, expect in pages.items():
            table[f"admin:{prefix}_{page}"] = expect
    return table


# Answers the matrix found wrong and that are not fixed yet: the table keeps the right answer, the
# test is an expected failure (strict: once fixed it fails until the line goes).
KNOWN_BUGS: dict[str, str] = {}


def table() -> dict[str, Expect]:
    return {**_api_table(), **_admin_table()}
