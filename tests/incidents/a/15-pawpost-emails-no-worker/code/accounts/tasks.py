from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_welcome(user_id: int) -> None:
    user = get_user_model().objects.get(pk=user_id)
    send_mail("Welcome to PawPost!", render_to_string("accounts/welcome.txt", {"user": user}),
              "hello@pawpost.example", [user.email])


def send_password_reset(user_id: int, link: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    send_mail("Reset your PawPost password", render_to_string("accounts/reset.txt", {"user": user, "link": link}),
              "hello@pawpost.example", [user.email])
