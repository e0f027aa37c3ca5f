"""The product's URLs plus the bare flow's task pages under /bench/."""

from django.urls import path
from viewflow.urls import Site
from viewflow.workflow.flow import FlowViewset, WorkflowAppViewset

from benchmarks.flows import BareFlow
from config.urls import urlpatterns as product_urls


class BenchApp(WorkflowAppViewset):
    app_name = "bench"  # the product's site owns the "workflow" namespace


bench_site = Site(title="Bench", viewsets=[BenchApp(flow_viewsets=[FlowViewset(BareFlow)])])

urlpatterns = [*product_urls, path("bench/", bench_site.urls)]
