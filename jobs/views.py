"""Public pages of the jobs app: the board, posting pages with JSON-LD, the intention form,
fairs, training and the printable bulletin. Server-rendered; they work without JavaScript."""

from __future__ import annotations

import json
from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jobs import services
from jobs.choices import SCHEMA_EMPLOYMENT_TYPE, SCHEMA_UNIT, EmploymentForm, Occupation, PriorityGroup
from jobs.filtersets import PostingFilterSet
from jobs.forms import IntentionForm, served_regions
from jobs.models import Bulletin, BulletinPage, JobFair, JobPosting, TrainingCourse
from unions.api.throttling import PublicWriteThrottle

PAGE_SIZE = 20
MAX_PAGE = 50  # deep pages of a board are never read; the API has cursor pages for machines


def board(request):
    filterset = PostingFilterSet(request.GET or None, queryset=JobPosting.objects.public().for_list().order_by("-id"))
    postings = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    if filterset.is_bound and not filterset.is_valid():
        postings = JobPosting.objects.none()
    paginator = CappedPaginator(postings, PAGE_SIZE)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    if number < 1 or number > MAX_PAGE:
        raise Http404(_("That page does not exist."))
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = paginator.page(paginator.num_pages) if number > 1 else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/posting_board.html",
        {
            "filter": filterset,
            "page": page,
            "count": paginator.count,
            "more": paginator.capped,
            "cap": MAX_PAGE * PAGE_SIZE,
            "last_page": min(paginator.num_pages, MAX_PAGE),
            "query": query.urlencode(),
            "regions": served_regions(),
            "occupations": Occupation.choices,
            "forms": EmploymentForm.choices,
            "groups": PriorityGroup.choices,
            "selected": {
                key: request.GET.get(key, "")
                for key in ("q", "region", "occupation", "employment_form", "priority_group", "min_pay")
            },
        },
    )


class CappedPaginator(Paginator):
    """Counts at most the rows a person can page to (MAX_PAGE pages): "1,000+" needs no full count,
    so a broad filter over a million postings answers as fast as a narrow one."""

    @cached_property
    def count(self) -> int:
        cap = MAX_PAGE * PAGE_SIZE
        found = self.object_list.order_by()[: cap + 1].count()
        self.capped = found > cap
        return min(found, cap)

    capped = False


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def posting_json_ld(posting: JobPosting) -> dict:
    """schema.org JobPosting, as search engines and job aggregators read it."""
    valid_through = timezone.make_aware(datetime.combine(posting.valid_through, time(23, 59, 59)))
    location = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": posting.address,
            "addressLocality": posting.region.name,
            "postalCode": "",
            "addressRegion": posting.region.code,
            "addressCountry": "CN",
        },
    }
    if posting.latitude is not None and posting.longitude is not None:
        location["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(posting.latitude),
            "longitude": float(posting.longitude),
        }
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description or posting.title,
        # The date in China, not in UTC: a posting published at 07:00 was posted that day.
        "datePosted": timezone.localdate(posting.published_at or posting.created_at).isoformat(),
        "validThrough": valid_through.isoformat(),
        "hiringOrganization": {
            "@type": "Organization",
            "name": posting.employer.enterprise.name,
            "identifier": posting.employer.enterprise.credit_code,
        },
        "jobLocation": location,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "CNY",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": float(posting.pay_min),
                "maxValue": float(posting.pay_max),
                "unitText": SCHEMA_UNIT[posting.pay_unit],
            },
        },
        "employmentType": SCHEMA_EMPLOYMENT_TYPE[posting.employment_form],
        "totalJobOpenings": posting.headcount,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + posting.get_absolute_url(),
    }
    if posting.skills:
        data["skills"] = posting.skills
    if posting.hours:
        data["workHours"] = posting.hours
    return data


