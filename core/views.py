from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import run_checks


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Machine-readable health: 200 when every required part is up, 503 otherwise."""
    checks = run_checks()
    healthy = all(check.ok for check in checks if check.required)
    # Error details may name hosts and users: only staff see them.
    detailed = request.user.is_authenticated and request.user.is_staff
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {
            check.name: {"ok": check.ok, "required": check.required}
            | ({"detail": check.detail} if detailed else {})
            for check in checks
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)
