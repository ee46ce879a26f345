"""The two InvenTree-side models the views read, on the tables of the 0.15 fixture.

ApiToken: InvenTree users/models.py (AuthToken subclass; migrations 0008-0010).
Session: django-user-sessions' user_sessions/models.py (an AbstractBaseSession
with user_agent, last_activity, ip, user).
"""
import datetime

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models


class ApiToken(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    key = models.CharField(max_length=100, unique=True, db_index=True)
    name = models.CharField(max_length=100, blank=True)
    expiry = models.DateField()
    revoked = models.BooleanField(default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name='api_tokens')
    last_seen = models.DateField(blank=True, null=True)
    metadata = models.JSONField(blank=True, null=True)

    class Meta:
        db_table = 'users_apitoken'
        managed = False

    @property
    def expired(self):
        # users/models.py ApiToken.expired: valid on its expiry date (InvenTree.helpers.current_date()).
        return self.expiry is not None and self.expiry < datetime.date.today()


class Session(AbstractBaseSession):
    user_agent = models.CharField(null=True, blank=True, max_length=200)
    last_activity = models.DateTimeField(auto_now=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)

    objects = BaseSessionManager()

    class Meta:
        db_table = 'user_sessions_session'
        managed = False

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
