import asyncio
import logging

from redis import Redis
from rq import Queue
from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler, ContextTypes

from . import config

log = logging.getLogger("askbot")


def _queue() -> Queue:
    return Queue(config.QUEUE_NAME, connection=Redis.from_url(config.REDIS_URL))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("Hi! Ask me anything with /ask <question>.")


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if config.ALLOWED_CHATS and chat.id not in config.ALLOWED_CHATS:
        return
    question = " ".join(context.args).strip()
    if not question:
        await update.message.reply_text("Usage: /ask <question>")
        return
    q: Queue = context.application.bot_data["queue"]
    job = await asyncio.to_thread(
        q.enqueue,
        "askbot.jobs.answer_question",
        chat.id,
        update.message.message_id,
        update.effective_user.username or str(update.effective_user.id),
        question,
        job_timeout=config.JOB_TIMEOUT,
        result_ttl=3600,
        failure_ttl=30 * 86400,
    )
    log.info("queued %s chat=%s len=%d", job.id, chat.id, len(question))
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)


async def queue_depth(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    q: Queue = context.application.bot_data["queue"]
    n = await asyncio.to_thread(lambda: q.count)
    await update.message.reply_text(f"{n} question(s) waiting")


async def post_init(app: Application) -> None:
    app.bot_data["queue"] = _queue()
    log.info("connected to %s, queue %s", config.REDIS_URL.rsplit("@", 1)[-1], config.QUEUE_NAME)


def build(token: str = config.TELEGRAM_TOKEN) -> Application:
    app = (
        Application.builder()
        .token(token)
        .base_url(f"{config.TELEGRAM_API}/bot")
        .post_init(post_init)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("ask", ask))
    app.add_handler(CommandHandler("queue", queue_depth))
    return app


def main() -> None:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    build().run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
