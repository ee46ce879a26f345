"""InvenTree 0.15 InvenTree/exceptions.py: exception_handler (DEBUG off, not TESTING; no error log table)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework import views as drfviews
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(detail=serializers.as_serializer_error(exc))
    response = drfviews.exception_handler(exc, context)
    if response is None:
        response_data = {
            'error': type(exc).__name__,
            'error_class': str(type(exc)),
            'detail': _('Error details can be found in the admin panel'),
            'path': context['request'].path,
            'status_code': 500,
        }
        response = Response(response_data, status=500)
    if response is not None:
        if '__all__' in response.data:
            response.data['non_field_errors'] = response.data['__all__']
            del response.data['__all__']
    return response
