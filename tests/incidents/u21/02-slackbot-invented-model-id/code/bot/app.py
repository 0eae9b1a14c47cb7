import logging
import re

from slack_bolt import App

from . import config, llm
from .history import thread_history

log = logging.getLogger(__name__)

app = App(token=config.SLACK_BOT_TOKEN)

MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


@app.event("app_mention")
def on_mention(event, say, client, context):
    question = MENTION.sub("", event.get("text", "")).strip()
    thread_ts = event.get("thread_ts") or event["ts"]
    log.info("question from %s in %s (%d chars)", event.get("user"), event["channel"], len(question))
    try:
        history = thread_history(client, event["channel"], event.get("thread_ts"), context.bot_user_id)
        text = llm.answer(question, history)
    except Exception:
        log.exception("failed to answer in %s", event["channel"])
        say(text=":warning: Sorry, I couldn't answer that right now. Try again in a bit or ask in #platform-help.",
            thread_ts=thread_ts)
        return
    say(text=text, thread_ts=thread_ts)


@app.event("message")
def ignore_messages():
    pass
