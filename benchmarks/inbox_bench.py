"""Inbox, queue and archive at a million tasks; task completion against bare viewflow.

The million tasks are synthetic processes of the real flows (PlanFlow and OficioFlow),
written by one INSERT … SELECT over generate_series: nine in ten processes finished,
the open ones waiting on a role's queue (plans) or on a person (oficios), the work spread
over 2,000 staff so that the demo secretariat's inbox, queue and archive have the sizes
of a busy specialist's. Pages are timed in-process through Django's test client (every
middleware, the template, the queries), which is the server's time without the network.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.fields import get_flow_ref, get_task_ref
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from benchmarks.harness import Figure, p95, timed

FULL = 1_000_000
PER_PROCESS = 10
STAFF = 2_000
PAGES = {"inbox": "/workflow/inbox/", "queue": "/workflow/queue/", "archive": "/workflow/archive/"}
COMPLETIONS = 200  # tasks of each flow completed at scale 1


def _human_refs(flow_class: Any) -> list[str]:
    return [
        get_task_ref(node)
        for node in flow_class.instance.nodes()
        if getattr(node, "task_type", "") == "HUMAN"
    ]


_PROCESSES = """
INSERT INTO viewflow_process (id, flow_class, status, created, finished, data)
SELECT %(base)s + g,
       CASE WHEN g %% 5 = 0 THEN %(plan)s ELSE %(oficio)s END,
       CASE WHEN g %% 20 IN (1, 5) THEN 'NEW' ELSE 'DONE' END,
       now() - (%(count)s - g) * interval '30 minutes',
       CASE WHEN g %% 20 IN (1, 5) THEN NULL
            ELSE now() - (%(count)s - g) * interval '30 minutes' + interval '10 days' END,
       CASE WHEN g %% 5 = 0 THEN jsonb_build_object('plan', 'Plan de Acción ' || g)
            ELSE jsonb_build_object('oficio', g) END
FROM generate_series(1, %(count)s) AS g
"""

# Task k of process g: k = 1 its start; 2–9 human steps done by someone; 10 its end, or,
# while the process is open, the step waiting in a role's queue (plans) or an inbox.
_TASKS = """
INSERT INTO viewflow_task (id, process_id, flow_task, flow_task_type, status, created,
                           assigned, finished, token, owner_id, owner_permission, data)
SELECT %(tbase)s + (g - 1) * 10 + k, %(base)s + g,
       CASE WHEN k = 1 THEN (CASE WHEN plan THEN %(plan_start)s ELSE %(oficio_start)s END)
            WHEN k = 10 AND NOT open THEN (CASE WHEN plan THEN %(plan_end)s ELSE %(oficio_end)s END)
            WHEN plan THEN (%(plan_nodes)s::text[])[1 + (g + k) %% %(plan_n)s]
            ELSE (%(oficio_nodes)s::text[])[1 + (g + k) %% %(oficio_n)s] END,
       CASE WHEN k = 1 THEN 'START' WHEN k = 10 AND NOT open THEN 'END' ELSE 'HUMAN' END,
       CASE WHEN k < 10 OR NOT open THEN 'DONE' WHEN plan THEN 'NEW' ELSE 'ASSIGNED' END,
       started + k * interval '1 hour',
       CASE WHEN k = 1 OR (k = 10 AND (plan OR NOT open)) THEN NULL
            ELSE started + k * interval '1 hour' END,
       CASE WHEN k < 10 OR NOT open THEN started + (k + 1) * interval '1 hour' END,
       'start',
       CASE WHEN k = 1 OR (k = 10 AND (plan OR NOT open)) THEN NULL
            WHEN k = 10 AND (g / 20) %% 100 = 7 THEN %(staff)s
            WHEN k < 10 AND (g * 7 + k * 13) %% 100 = 0 THEN %(staff)s
            ELSE (%(users)s::int[])[1 + (g * 31 + k) %% %(users_n)s] END,
       CASE WHEN k = 10 AND open AND plan
            THEN (%(perms)s::text[])[1 + (g / 20) %% %(perms_n)s] END,
       CASE WHEN k = 10 AND open
            THEN jsonb_build_object('due', to_char(now() + ((g %% 40) - 10) * interval '1 day',
                                                   'YYYY-MM-DD'))
            ELSE '{}'::jsonb END
