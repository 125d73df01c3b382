from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Pages that stay right while rows are added: a cursor, not a page number, over the primary key."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
