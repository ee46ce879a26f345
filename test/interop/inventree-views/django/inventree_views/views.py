"""InvenTree 0.15's background-task views and API catch-all.

common/api.py (lines 535-598): BackgroundTaskOverview, PendingTaskList,
ScheduledTaskList, FailedTaskList. InvenTree/api.py: BulkDeleteMixin (lines
302-376) and NotFoundView — in 0.15 an AjaxView, i.e. a plain Django View (it
became a DRF APIView in InvenTree PR #8461, after 0.16). InvenTree/filters.py:
SEARCH_ORDER_FILTER, InvenTreeSearchFilter. InvenTree/status.py:
is_worker_running. InvenTree/helpers.py: str2bool. InvenTree/mixins.py: ListAPI.
"""
from datetime import timedelta

from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_filters import rest_framework as rest_filters
from django_q.models import Failure, OrmQ, Schedule, Success
from django_q.status import Stat
from rest_framework import filters, generics, permissions
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.serializers import ValidationError
from rest_framework.views import APIView

from . import serializers


def str2bool(text, test=True):
    if test:
        return str(text).lower() in ['1', 'y', 'yes', 't', 'true', 'ok', 'on']
    return str(text).lower() in ['0', 'n', 'no', 'none', 'f', 'false', 'off']


class InvenTreeSearchFilter(filters.SearchFilter):
    def get_search_fields(self, view, request):
        fields = super().get_search_fields(view, request)
        regex = str2bool(request.query_params.get('search_regex', False))
        return [('$' + field) if regex else field for field in fields]

    def get_search_terms(self, request):
        whole = str2bool(request.query_params.get('search_whole', False))
        terms = super().get_search_terms(request)
        return [r'\y' + term + r'\y' for term in terms] if whole else terms


SEARCH_ORDER_FILTER = [rest_filters.DjangoFilterBackend, InvenTreeSearchFilter, filters.OrderingFilter]


class ListAPI(generics.ListAPIView):
    pass


def is_worker_running(**kwargs):
    try:
        clusters = Stat.get_all()
    except Exception:  # noqa: BLE001 - no shared cache here: no cluster stats
        clusters = []
    if len(clusters) > 0:
        return True
    now = timezone.now()
    past = now - timedelta(minutes=10)
    results = Success.objects.filter(started__gte=past)
    try:
        return results.exists()
    except Exception:  # noqa: BLE001
        return False


class BulkDeleteMixin:
    def filter_delete_queryset(self, queryset, request):
        return queryset

    def delete(self, request, *args, **kwargs):
        model = self.serializer_class.Meta.model
        try:
            items = request.data.getlist('items', None)
        except AttributeError:
            items = request.data.get('items', None)
        try:
            filters = request.data.getlist('filters', None)
        except AttributeError:
            filters = request.data.get('filters', None)

        if not items and not filters:
            raise ValidationError({'non_field_errors': ['List of items or filters must be provided for bulk deletion']})
        if items and type(items) is not list:
            raise ValidationError({'items': ["'items' must be supplied as a list object"]})
        if filters and type(filters) is not dict:
            raise ValidationError({'filters': ["'filters' must be supplied as a dict object"]})

        n_deleted = 0
        with transaction.atomic():
            queryset = model.objects.all()
            queryset = self.filter_delete_queryset(queryset, request)
            if items:
                queryset = queryset.filter(id__in=items)
            if filters:
                queryset = queryset.filter(**filters)
            n_deleted = queryset.count()
            queryset.delete()

        return Response({'success': f'Deleted {n_deleted} items'}, status=204)


class BackgroundTaskOverview(APIView):
    """Provides an overview of the background task queue status."""

    permission_classes = [permissions.IsAuthenticated, IsAdminUser]
    serializer_class = None

    def get(self, request, format=None):
        serializer = serializers.TaskOverviewSerializer({
            'is_running': is_worker_running(),
            'pending_tasks': OrmQ.objects.count(),
            'scheduled_tasks': Schedule.objects.count(),
            'failed_tasks': Failure.objects.count(),
        })
        return Response(serializer.data)


class PendingTaskList(BulkDeleteMixin, ListAPI):
    """Provides a read-only list of currently pending tasks."""

    permission_classes = [permissions.IsAuthenticated, IsAdminUser]
    queryset = OrmQ.objects.all()
    serializer_class = serializers.PendingTaskSerializer


class ScheduledTaskList(ListAPI):
    """Provides a read-only list of currently scheduled tasks."""

    permission_classes = [permissions.IsAuthenticated, IsAdminUser]
    queryset = Schedule.objects.all()
    serializer_class = serializers.ScheduledTaskSerializer
    filter_backends = SEARCH_ORDER_FILTER
    ordering_fields = ['pk', 'func', 'last_run', 'next_run']
    search_fields = ['func']

    def get_queryset(self):
        return serializers.ScheduledTaskSerializer.annotate_queryset(super().get_queryset())


class FailedTaskList(BulkDeleteMixin, ListAPI):
    """Provides a read-only list of currently failed tasks."""

    permission_classes = [permissions.IsAuthenticated, IsAdminUser]
    queryset = Failure.objects.all()
    serializer_class = serializers.FailedTaskSerializer
    filter_backends = SEARCH_ORDER_FILTER
    ordering_fields = ['pk', 'func', 'started', 'stopped']
    search_fields = ['func']


class NotFoundView(View):
    """Simple JSON view when accessing an invalid API view (0.15: AjaxView → django.views.View)."""

    def not_found(self, request):
        return JsonResponse({'detail': _('API endpoint not found'), 'url': request.build_absolute_uri()}, status=404)

    def options(self, request, *args, **kwargs):
        return self.not_found(request)

    def get(self, request, *args, **kwargs):
        return self.not_found(request)

    def post(self, request, *args, **kwargs):
        return self.not_found(request)

    def patch(self, request, *args, **kwargs):
        return self.not_found(request)

    def put(self, request, *args, **kwargs):
        return self.not_found(request)

    def delete(self, request, *args, **kwargs):
        return self.not_found(request)
