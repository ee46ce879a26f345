"""user_sessions.backends.db.SessionStore, for reading: Django's database store on user_sessions_session."""
from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session
