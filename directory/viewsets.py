"""Staff UI of the directory: read for every role, edits for the technical secretariat."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, ModelViewset, ReadonlyModelViewset

from directory.models import Entity, Office


class EntityViewset(ModelViewset):
    model = Entity
    icon = "account_balance"
    title = _("Entities")
    list_columns = ("name", "acronym", "kind", "ubigeo", "head_name", "email")
    list_filter_fields = ("kind",)
    list_search_fields = ("name", "acronym", "ubigeo")
    form_fields = ("name", "acronym", "head_title", "head_name", "email", "city")


class OfficeViewset(ReadonlyModelViewset):
    model = Office
    icon = "business"
    title = _("Offices")
    list_columns = ("name", "acronym", "entity", "head_name")


directory_app = Application(
    title=_("Directory"),
    icon="contacts",
    app_name="directory",
    permission="directory.view_entity",
    viewsets=[EntityViewset(), OfficeViewset()],
)
