"""Choices the public form offers (stored as their labels' codes)."""

from django.utils.translation import gettext_lazy as _

SECTORS = [
    ("ciudadania", _("Citizen")),
    ("sociedad_civil", _("Civil society")),
    ("academia", _("Academia")),
    ("sector_privado", _("Private sector")),
    ("estado", _("Public sector")),
]
# Peru's regions (departamentos), plus Lima Metropolitana and the Callao constitutional
# province, as the seed's workshops name them.
REGIONS = [
    "Amazonas", "Áncash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao", "Cusco",
    "Huancavelica", "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque", "Lima",
    "Lima Metropolitana", "Loreto", "Madre de Dios", "Moquegua", "Pasco", "Piura", "Puno",
    "San Martín", "Tacna", "Tumbes", "Ucayali",
]  # fmt: skip
PARAGRAPH_LABELS = {
    "problema": _("Public problem"),
    "compromiso": _("Commitment"),
    "solucion": _("How it solves the problem"),
}
