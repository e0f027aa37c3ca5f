"""The site's URLs plus one view that fails, to see the 500 page (tests only)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


@login_not_required
def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("falla provocada por la prueba")


urlpatterns = [path("falla/", fail), *site_urlpatterns]
