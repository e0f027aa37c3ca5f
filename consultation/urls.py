"""The public consultation site."""

from django.urls import path

from consultation import public_views as views

app_name = "consultation_public"

urlpatterns = [
    path("", views.home, name="home"),
    path("aportar/", views.submit, name="submit"),
    path("recibido/<str:code>/", views.received, name="received"),
    path("seguimiento/", views.follow, name="follow"),
    path("rendicion-de-cuentas/", views.accountability, name="accountability"),
    path("estadisticas/", views.stats, name="stats"),
]
