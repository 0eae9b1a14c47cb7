from . import config


def thread_history(client, channel: str, thread_ts: str | None, bot_user_id: str) -> list[dict]:
    if not thread_ts:
        return []
    replies = client.conversations_replies(channel=channel, ts=thread_ts, limit=config.HISTORY_MESSAGES)
    history = []
    for msg in replies.get("messages", [])[:-1]:
        role = "assistant" if msg.get("user") == bot_user_id else "user"
        text = msg.get("text", "")
        if history and history[-1]["role"] == role:
            history[-1]["content"] += "\n" + text
        else:
            history.append({"role": role, "content": text})
    while history and history[0]["role"] != "user":
        history.pop(0)
    return history
