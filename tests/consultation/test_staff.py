"""Staff pages: permission on every view, moderation, clustering, bulk answers with
templates, publication, import with a validation report, exports."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEntry
from consultation.intake import proposal_submit
from consultation.models import Cluster, Consultation, Proposal, ResponseTemplate
from tests.consultation.conftest import staff_client
from tests.documents.conftest import media, templates  # noqa: F401 (fixtures)
from workflow.models import Commitment

pytestmark = pytest.mark.django_db

TEXTS = [
    "Publicar en datos abiertos todos los contratos del Estado.",
    "Publicar en datos abiertos todos los contratos del estado peruano.",
    "Crear un portal de obras públicas con fotos del avance.",
]


@pytest.fixture
def proposals(consultation: Consultation, drafts: list[Commitment]) -> list[Proposal]:
    return [
        proposal_submit(consultation=consultation, ip=f"203.0.113.{n}", text=text,
                        commitment=drafts[0], author_name=f"Persona {n}", data_consent=True)
        for n, text in enumerate(TEXTS)
    ]  # fmt: skip


def urls(pk: int) -> dict[str, str]:
    return {
        "index": "/consultation/", "moderation": f"/consultation/{pk}/moderacion/",
        "workspace": f"/consultation/{pk}/sistematizacion/",
        "act": f"/consultation/{pk}/sistematizacion/accion/",
        "import": f"/consultation/{pk}/importar/", "docx": f"/consultation/{pk}/matriz.docx",
        "xlsx": f"/consultation/{pk}/matriz.xlsx", "csv": f"/consultation/{pk}/matriz.csv",
    }  # fmt: skip


def test_roles_without_permission_get_403(
    consultation: Consultation, proposals: list[Proposal], users: dict[str, User]
) -> None:
    pages = urls(consultation.pk)
    for username in ("auditoria", "observador", "enlace_minedu", "miembro_minjus"):
        client = staff_client(users[username])
        for name, url in pages.items():
            response = client.post(url) if name == "act" else client.get(url)
            assert response.status_code == 403, (username, name)
    moderator = staff_client(users["moderacion"])
    assert moderator.get(pages["moderation"]).status_code == 200
    for name in ("workspace", "import", "docx", "xlsx", "csv"):
        assert moderator.get(pages[name]).status_code == 403, name
    response = moderator.post(pages["act"], {"action": "publish"})
    assert response.status_code == 403
    assert Client().get(pages["workspace"]).status_code == 302  # to the login page


def test_moderator_hides_with_reason_and_restores(
    consultation: Consultation, proposals: list[Proposal], users: dict[str, User]
) -> None:
    client = staff_client(users["moderacion"])
    url = urls(consultation.pk)["moderation"]
    assert TEXTS[0] in client.get(url).content.decode()
    first, second = proposals[0], proposals[1]
    client.post(url, {"proposal": first.pk, "action": "approve"})
    client.post(url, {"proposal": second.pk, "action": "hide", "reason": ""})
    second.refresh_from_db()
    assert second.state == Proposal.State.PENDING  # a reason is required
    client.post(url, {"proposal": second.pk, "action": "hide", "reason": "Contenido ofensivo"})
    second.refresh_from_db()
    assert second.state == Proposal.State.HIDDEN and second.hidden_reason == "Contenido ofensivo"
    page = Client().get("/consulta/seguimiento/", {"codigo": second.code}).content.decode()
    assert "No publicado por moderación" in page and "Contenido ofensivo" in page
    client.post(url, {"proposal": second.pk, "action": "restore"})
    second.refresh_from_db()
    assert second.state == Proposal.State.VISIBLE
    actions = list(AuditEntry.objects.filter(object_type="proposal").values_list(
        "action", "actor_username"))  # fmt: skip
    assert actions == [("proposal.approve", "moderacion"), ("proposal.hide", "moderacion"),
                       ("proposal.restore", "moderacion")]  # fmt: skip


def test_secretariat_clusters_answers_in_bulk_and_publishes(
    templates: None,  # noqa: F811
    consultation: Consultation, proposals: list[Proposal], users: dict[str, User],
    drafts: list[Commitment],
) -> None:  # fmt: skip
    secretariat = staff_client(users["secretaria"])
    pages = urls(consultation.pk)
    for proposal in proposals:
        staff_client(users["moderacion"]).post(
            pages["moderation"], {"proposal": proposal.pk, "action": "approve"}
        )
    page = secretariat.get(pages["workspace"]).content.decode()
    assert "Aportes similares" in page and proposals[1].code in page  # suggested pair
    ids = [proposals[0].pk, proposals[1].pk]
    secretariat.post(pages["act"], {"action": "merge", "proposal": ids, "title": "Contratos"})
    cluster = Cluster.objects.get()
    assert set(cluster.proposals.values_list("pk", flat=True)) == set(ids)
    # Members keep their identity (code, author) inside the cluster.
    assert Proposal.objects.get(pk=ids[0]).author_name == "Persona 0"
    secretariat.post(pages["act"], {"action": "split", "proposal": [ids[1]]})
    assert list(cluster.proposals.values_list("pk", flat=True)) == [ids[0]]
    secretariat.post(pages["act"], {"action": "assign", "proposal": ids,
                                    "commitment": drafts[1].pk})  # fmt: skip
    secretariat.post(pages["act"], {"action": "template", "title": "Acogida",
                                    "disposition": "acogida",
                                    "response": "Se incorpora en el compromiso {compromiso}."})  # fmt: skip
    template = ResponseTemplate.objects.get()
    secretariat.post(pages["act"], {"action": "answer", "proposal": ids,
                                    "template": template.pk})  # fmt: skip
    # Publishing is refused while one proposal has no disposition.
    response = secretariat.post(pages["act"], {"action": "publish"}, follow=True)
    assert "Aportes aún sin respuesta: 1." in response.content.decode()
    secretariat.post(pages["act"], {"action": "answer", "proposal": [proposals[2].pk],
                                    "disposition": "fuera_de_alcance",
                                    "response": "Corresponde a los gobiernos locales."})  # fmt: skip
    secretariat.post(pages["act"], {"action": "publish"})
    published = Proposal.objects.get(pk=ids[1])
    assert published.published_disposition == "acogida"
    assert published.published_response == (
        f"Se incorpora en el compromiso N.° 2, «{drafts[1].title}»."
    )
    public = Client().get("/consulta/rendicion-de-cuentas/").content.decode()
    assert "Fuera de alcance" in public and "Persona 0" not in public
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"proposal.merge", "proposal.split", "proposal.assign", "proposal.answer",
            "responsetemplate.create", "consultation.responses_publish"} <= actions  # fmt: skip

    xlsx = load_workbook(io.BytesIO(secretariat.get(pages["xlsx"]).content)).active
    assert xlsx is not None
    rows = list(xlsx.iter_rows(values_only=True))
    assert rows[0][0] == "Código" and len(rows) == 4
    assert "Fuera de alcance" in [row[8] for row in rows]
    csv_text = secretariat.get(pages["csv"]).content.decode("utf-8-sig")
    assert proposals[2].code in csv_text and "Persona" not in csv_text
    docx = Document(io.BytesIO(secretariat.get(pages["docx"]).content))
    text = "\n".join(cell.text for table in docx.tables for row in table.rows
                     for cell in row.cells)  # fmt: skip
    assert "Fuera de alcance" in text and proposals[0].code in text


def test_import_reports_bad_rows_and_imports_nothing_then_imports(
    consultation: Consultation, users: dict[str, User], drafts: list[Commitment]
) -> None:
    client = staff_client(users["secretaria"])
    url = urls(consultation.pk)["import"]
    bad = ("origen,texto,compromiso,nombre,correo,consentimiento\n"
           "correo,Ampliar el plazo de la consulta.,1,,,\n"
           "fax,Otro aporte,,,,\n"
           "papel,Aporte con datos,,Ana,ana@example.pe,no\n")  # fmt: skip
    response = client.post(url, {"file": SimpleUploadedFile("aportes.csv", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filas con errores: 2;" in page and "Origen desconocido" in page
    assert not Proposal.objects.exists()
    good = bad.replace("fax", "correo").replace(",no\n", ",sí\n")
    response = client.post(url, {"file": SimpleUploadedFile("aportes.csv", good.encode())})
    assert response.status_code == 200
    assert Proposal.objects.count() == 3
    first = Proposal.objects.order_by("pk").first()
    assert first is not None
    assert first.origin == "email" and first.commitment == drafts[0]
    assert first.state == Proposal.State.VISIBLE
    assert AuditEntry.objects.filter(action="proposal.register").count() == 3