FROM (SELECT g, g %% 5 = 0 AS plan, g %% 20 IN (1, 5) AS open,
             now() - (%(count)s - g) * interval '30 minutes' AS started
      FROM generate_series(1, %(count)s) AS g) AS p
CROSS JOIN generate_series(1, 10) AS k
"""


def populate(total: int, staff: User) -> None:
    """``total`` tasks in ``total / 10`` processes, in two statements."""
    from correspondence.flows import OficioFlow
    from workflow import permissions
    from workflow.flows import PlanFlow

    users = User.objects.bulk_create(
        User(username=f"funcionario{n:04d}", is_staff=True) for n in range(STAFF)
    )
    count = total // PER_PROCESS
    plan_nodes, oficio_nodes = _human_refs(PlanFlow), _human_refs(OficioFlow)
    perms = [permissions.MANAGE, permissions.PRESIDE, permissions.PUBLISH,
             permissions.REVIEW_LEGAL, permissions.APPROVE]  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM viewflow_process")
        (base,) = cursor.fetchone()
        cursor.execute("SELECT coalesce(max(id), 0) FROM viewflow_task")
        (tbase,) = cursor.fetchone()
        params = {
            "base": base, "tbase": tbase, "count": count,
            "plan": get_flow_ref(PlanFlow), "oficio": get_flow_ref(OficioFlow),
            "plan_start": get_task_ref(PlanFlow.start), "plan_end": get_task_ref(PlanFlow.end),
            "oficio_start": get_task_ref(OficioFlow.start),
            "oficio_end": get_task_ref(OficioFlow.end),
            "plan_nodes": plan_nodes, "plan_n": len(plan_nodes),
            "oficio_nodes": oficio_nodes, "oficio_n": len(oficio_nodes),
            "users": [u.pk for u in users], "users_n": len(users), "staff": staff.pk,
            "perms": perms, "perms_n": len(perms),
        }  # fmt: skip
        cursor.execute(_PROCESSES, params)
        cursor.execute(_TASKS, params)
        for table in ("viewflow_process", "viewflow_task"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE viewflow_process")
        cursor.execute("VACUUM ANALYZE viewflow_task")


def _page_times(client: Client, paths: list[str], runs: int) -> list[tuple[float, int]]:
    """p95 and query count of each page, visited in turn so a busy moment of the machine
    weighs on every page alike."""
    for path in paths * 3:  # warm: templates, translations, the plan cache
        client.get(path)
    samples: dict[str, list[float]] = {path: [] for path in paths}
    queries: dict[str, int] = {}
    for _ in range(runs):
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                seconds, response = timed(lambda: client.get(path))  # noqa: B023
            assert response.status_code == 200, response.status_code
            samples[path].append(seconds * 1000)
            queries[path] = len(captured.captured_queries)
    return [(p95(samples[path]), queries[path]) for path in paths]


def _list_sizes(staff: User) -> str:
    from core.site import StaffWorkflowAppViewset  # noqa: F401 (the app's flows)
    from correspondence.flows import OficioFlow
    from workflow.flows import PlanFlow

    flows = [PlanFlow, OficioFlow]
    sizes = {
        "inbox": Task.objects.inbox(flows, staff).count(),
        "queue": Task.objects.queue(flows, staff).count(),
        "archive": Task.objects.archive(flows, staff).count(),
    }
    return ", ".join(f"{name} {size:,}" for name, size in sizes.items())


def _complete(client: Client, tasks: list[Task], data: dict[str, str]) -> None:
    """Open each task's form and submit it, as its owner does in the UI."""
    for task in tasks:
        if task.status == STATUS.NEW:
            assign = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
            assert client.post(assign).status_code == 302
        url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:1500]


