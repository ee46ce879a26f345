"""InvenTree 0.15 InvenTree/urls.py (path('api/', include(apipatterns))) and common/api.py's task URLs."""
from django.urls import include, path, re_path

from . import views

background_task_urls = [
    path('pending/', views.PendingTaskList.as_view(), name='api-pending-task-list'),
    path('scheduled/', views.ScheduledTaskList.as_view(), name='api-scheduled-task-list'),
    path('failed/', views.FailedTaskList.as_view(), name='api-failed-task-list'),
    path('', views.BackgroundTaskOverview.as_view(), name='api-task-overview'),
]

# More InvenTree views (e.g. /api/, /api/user/me/, /api/user/token/) are added
# here, before the catch-all, each in its own module.
apipatterns = [
    path('background-task/', include(background_task_urls)),
    re_path(r'^.*$', views.NotFoundView.as_view(), name='api-404'),
]

urlpatterns = [path('api/', include(apipatterns))]
