"""InvenTree 0.15 common/serializers.py (lines ~362-476): the background-task serializers.

PendingTaskSerializer renders OrmQ rows the way django-q2 1.6.2's OrmQ does
(InvenTree's django-q): `task` is SignedPackage.loads(payload), or
{"id": "*" + ExceptionClassName} when that fails; `func` through django-q2's
get_func_repr. Debian ships django-q 1.3.9, whose OrmQ lacks both, so they are
re-implemented here (django-q2 django_q/models.py OrmQ, django_q/utils.py).
"""
import inspect

from django_q.models import Failure, OrmQ, Schedule
from django_q.signing import SignedPackage
from rest_framework import serializers


def get_func_repr(func):
    if inspect.isfunction(func):
        return f'{func.__module__}.{func.__name__}'
    if inspect.ismethod(func) and hasattr(func.__self__, '__name__'):
        return f'{func.__self__.__module__}.{func.__self__.__name__}.{func.__name__}'
    return str(func)


class Q2OrmQ:
    """django-q2's OrmQ methods over a django-q 1.3.9 OrmQ row."""

    def __init__(self, row):
        self.pk = row.pk
        self.key = row.key
        self.lock = row.lock
        try:
            self.task = SignedPackage.loads(row.payload)
        except Exception as e:  # noqa: BLE001 - django-q2 catches everything here
            self.task = {'id': '*' + e.__class__.__name__}

    def task_id(self):
        return self.task.get('id')

    def name(self):
        return self.task.get('name')

    def func(self):
        func = self.task.get('func')
        return get_func_repr(func) if func else None

    def args(self):
        return self.task.get('args')

    def kwargs(self):
        return self.task.get('kwargs')


class TaskOverviewSerializer(serializers.Serializer):
    is_running = serializers.BooleanField(read_only=True)
    pending_tasks = serializers.IntegerField(read_only=True)
    scheduled_tasks = serializers.IntegerField(read_only=True)
    failed_tasks = serializers.IntegerField(read_only=True)


class PendingTaskSerializer(serializers.Serializer):
    class Meta:
        model = OrmQ
        fields = ['pk', 'key', 'lock', 'task_id', 'name', 'func', 'args', 'kwargs']

    pk = serializers.IntegerField(read_only=True)
    key = serializers.CharField()
    lock = serializers.DateTimeField()
    task_id = serializers.CharField()
    name = serializers.CharField()
    func = serializers.CharField()
    args = serializers.CharField()
    kwargs = serializers.CharField()

    def to_representation(self, instance):
        return super().to_representation(Q2OrmQ(instance))


class ScheduledTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schedule
        fields = ['pk', 'name', 'func', 'args', 'kwargs', 'schedule_type', 'repeats', 'last_run', 'next_run', 'success', 'task']

    last_run = serializers.DateTimeField()
    success = serializers.BooleanField()

    @staticmethod
    def annotate_queryset(queryset):
        from django.db.models import OuterRef, Subquery
        from django_q.models import Task

        task = Task.objects.filter(id=OuterRef('task'))
        return queryset.annotate(
            last_run=Subquery(task.values('started')[:1]),
            success=Subquery(task.values('success')[:1]),
        )


class FailedTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Failure
        fields = ['pk', 'name', 'func', 'args', 'kwargs', 'started', 'stopped', 'attempt_count', 'result']

    pk = serializers.CharField(source='id', read_only=True)
    result = serializers.CharField()