def _oficio_reviews(count: int, users: dict[str, User]) -> list[Task]:
    """``count`` vistos buenos: oficios asking two reviewers in parallel."""
    from correspondence.flows import OficioFlow, oficio_start
    from correspondence.models import Oficio
    from correspondence.services import oficio_create
    from directory.models import Entity

    recipient = Entity.objects.filter(kind=Entity.Kind.REGIONAL_GOVERNMENT).first()
    assert recipient is not None
    for n in range(count // 2):
        oficio = oficio_create(
            author=users["secretaria"], kind=Oficio.Kind.OFICIO,
            subject=f"Designación de representantes para los talleres ({n})",
            body=["Tengo el agrado de dirigirme a usted.", "Atentamente."],
            references=[], recipients=[recipient],
            reviewers=[users["secretaria2"], users["asesoria"]], signer=users["firmante"],
            review_mode=Oficio.ReviewMode.PARALLEL,
        )  # fmt: skip
        oficio_start(oficio)
    return list(Task.objects.filter(flow_task=OficioFlow.review, status=STATUS.ASSIGNED))


def _bare_tasks(count: int, user: User) -> list[Task]:
    from benchmarks.flows import BareFlow

    for _ in range(count):
        BareFlow.start.run(user=user)
    return list(Task.objects.filter(flow_task=BareFlow.work, status=STATUS.ASSIGNED))


def _throughput(tasks: list[Task], data: dict[str, str]) -> float:
    by_owner: dict[int, list[Task]] = {}
    for task in tasks:
        by_owner.setdefault(task.owner_id or 0, []).append(task)
    started = time.perf_counter()
    for owner_id, owned in by_owner.items():
        client = Client()
        client.force_login(User.objects.get(pk=owner_id))
        _complete(client, owned, data)
    return len(tasks) / (time.perf_counter() - started)


def completion(count: int, users: dict[str, User]) -> tuple[float, float]:
    """Tasks per second: the oficio's visto bueno against the bare flow's View.

    Both steps are assigned to a person by their flow; both are completed by opening the
    task's form and submitting it through viewflow's task URLs, in alternating halves so
    that neither profits from a warmer machine.
    """
    real_rates, bare_rates = [], []
    for _ in range(2):
        bare = _bare_tasks(count // 2, users["secretaria2"])
        bare_rates.append(_throughput(bare, {}))
        reviews = _oficio_reviews(count // 2, users)
        real_rates.append(_throughput(reviews, {"decision": "approve", "comment": ""}))
    return sum(real_rates) / 2, sum(bare_rates) / 2


def run(*, scale: float) -> list[Figure]:
    from directory.actors import actors_load
    from directory.demo import demo_users_load

    if connection.vendor != "postgresql":
        print("inbox: needs PostgreSQL (--postgres URL); skipped")
        return []
    actors_load()
    users = {u.username: u for u in User.objects.filter(username__in=demo_users_load())}
    staff = users["secretaria"]
    total = max(10_000, int(FULL * scale))
    print(f"inbox: writing {total:,} tasks…", flush=True)
    seconds, _ = timed(lambda: populate(total, staff))
    print(f"inbox: {total:,} tasks written in {seconds:.0f} s ({_list_sizes(staff)})", flush=True)
    figures = []
    client = Client()
    client.force_login(staff)
    sizes = _list_sizes(staff)
    (baseline, _), *pages = _page_times(client, ["/accounts/login/", *PAGES.values()], 100)
    for name, (ms, queries) in zip(PAGES, pages, strict=True):
        figures.append(Figure(
            f"inbox: {name} first page, staff user, p95 (postgresql)", ms, "ms",
            "login page p95", baseline, target="< 50 ms",
            detail=f"{queries} queries at {total:,} tasks ({sizes})",
        ))  # fmt: skip
    count = max(20, int(COMPLETIONS * scale))
    real, bare = completion(count, users)
    figures.append(Figure(
        "inbox: task completion, oficio visto bueno (postgresql)", real, "/s",
        "bare viewflow Start→View→End", bare, target="≥ 0.5× bare",
        detail=f"{count} tasks each, open form + submit, at {total:,} tasks",
    ))  # fmt: skip
    return figures
