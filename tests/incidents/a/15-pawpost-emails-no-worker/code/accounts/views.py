import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from .queue import emails
from .tasks import send_password_reset, send_welcome

log = logging.getLogger("accounts")


@require_POST
def signup(request):
    user = get_user_model().objects.create_user(
        username=request.POST["email"], email=request.POST["email"], password=request.POST["password"])
    job = emails.enqueue(send_welcome, user.pk)
    log.info("signup user=%s queued welcome email job=%s", user.pk, job.id)
    return JsonResponse({"ok": True}, status=201)


@require_POST
def password_reset(request):
    user = get_user_model().objects.filter(email=request.POST["email"]).first()
    if user:
        token = default_token_generator.make_token(user)
        job = emails.enqueue(send_password_reset, user.pk, f"https://pawpost.example/reset/{user.pk}/{token}")
        log.info("password reset user=%s queued job=%s", user.pk, job.id)
    return JsonResponse({"ok": True})


def healthz(request):
    return HttpResponse("ok")
