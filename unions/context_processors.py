"""Template context shared by every public page."""

from django.conf import settings

LARGE_TEXT_COOKIE = "large_text"


def accessibility(request):
    """Whether the elderly-friendly large-text mode (适老化) is on; it persists in a cookie."""
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "portal_base_url": settings.PORTAL_BASE_URL,
    }
