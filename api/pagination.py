"""Numbered pages (``?page=``, ``?page_size=`` up to 200) with the total count."""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
