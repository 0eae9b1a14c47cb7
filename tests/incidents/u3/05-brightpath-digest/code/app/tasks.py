"""RQ job functions. Run by `rq worker mail maintenance` (see deploy/rq-worker@.service)."""
import logging

from app import db, mailer

log = logging.getLogger(__name__)


def send_weekly_digest(user_id: int) -> int:
    user = db.get_user(user_id)
    if user is None or not user["digest_opt_in"]:
        return 0
    lessons = db.lessons_since(user_id, days=7)
    if not lessons:
        return 0
    lines = [f"- {row['course_title']}: {row['title']}" for row in lessons]
    body = f"Hi {user['first_name']},\n\nThis week you completed:\n" + "\n".join(lines) + "\n\nKeep going!"
    mailer.send(user["email"], "Your week on BrightPath", body)
    return len(lessons)


def send_password_reset(user_id: int, token: str) -> None:
    user = db.get_user(user_id)
    if user is None:
        return
    link = f"https://brightpath.academy/reset?token={token}"
    mailer.send(user["email"], "Reset your BrightPath password",
                f"Hi {user['first_name']},\n\nUse this link within 1 hour: {link}\n")


def rebuild_search_index(course_id: int) -> int:
    from app.search import reindex_course

    return reindex_course(course_id)