def json_ld_script(data: dict) -> str:
    """A `<script type="application/ld+json">` block; <, > and & escaped so no text can close it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


def posting_detail(request, pk: int):
    posting = get_object_or_404(JobPosting.objects.public().for_list(), pk=pk)
    return render(
        request,
        "jobs/posting_detail.html",
        {
            "posting": posting,
            "json_ld": json_ld_script(posting_json_ld(posting)),
        },
    )


def interested(request, pk: int):
    """ "I'm interested": the intention form, pre-filled from the posting."""
    posting = get_object_or_404(JobPosting.objects.public(), pk=pk)
    return redirect(f"{reverse('jobs:intention')}?posting={posting.pk}")


def intention(request):
    posting = None
    posting_id = request.POST.get("posting") or request.GET.get("posting")
    if posting_id and str(posting_id).isdigit():
        posting = JobPosting.objects.public().for_list().filter(pk=posting_id).first()
    if request.method == "POST":
        # The same per-address limit as the API's anonymous writes: a form is no way around it.
        if not PublicWriteThrottle().allow_request(request, None):
            return render(
                request,
                "jobs/intention_form.html",
                {"form": IntentionForm(), "posting": posting, "throttled": True},
                status=429,
            )
        form = IntentionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.seeker_register(
                    name=data["name"],
                    phone=data["phone"],
                    age_band=data["age_band"],
                    consent=data["consent"],
                    region=data["region"],
                    occupations=data["occupations"],
                    priority_group=data["priority_group"],
                    education=data["education"],
                    employment_forms=data["employment_forms"],
                    min_monthly_pay=data["min_monthly_pay"],
                    availability=data["availability"],
                    skills=data["skills"],
                    interested_in=posting,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("jobs:intention-thanks")
    else:
        initial = {}
        if posting is not None:
            initial = {
                "occupations": [posting.occupation],
                "employment_forms": [posting.employment_form],
                "region": posting.region_id,
                "posting": posting.pk,
            }
        form = IntentionForm(initial=initial)
    return render(request, "jobs/intention_form.html", {"form": form, "posting": posting})


def intention_thanks(request):
    messages.success(request, _("Thank you. Union staff will call you about matching jobs."))
    return render(request, "jobs/intention_thanks.html")


def fair_list(request):
    fairs = JobFair.objects.with_figures().select_related("region").order_by("-starts_at")[:50]
    return render(request, "jobs/jobfair_list.html", {"fairs": fairs, "now": timezone.now()})


def fair_detail(request, pk: int):
    fair = get_object_or_404(
        JobFair.objects.with_figures().prefetch_related("participations__employer__enterprise"),
        pk=pk,
    )
    return render(request, "jobs/jobfair_detail.html", {"fair": fair})


def training_list(request):
    courses = (
        TrainingCourse.objects.filter(is_public=True)
        .with_figures()
        .select_related("employer__enterprise")
        .order_by("-created_at")[:50]
    )
    return render(request, "jobs/trainingcourse_list.html", {"courses": courses})


def training_detail(request, pk: int):
    course = get_object_or_404(
        TrainingCourse.objects.filter(is_public=True)
        .with_figures()
        .select_related("employer__enterprise")
        .prefetch_related("classes__sessions"),
        pk=pk,
    )
    return render(request, "jobs/trainingcourse_detail.html", {"course": course})


def bulletin_print(request, pk: int):
    """The bulletin as an A4 notice for a station's board; each posting with a QR code to its page."""
    import segno

    bulletin = get_object_or_404(
        Bulletin.objects.select_related("owner").prefetch_related(
            Prefetch(
                "pages",
                queryset=BulletinPage.objects.prefetch_related(
                    Prefetch("postings", queryset=JobPosting.objects.for_list().order_by("id"))
                ),
            )
        ),
        pk=pk,
    )
    base = settings.PORTAL_BASE_URL.rstrip("/")
    pages = []
    for page in bulletin.pages.all():
        entries = [
            (
                posting,
                # segno writes the SVG itself and escapes the title: safe to insert as markup.
                mark_safe(  # noqa: S308
                    segno.make(base + posting.get_absolute_url(), error="m").svg_inline(
                        omitsize=True, title=posting.title
                    )
                ),
            )
            for posting in page.postings.all()
        ]
        pages.append((page, entries))
    return render(request, "jobs/bulletin_print.html", {"bulletin": bulletin, "pages": pages})
