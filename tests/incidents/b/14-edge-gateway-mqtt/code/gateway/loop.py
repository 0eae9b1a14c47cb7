import asyncio

LOOP: asyncio.AbstractEventLoop | None = None


def install(loop: asyncio.AbstractEventLoop) -> None:
    global LOOP
    LOOP = loop


def run_sync(coro, timeout=None):
    return asyncio.run_coroutine_threadsafe(coro, LOOP).result(timeout)
