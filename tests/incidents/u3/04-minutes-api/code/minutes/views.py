import logging

from aiohttp import web

from minutes import llm

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    await request.app["store"].ping()
    return web.json_response({"status": "ok"})


@routes.get("/api/teams/{team_id}/notes")
async def list_notes(request: web.Request) -> web.Response:
    notes = await request.app["store"].list_notes(int(request.match_info["team_id"]))
    return web.json_response(notes, dumps=_dumps)


@routes.get("/api/notes/{note_id}")
async def get_note(request: web.Request) -> web.Response:
    note = await request.app["store"].get_note(int(request.match_info["note_id"]))
    if note is None:
        raise web.HTTPNotFound()
    return web.json_response(note, dumps=_dumps)


@routes.post("/api/notes/{note_id}/summary")
async def summarise(request: web.Request) -> web.Response:
    store = request.app["store"]
    note_id = int(request.match_info["note_id"])
    note = await store.get_note(note_id)
    if note is None:
        raise web.HTTPNotFound()
    if not note["transcript"]:
        raise web.HTTPUnprocessableEntity(text="note has no transcript yet")

    summary = llm.summarise_transcript(note["transcript"], note["title"])
    await store.save_summary(note_id, summary)
    log.info("note %s summarised (%d chars)", note_id, len(summary))
    return web.json_response({"id": note_id, "summary": summary})


def _dumps(obj):
    import json

    return json.dumps(obj, default=str)
