from django.conf import settings


def kefu(request):
    return {"company_name": settings.KEFU_COMPANY_NAME, "hotline": settings.KEFU_HOTLINE}
