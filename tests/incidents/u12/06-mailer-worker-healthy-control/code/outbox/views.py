import django_rq
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import OutgoingMail
from .tasks import deliver


@require_POST
def queue_mail(request):
    mail = OutgoingMail.objects.create(to=request.POST["to"], subject=request.POST["subject"], body=request.POST["body"])
    django_rq.get_queue("mail").enqueue(deliver, mail.id)
    return JsonResponse({"id": mail.id}, status=202)
