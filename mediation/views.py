"""Public pages of mediation (what mediation is, apply, case status) and the scoped document download.

The public pages work without JavaScript. The application is throttled like the API's
(`PublicWriteThrottle`), and status lookups like the API's (`LookupThrottle`): both count in the
same shared cache, so the page and the API cannot be played against each other. A wrong number
or code gets the same answer as a missing case: nothing is revealed.
"""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mediation import services
from mediation.choices import CaseStatus
from mediation.forms import ApplicationForm, StatusForm
from mediation.models import MEDIATION_PERIOD_DAYS, Document
from unions.api.throttling import LookupThrottle, PublicWriteThrottle


def next_step(case) -> str:
    """What happens next, in plain words; never any personal data."""
    texts = {
        CaseStatus.RECEIVED: _("We have your application. A mediator will call you soon to accept the case "
                               "or to explain why it cannot be accepted."),
        CaseStatus.ACCEPTED: _("Your case has been accepted. Mediators are being assigned; they will call you "
                               "to arrange a mediation session."),
        CaseStatus.DECLINED: _("The station could not accept this case. You can apply to the labour dispute "
                               "arbitration committee directly; call 12351 for free advice."),
        CaseStatus.IN_MEDIATION: _("Mediators are working on your case and will contact you about sessions."),
        CaseStatus.AGREEMENT: _("An agreement has been signed. Keep your copy. If it is not honoured, tell "
                                "the station or apply for arbitration."),
        CaseStatus.NO_AGREEMENT: _("No agreement was reached. You can apply to the labour dispute arbitration "
                                   "committee; the station can help you prepare."),
        CaseStatus.WITHDRAWN: _("The application was withdrawn."),
        CaseStatus.REFERRED: _("The case has been passed to labour arbitration or a court, which will contact "
                               "you."),
        CaseStatus.CLOSED: _("The case is closed."),
    }
    return texts[CaseStatus(case.status)]


def _too_many(request, template):
    response = render(request, template, {"throttled": True, "form": None}, status=429)
    response["Retry-After"] = "3600"
    return response


@require_GET
def index(request):
    return render(request, "mediation/mediation_index.html", {"period_days": MEDIATION_PERIOD_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not PublicWriteThrottle().allow_request(request, None):
            return _too_many(request, "mediation/case_apply.html")
        if form.is_valid():
            try:
                case, code = services.case_apply_online(**form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                # Shown once, on this response only: the code is stored as a hash.
                return render(request, "mediation/case_applied.html", {"number": case.number, "code": code})
    return render(request, "mediation/case_apply.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """Number and code go in a POST body, so they stay out of addresses, logs and history."""
    form = StatusForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method == "POST":
        if not LookupThrottle().allow_request(request, None):
            return _too_many(request, "mediation/case_status.html")
        if form.is_valid():
            case = services.case_find_by_code(**form.cleaned_data)
            if case is None:
                context["not_found"] = True
            else:
                context.update(case_number=case.number, status_label=case.get_status_display(),
                               next_step=next_step(case),
                               deadline=case.deadline if case.status in (CaseStatus.ACCEPTED,
                                                                         CaseStatus.IN_MEDIATION) else None)
    return render(request, "mediation/case_status.html", context, status=404 if context.get("not_found") else 200)


@staff_member_required
@require_GET
def document_download(request, pk: int):
    """A case document, for those who can see its case; another organisation's is a 404."""
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("mediation.view_document"):
        raise PermissionDenied
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
