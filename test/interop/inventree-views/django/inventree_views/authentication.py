"""InvenTree 0.15 users/authentication.py: ApiTokenAuthentication."""
import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        (user, token) = super().authenticate_credentials(key)
        if token.revoked:
            raise exceptions.AuthenticationFailed(_('Token has been revoked'))
        if token.expired:
            raise exceptions.AuthenticationFailed(_('Token has expired'))
        if token.last_seen != datetime.date.today():
            token.last_seen = datetime.date.today()
            token.save()
        return (user, token)
