"""A004: a failed lookup that falls through to the real work is not a swallowed failure."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from opsdoc.evidence import CodeSite
from opsdoc.sources.base import SourceContext
from opsdoc.sources.code import CodeSource, scan_python

REPORTS = Path(__file__).parent / "fixtures" / "code" / "A004_report_cache_fallback"


def swallowed(body: str) -> list[int]:
    source = "from rq import Queue\nimport logging\nlog = logging.getLogger()\n"
    source += textwrap.dedent(body) + "\nQueue().enqueue(job)\n"
    sites = scan_python(source, "app/jobs.py")
    return [s.line for s in sites if s.kind == "swallowed-exception"]


def test_report_jobs() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(REPORTS), deadline_s=30)
    result = CodeSource(str(REPORTS)).collect(ctx)
    # build_report and refresh_rates fall back to the work; fetch_invoices (reached from
    # sync_invoices) returns what it found or nothing; sync_invoices hides its failure
    assert [
        (s.where, s.function, s.attr("entry"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ] == [("reports/jobs.py:42", "sync_invoices", "reports.jobs.sync_invoices")]


def test_lookup_then_nothing_or_other_work_in_the_try_is_still_swallowing() -> None:
    assert swallowed(
        """
        def job(key, cache, api):
            try:
                cached = cache.get(key)
                api.post(cached)
            except Exception:
                log.warning("failed")
            api.audit(key)
        """
    ) == [9]
    assert swallowed(
        """
        def job(key, cache):
            try:
                value = cache.get(key)
            except Exception:
                log.warning("cache down")
        """
    ) == [8]


def test_memoised_lookup_with_a_walrus_falls_back() -> None:
    assert (
        swallowed(
            """
            def job(key, memo, compute):
                try:
                    if (found := memo.lookup(key)) is not None:
                        return found
                except Exception:
                    log.warning("memo failed")
                return compute(key)
            """
        )
        == []
    )


FANOUT = Path(__file__).parent / "fixtures" / "code" / "A004_notification_fanout"


def test_a_fan_out_after_the_jobs_work_isolates_items_a_loop_that_is_the_work_does_not() -> None:
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(FANOUT), deadline_s=30)
    result = CodeSource(str(FANOUT)).collect(ctx)
    assert [
        (s.where, s.function, s.attr("isolation"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ] == [
        # state stored and committed, then every subscriber told (through a helper)
        ("alerting/alerts.py:17", "notify_subscriptions", "per-item"),
        # the event recorded, then posted to each webhook (the payload built in the try
        # from the event, not from the hook); a debug line does not count
        ("alerting/events.py:25", "record_event", "per-item"),
        # more work after the loop
        ("alerting/events.py:36", "forward_then_archive", ""),
        # the loop is the work (building its list is not work of its own)
        ("alerting/imports.py:18", "import_rows", ""),
        # the only work item
        ("alerting/imports.py:27", "send_report", ""),
        # work of its own in each iteration, outside the try
        ("alerting/imports.py:38", "notify_after_prepare", ""),
        # bookkeeping first, then each record processes itself: nothing is delivered to it
        ("alerting/imports.py:62", "run_batch", ""),
        # notify_and_count keeps the exception: not swallowed at all
    ]


def test_isolation_needs_the_whole_loop_body_and_the_job_tail() -> None:
    def isolated(body: str) -> list[tuple[int, str]]:
        source = "from rq import Queue\nimport logging\nlog = logging.getLogger()\n"
        source += textwrap.dedent(body) + "\nQueue().enqueue(job)\n"
        sites = scan_python(source, "app/jobs.py")
        return [(s.line, s.attr("isolation")) for s in sites if s.kind == "swallowed-exception"]

    tail = """
        def job(db, alert, subscribers):
            alert.state = alert.evaluate()
            db.commit()
            for sub in subscribers:
                try:
                    sub.notify(alert)
                except Exception:
                    log.exception("subscriber failed")
            {after}
        """
    assert isolated(tail.format(after="return")) == [(11, "per-item")]
    assert isolated(tail.format(after="db.close()")) == [(11, "")]
    no_work_before = """
        def job(alert, subscribers):
            for sub in subscribers:
                try:
                    sub.notify(alert)
                except Exception:
                    log.exception("subscriber failed")
        """
    assert isolated(no_work_before) == [(9, "")]
    returned_early = """
        def job(db, alert, subscribers, rows):
            db.commit()
            if rows:
                for row in rows:
                    try:
                        row.owner.notify(alert)
                    except Exception:
                        log.exception("owner failed")
                return
            db.rollback()
        """
    assert isolated(returned_early) == [(11, "per-item")]
    per_item_payload = """
        def job(db, alert, subscribers):
            db.commit()
            for sub in subscribers:
                try:
                    text = sub.render()
                    body = {"text": text}
                    sub.send(body)
                except Exception:
                    log.exception("subscriber failed")
        """
    assert isolated(per_item_payload) == [(12, "")]


def test_an_event_bus_subscriber_is_not_a_pubsub_callback() -> None:
    """``event_stream.subscribe(id, callback, callback_id)`` registers an in-process
    observer: no message to nack, no job to fail. Handed to a ``SubscriberClient``,
    the same callback's swallowed failure leaves the message acked."""
    source = textwrap.dedent(
        """
        import logging

        from app.events import EventStream

        log = logging.getLogger(__name__)

        def on_event(event):
            try:
                event.apply()
            except Exception:
                log.error("event failed")

        def attach(stream: EventStream):
            stream.subscribe("conversation", on_event, "cb-1")
        """
    )

    def found(src: str) -> list[tuple[int, str]]:
        sites = scan_python(src, "app/listen.py")
        return [(s.line, s.attr("mechanism")) for s in sites if s.kind == "swallowed-exception"]

    assert found(source) == []
    assert found(source.replace("stream: EventStream", "stream")) == []
    client = source.replace(
        "from app.events import EventStream", "from google.cloud import pubsub_v1"
    ).replace("stream: EventStream", "stream: pubsub_v1.SubscriberClient")
    assert found(client) == [(11, "pubsub-callback")]
    # a client passed in untyped, by a module of the Pub/Sub client library
    untyped = client.replace("stream: pubsub_v1.SubscriberClient", "stream")
    assert found(untyped) == [(11, "pubsub-callback")]


def test_a_failure_flag_that_reaches_a_raise_or_the_caller_is_not_swallowed() -> None:
    """Shape of zou's playlist build (zou/app/services/playlists_service.py): the handler
    sets ``success = False``, the ``finally`` records the build's outcome and the job
    raises when it failed; the concatenation step returns its flag to that caller. A flag
    nothing reads, or a ``None`` returned, is still a swallowed failure."""
    raised = """
        def job(playlist, build):
            success = False
            try:
                build.render(playlist)
                success = True
            except Exception as exc:
                log.error(exc)
                success = False
            finally:
                build.end(playlist, success)
            if not success:
                raise RuntimeError("playlist build failed")
        """
    assert swallowed(raised) == []
    assert swallowed(raised.replace("build.end(playlist, success)", "build.close()")) == []
    returned = """
        def job(playlist, build):
            success = False
            try:
                build.render(playlist)
                success = True
            except Exception:
                log.error("render failed", exc_info=1)
            return success
        """
    assert swallowed(returned) == []
    unread = """
        def job(playlist, build):
            success = True
            try:
                build.render(playlist)
            except Exception as exc:
                log.error(exc)
                success = False
            build.close()
        """
    assert swallowed(unread) == [9]
    assert swallowed(returned.replace("success = False", "success = None")) == [10]
    # a fallback value carried into the work is not a status: the failure is hidden
    fallback = """
        def job(source, sink):
            try:
                count = source.count()
            except Exception:
                log.error("count failed")
                count = 0
            sink.save(count)
        """
    assert swallowed(fallback) == [8]


def test_a_failure_recorded_in_the_records_status_is_not_swallowed() -> None:
    """The handler marks the record broken through a project function that writes its
    status (zou's ``set_preview_file_as_broken``): the failure is visible in the app's
    own state. A handler that only cleans up is still swallowing."""
    recorded = """
        def update_preview_file(preview_id, data):
            return db.update("preview_file", preview_id, data)

        def set_preview_file_as_broken(preview_id):
            return update_preview_file(preview_id, {"status": "broken"})

        def job(preview_id, path):
            try:
                movie.normalize(path)
            except Exception:
                log.error("normalize failed", exc_info=1)
                set_preview_file_as_broken(preview_id)
                cleanup(path)
        """
    assert swallowed(recorded) == []
    assert swallowed(recorded.replace('"status": "broken"', '"data": {}')) == [14]
    direct = """
        def job(preview, path):
            try:
                movie.normalize(path)
            except Exception:
                log.error("normalize failed", exc_info=1)
                preview.status = "broken"
                preview.save()
        """
    assert swallowed(direct) == []
    # an HTTP status answered to a caller is not a record of the job's outcome
    answered = direct.replace('preview.status = "broken"', "reply(status=500)")
    assert swallowed(answered) == [8]


def test_a_step_inside_work_whose_handler_fails_the_job_is_secondary() -> None:
    """The tile strip is built inside the thumbnail work; that work's own handler marks
    the preview broken and returns. The author decided a tile failure does not fail the
    job. Without the enclosing handler failing anything, the tile failure is swallowed."""
    nested = """
        def job(preview, path):
            try:
                thumb = movie.thumbnail(path)
                store.add_picture(preview, thumb)
                try:
                    store.add_tiles(preview, movie.tiles(path))
                except Exception:
                    log.error("Failed to create tile", exc_info=1)
            except Exception:
                log.error("thumbnail failed", exc_info=1)
                preview.status = "broken"
                return preview
        """
    assert swallowed(nested) == []
    unprotected = nested.replace('preview.status = "broken"', "pass")
    assert swallowed(unprotected.replace("return preview", "pass")) == [11, 13]


def test_a_registry_of_callbacks_beside_the_jobs_work_isolates_each_callback() -> None:
    """Shape of netbox's ``send_webhook`` (netbox/extras/webhooks.py): plugin callbacks
    from the app registry add context, each isolated from the others, then the job
    renders and posts, raising on failure. The same loop over callbacks the job was
    handed, or a loop that is the job's only work, stays a swallowed failure."""

    def isolation(body: str) -> list[tuple[int, str]]:
        source = (
            "from rq.decorators import job\nimport logging\n"
            "from app.registry import registry\nlog = logging.getLogger()\n"
        )
        sites = scan_python(source + textwrap.dedent(body), "app/webhooks.py")
        return [(s.line, s.attr("isolation")) for s in sites if s.kind == "swallowed-exception"]

    plugins = """
        @job("default")
        def send_webhook(webhook, event, data):
            extra = {}
            for callback in registry["webhook_callbacks"]:
                try:
                    if ret := callback(event, data):
                        extra.update(**ret)
                except Exception as e:
                    log.warning(f"Caught exception when processing callback {callback}: {e}")
            body = webhook.render_body(data, extra)
            response = webhook.session.post(webhook.url, data=body)
            response.raise_for_status()
        """
    assert isolation(plugins) == [(13, "handlers")]
    handed = plugins.replace(
        "def send_webhook(webhook, event, data):", "def send_webhook(webhook, event, data, hooks):"
    ).replace('registry["webhook_callbacks"]', "hooks")
    assert isolation(handed) == [(13, "")]
    only_work = """
        @job("default")
        def run_callbacks(event, data):
            for callback in registry["webhook_callbacks"]:
                try:
                    callback(event, data)
                except Exception:
                    log.exception("callback failed")
        """
    assert isolation(only_work) == [(11, "")]
    # zou's emit: the event is published and saved, then each handler of a module-level
    # table runs inline (or is enqueued), one failing handler logged
    handlers = """
        handlers = {}

        @job("default")
        def emit(event, data, inline):
            event_handlers = handlers.get(event, {})
            publisher.publish(event, data)
            for func in event_handlers.values():
                if not inline:
                    queue.enqueue(func.handle_event, data)
                else:
                    try:
                        func.handle_event(data)
                    except Exception:
                        log.error(f"Error handling event {event}", exc_info=1)
        """
    assert isolation(handlers) == [(18, "handlers")]
    # a module literal listing the job's own steps is a pipeline, not a registry
    pipeline = handlers.replace("handlers = {}", "handlers = {'render': render, 'save': save}")
    assert isolation(pipeline) == [(18, "")]
    # items computed from the job's input are its records
    computed = plugins.replace('registry["webhook_callbacks"]', "loader.load_all(data)")
    assert isolation(computed) == [(13, "")]


def test_a_warning_beside_a_step_that_fails_the_job_is_a_graded_degradation() -> None:
    """Shape of zou's ``prepare_and_store_movie``: a failed source upload aborts the job
    with a failure value; capturing the original metadata, a nice-to-have, is logged at
    warning and the pipeline goes on. Logged at error, or in a job that fails on nothing,
    the same handler is a swallowed failure."""
    graded = """
        def job(preview_id, path):
            try:
                store.add_movie("source", preview_id, path)
            except Exception as exc:
                return abort_on_storage_failure(preview_id, exc)
            try:
                meta = movie.probe(path)
                db.update_preview(preview_id, {"data": meta})
            except Exception:
                log.warning("could not capture metadata; continuing", exc_info=1)
            movie.normalize(path)
        """
    assert swallowed(graded) == []
    assert swallowed(graded.replace("log.warning(", "log.error(")) == [13]
    alone = graded.replace("return abort_on_storage_failure(preview_id, exc)", "cleanup(path)")
    assert swallowed(alone) == [13]


def test_a_client_library_imported_by_its_full_dotted_name_counts() -> None:
    source = textwrap.dedent(
        """
        import logging

        import google.cloud.pubsub_v1

        log = logging.getLogger(__name__)

        def handle(message):
            try:
                message.data.decode()
            except Exception:
                log.error("bad message")

        def listen(subscriber, path):
            subscriber.subscribe(path, callback=handle)
        """
    )
    sites = scan_python(source, "app/listen.py")
    assert [(s.line, s.attr("mechanism")) for s in sites if s.kind == "swallowed-exception"] == [
        (11, "pubsub-callback")
    ]


PUSH_ROUTE = textwrap.dedent(
    """
    import base64
    import json
    import logging

    from flask import Flask, request

    app = Flask(__name__)
    log = logging.getLogger(__name__)

    @app.post("/pubsub/orders")
    def orders_push():
        envelope = request.get_json(silent=True) or {}
        message = envelope.get("message", {})
        try:
            store(json.loads(base64.b64decode(message["data"])))
        except Exception:
            log.exception("failed to store order", extra={"id": message.get("messageId")})
        return ("", 204)

    def store(order):
        raise NotImplementedError
    """
)


def swallow_sites(source: str) -> list[tuple[int, str]]:
    sites = scan_python(source, "app/push.py")
    return [(s.line, s.attr("mechanism")) for s in sites if s.kind == "swallowed-exception"]


def test_a_pubsub_push_route_that_answers_204_after_a_failure_swallows_it() -> None:
    """Each request to a push endpoint is a message delivered: a 2xx answer acks it."""
    assert swallow_sites(PUSH_ROUTE) == [(17, "push-handler")]


def test_a_route_that_is_no_push_endpoint_or_that_fails_the_request_is_not_a_swallow() -> None:
    # an ordinary form post: logging a failure and answering is the handler's business
    plain = PUSH_ROUTE.replace('envelope.get("message", {})', 'envelope.get("form", {})')
    assert swallow_sites(plain) == []
    # the failure answers 500: Pub/Sub redelivers, then dead-letters
    failing = PUSH_ROUTE.replace(
        '    return ("", 204)\n', '        return ("", 500)\n    return ("", 204)\n'
    )
    assert swallow_sites(failing) == []


def test_a_cloud_event_function_that_swallows_a_failure_acks_the_event() -> None:
    source = textwrap.dedent(
        """
        import logging

        import functions_framework

        log = logging.getLogger(__name__)

        @functions_framework.cloud_event
        def on_budget_alert(cloud_event):
            try:
                disable_billing(cloud_event.data)
            except Exception:
                log.warning("could not disable billing")

        def disable_billing(data):
            raise NotImplementedError
        """
    )
    assert swallow_sites(source) == [(12, "event-function")]
    http_only = source.replace("functions_framework.cloud_event", "functions_framework.http")
    assert swallow_sites(http_only) == []


def test_none_that_the_work_itself_also_returns_is_an_answer_callers_handle() -> None:
    """Shape of paperless-ngx's ``extract_pdf_text``: ``return text or None`` in the ``try``,
    ``return None`` after logging: every caller must already handle ``None`` (it OCRs the
    page instead), so the failure reaches it. When the work never returns ``None``, the
    handler's ``None`` is a failure the caller may take for a result."""
    assert (
        swallowed(
            """
            def job(path, ocr):
                try:
                    text = path.read_text()
                    return text or None
                except Exception:
                    log.warning("no text layer", exc_info=True)
                    return None
            """
        )
        == []
    )
    assert swallowed(
        """
        def job(path, ocr):
            try:
                return ocr.summarise(path.read_text())
            except Exception:
                log.warning("summary failed", exc_info=True)
                return None
        """
    ) == [8]


def _helper_tree(tmp_path: Path, helper: str) -> list[tuple[str, str]]:
    """A Celery task that hands its exception to a project helper and returns."""
    (tmp_path / "mailer").mkdir()
    (tmp_path / "mailer" / "__init__.py").write_text("")
    (tmp_path / "mailer" / "errors.py").write_text(textwrap.dedent(helper))
    (tmp_path / "mailer" / "tasks.py").write_text(
        textwrap.dedent(
            """
            from celery import shared_task

            from mailer.errors import report_failure


            @shared_task
            def send_invite(address, token):
                try:
                    deliver(address, token)
                except Exception as exc:
                    report_failure(exc)
                    return


            def deliver(address, token):
                raise NotImplementedError
            """
        )
    )
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(tmp_path), deadline_s=30)
    result = CodeSource(str(tmp_path)).collect(ctx)
    return [
        (s.where, s.attr("handler_logs"))
        for s in result.records
        if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
    ]


def test_a_project_helper_that_only_logs_is_the_handlers_log_call(tmp_path: Path) -> None:
    """``report_failure(exc)`` logs the exception and nothing else: the task logs and
    reports success, as with ``logger.exception`` written in the handler."""
    helper = """
        import logging
        import traceback

        from django.conf import settings


        def report_failure(error, warning=False):
            logger = logging.getLogger("mailer.errors")
            if warning:
                logger.warning(str(error))
            else:
                logger.exception(error)
            if settings.DEBUG:
                logger.debug(traceback.format_exc())
            return
        """
    assert _helper_tree(tmp_path, helper) == [("mailer/tasks.py:11", "report_failure")]


def test_a_helper_that_records_or_raises_is_not_only_logging(tmp_path: Path) -> None:
    records = """
        import logging

        from mailer.models import Failure


        def report_failure(error):
            logging.getLogger(__name__).exception(error)
            Failure.objects.create(kind="mail", text=str(error))
        """
    assert _helper_tree(tmp_path, records) == []
    raises = """
        import logging


        def report_failure(error):
            logging.getLogger(__name__).exception(error)
            raise RuntimeError("mail failed") from error
        """
    (tmp_path / "raises").mkdir()
    assert _helper_tree(tmp_path / "raises", raises) == []


def test_a_procedures_bare_return_is_no_answer_but_another_none_path_is() -> None:
    """A job that only ever ``return``s (a Celery task sending a mail) answers nobody: its
    ``except: log; return`` ends the job as a success. A function that returns ``None``
    on another path (``if not configured: return None``) has callers that handle it."""
    assert swallowed(
        """
        def job(address):
            try:
                send(address)
                log.info("sent")
                return
            except Exception:
                log.exception("send failed")
                return
        """
    ) == [10]
    assert (
        swallowed(
            """
            def collection(name):
                if not configured():
                    return None
                try:
                    return connect(name)
                except Exception:
                    log.error("no connection")
                    return None

            def job(name):
                archive(collection(name))
            """
        )
        == []
    )
    assert swallowed(
        """
        def collection(name):
            try:
                return connect(name)
            except Exception:
                log.error("no connection")
                return None

        def job(name):
            archive(collection(name))
        """
    ) == [8]


def test_a_failure_flag_that_selects_a_fallback_is_handled() -> None:
    """A log store that failed is written to the database instead: the flag the handler
    leaves takes the branch doing that work. A branch that only runs on success, or only
    logs, leaves the failure swallowed."""
    fallback = """
        def job(data, mongo, db):
            saved = False
            try:
                mongo.insert_one(data)
                saved = True
            except Exception:
                log.error("mongo insert failed")
                saved = False
            if not saved:
                db.create(**data)
        """
    assert swallowed(fallback) == []
    on_success = fallback.replace("if not saved:", "if saved:")
    assert swallowed(on_success) == [10]
    only_logs = fallback.replace("db.create(**data)", 'log.warning("not saved")')
    assert swallowed(only_logs) == [10]


def test_clean_up_inside_a_handler_that_records_the_failure_decides_nothing() -> None:
    """Shape of a Celery task's last-resort handler: it closes the broken session (its own
    failure only logged), then stores the ``"fail"`` status. The close decides nothing; the
    status write does: when it fails too, the task ends as a success with the failure
    recorded nowhere."""
    assert swallowed(
        """
        def job(item, session):
            try:
                process(item)
            except Exception:
                log.error("failed")
                try:
                    session.remove()
                except Exception:
                    log.error("could not close the session")
                try:
                    set_status(item, "fail")
                except Exception:
                    log.critical("could not record the failure")
                return None
        """
    ) == [16]


def isolations(body: str) -> list[tuple[int, str]]:
    source = "from rq import Queue\nimport logging\nlog = logging.getLogger()\n"
    source += textwrap.dedent(body) + "\nQueue().enqueue(job)\n"
    sites = scan_python(source, "app/jobs.py")
    return [(s.line, s.attr("isolation")) for s in sites if s.kind == "swallowed-exception"]


def test_a_step_the_job_goes_on_from_is_isolated_one_whose_result_it_uses_is_not() -> None:
    """A housekeeping step guarded so that the job's other work still runs: the author let
    it fail and kept the rest (info). When what follows uses what the step made, or only
    records the outcome (a status set to done, an ack), the failure is lost (error)."""
    step = """
        def job(tenant):
            try:
                reproject_domains(tenant)
            except Exception:
                log.exception("re-projection failed")
            revalidate_domains(tenant)
        """
    assert isolations(step) == [(8, "step")]
    uses = step.replace("reproject_domains(tenant)", "domains = reproject_domains(tenant)")
    uses = uses.replace("revalidate_domains(tenant)", "revalidate(domains)")
    # with no default, reading `domains` after a failure raises: the job fails after all
    assert isolations(uses) == []
    defaulted = uses.replace("            try:\n", "            domains = []\n            try:\n")
    assert isolations(defaulted) == [(9, "")]
    # a default prepared for the failure is the author's plan: reading it is fine
    prepared = """
        def job(report):
            pdf = None
            try:
                pdf = render_pdf(report)
            except Exception:
                log.exception("no pdf")
            store(report, pdf)
        """
    assert isolations(prepared) == [(9, "step")]
    assert isolations(prepared.replace("            pdf = None\n", "")) == []  # unbound: fails
    done = step.replace("revalidate_domains(tenant)", 'set_state(tenant, "done")')
    assert isolations(done) == [(8, "")]
    assert isolations(step.replace("revalidate_domains(tenant)", "session.commit()")) == [(8, "")]


def test_a_helper_called_in_passing_is_a_step_of_the_job_that_calls_it() -> None:
    """``mark_active(tenant)`` swallows its own failure; the job calls it and goes on with
    its work: a step. Called as the job's last work, or for a value the job then uses,
    it is the job's failure lost."""
    source = """
        def mark_active(tenant):
            try:
                redis_client.zadd("active", {tenant: 1})
            except Exception:
                log.exception("mark failed")

        def job(tenant):
            mark_active(tenant)
            sync_documents(tenant)
        """
    assert isolations(source) == [(8, "step")]
    last = source.replace("            sync_documents(tenant)\n", "")
    assert isolations(last) == [(8, "")]
    feeds = """
        def load(tenant):
            try:
                return fetch_rows(tenant)
            except Exception:
                log.exception("fetch failed")
            return None

        def job(tenant):
            rows = load(tenant)
            write_rows(rows)
        """
    assert isolations(feeds) == [(8, "")]


def test_recording_a_failure_releasing_a_lock_or_an_expiring_cache_write_is_no_lost_job() -> None:
    """On the error path the outcome is already a failure; a lock that expired or a cache
    entry meant to vanish is not the job's result. A long ``try`` that merely mentions a
    failure record on one branch still guards the job's work."""
    assert (
        isolations(
            """
            def job(attempt_id):
                try:
                    run(attempt_id)
                finally:
                    try:
                        lock.release()
                    except Exception:
                        log.warning("lock expired")
                try:
                    with session() as db:
                        mark_attempt_failed(attempt_id, db)
                except Exception:
                    log.exception("could not mark the attempt failed")
                try:
                    cache.set("last-run", now(), ex=3600)
                except Exception:
                    log.warning("cache write failed")
            """
        )
        == []
    )
    work = """
        def job(attempt_id):
            try:
                rows = fetch(attempt_id)
                if not rows:
                    mark_attempt_failed(attempt_id)
                index(rows)
                publish(rows)
                notify(attempt_id)
            except Exception:
                log.exception("indexing failed")
        """
    assert isolations(work) == [(13, "")]
    assert isolations(work.replace("index(rows)", "cache.set('k', rows)")) == [(13, "")]


def test_a_cached_value_missing_on_failure_falls_through_to_return_none() -> None:
    """``try: return parse(cache.get(k)) except Exception: log`` then ``return None``:
    the same ``None`` a cache miss gives, which every caller handles."""
    assert (
        swallowed(
            """
            def cached_stamp():
                try:
                    value = cache.get("stamp")
                    if value is not None:
                        return parse(value)
                except Exception as e:
                    log.warning("cache read failed: %s", e)
                return None

            def job():
                stamp = cached_stamp()
                if stamp is None:
                    refresh()
            """
        )
        == []
    )


def test_a_websocket_handlers_receive_loop_is_no_worker_loop() -> None:
    """A server handler's loop over the messages of the WebSocket it was given serves one
    client; a send that fails because the client left loses no job. A loop over a queue
    of jobs is a worker loop."""
    source = textwrap.dedent(
        """
        import logging
        from fastapi import WebSocket
        log = logging.getLogger()

        async def forward(sink, message):
            try:
                await sink.send(message)
            except Exception as e:
                log.warning("send failed: %s", e)

        async def stream(websocket: WebSocket, synth):
            while True:
                message = await websocket.receive()
                await forward(websocket, message)

        async def drain(queue, store):
            while True:
                message = await queue.receive()
                await forward(store, message)
        """
    )
    sites = scan_python(source, "app/ws.py")
    lines = [
        (s.line, s.attr("mechanism"), s.attr("entry"))
        for s in sites
        if s.kind == "swallowed-exception"
    ]
    assert lines == [(9, "worker-loop", "app.ws.drain")]


def test_steps_that_all_swallow_leave_a_job_that_can_never_fail() -> None:
    """``archive_old(); close_old()`` where both swallow their failures: neither step is
    isolated from a rest that still fails the job, so each is a failure lost."""
    source = """
        def archive_old():
            try:
                archive_projects()
            except Exception as e:
                log.exception(e)

        def close_old():
            try:
                close_projects()
            except Exception as e:
                log.exception(e)

        def job():
            archive_old()
            close_old()
        """
    assert isolations(source) == [(8, ""), (14, "")]
    unguarded = source.replace("            close_old()\n", "            close_projects()\n")
    assert isolations(unguarded) == [(8, "step")]


def test_a_project_log_helper_in_the_later_step_still_makes_it_swallow() -> None:
    source = """
        def log_exception(e):
            log.exception(e)

        def archive_old():
            try:
                archive_projects()
                return
            except Exception as e:
                log_exception(e)
                return

        def close_old():
            try:
                close_projects()
                return
            except Exception as e:
                log_exception(e)
                return

        def job():
            archive_old()
            close_old()
        """
    assert isolations(source) == [(12, ""), (20, "")]


def test_a_connection_probe_whose_resource_is_used_after_it_is_no_lost_job() -> None:
    """``conn = engine.connect(); conn.close()`` under ``except: log``: the engine the
    function returns fails the same way at its first real use. A connection kept for
    the work is the work."""
    probe = """
        def connect_db(url):
            engine = create_engine(url)
            try:
                connection = engine.connect()
                log.info("connected")
                connection.close()
            except Exception as e:
                log.error(f"cannot connect: {e}")
            return engine

        def job(url):
            connect_db(url).execute("select 1")
        """
    assert isolations(probe) == []
    kept = probe.replace("            return engine", "            return connection")
    assert isolations(kept) == []  # unbound when it failed: the job fails after all
    kept = kept.replace("            try:\n", "            connection = None\n            try:\n")
    assert isolations(kept) == [(12, "")]


def test_a_loop_over_a_streaming_session_the_code_opened_is_no_worker_loop() -> None:
    """A live session opened with ``connect`` (a model's realtime API, a WebSocket client)
    streams one conversation: a pump that logs and stops when the other end is gone loses
    no job. The same loop receiving from a queue object is a worker loop."""
    source = textwrap.dedent(
        """
        import asyncio, logging
        log = logging.getLogger()

        async def relay(client, inbox, state):
            while state.get("open"):
                try:
                    async with client.aio.live.connect(model="m") as session:
                        async def pump():
                            while state.get("open"):
                                try:
                                    chunk = await inbox.get()
                                    await session.send(chunk)
                                except Exception as e:
                                    log.error("pump failed: %s", e)
                                    break
                        task = asyncio.create_task(pump())
                        while state.get("open"):
                            msg = await session.receive().__anext__()
                            await handle(msg)
                except Exception as e:
                    log.error("session failed: %s", e)
                    await asyncio.sleep(2)
        """
    )

    def entries(text: str) -> list[tuple[int, str]]:
        sites = scan_python(text, "app/live.py")
        return [(s.line, s.attr("entry")) for s in sites if s.kind == "swallowed-exception"]

    assert entries(source) == []
    queue = source.replace(
        'async with client.aio.live.connect(model="m") as session:',
        "if True:\n                session = broker.queue('jobs')",
    )
    assert entries(queue) == [(15, "app.live.relay")]


def test_a_name_only_the_try_binds_read_after_it_fails_the_job_anyway() -> None:
    """``try: final_state = run(item) except Exception: log`` then ``if final_state:``:
    when the handler carries on, the read raises ``UnboundLocalError`` and the task fails,
    hiding the first error but reporting no success. With a default bound before the
    ``try`` the job does go on as if nothing failed."""
    source = """
        import logging
        from celery import shared_task
        log = logging.getLogger()

        @shared_task
        def evaluate(item_id):
            PREP
            try:
                final_state = run_item(item_id)
            except Exception:
                log.exception("evaluation failed")
            if final_state:
                store(final_state)
        """

    def lines(prep: str) -> list[int]:
        text = textwrap.dedent(source.replace("PREP", prep))
        return [
            s.line for s in scan_python(text, "app/tasks.py") if s.kind == "swallowed-exception"
        ]

    assert lines("pass") == []
    assert lines("final_state = None") == [11]


def test_a_loop_polling_a_subprocess_for_its_exit_is_no_worker_loop() -> None:
    """gptme's shell tool reads a command's output until ``process.poll()`` says it ended:
    ``Popen.poll()`` answers a status, it takes no job. A broker consumer's
    ``poll(timeout)`` does."""
    source = textwrap.dedent(
        """
        import logging, os
        logger = logging.getLogger()

        class ShellSession:
            def run(self, command):
                try:
                    command = self.redirect(command)
                except Exception as e:
                    logger.warning(f"could not redirect: {e}")
                self.write(command)

            def read_output(self, out):
                while True:
                    out.append(os.read(self.fd, 65536))
                    if POLL is not None:
                        self.run("echo done")
                        return out
        """
    )

    def entries(text: str) -> list[tuple[int, str]]:
        sites = scan_python(text, "app/shell.py")
        return [(s.line, s.attr("mechanism")) for s in sites if s.kind == "swallowed-exception"]

    assert entries(source.replace("POLL", "self.process.poll()")) == []
    assert entries(source.replace("POLL", "self.consumer.poll(1.0)")) == [(9, "worker-loop")]


def test_failures_collected_and_nacked_after_the_batch_are_not_swallowed() -> None:
    # A batch consumer logs each failed item, collects it and nacks the collection:
    # Pub/Sub redelivers those messages, so nothing is lost.
    nacked = """
        def job(batch, sub):
            done, failed = [], []
            for item in batch:
                try:
                    item.handle()
                    done.append(item)
                except Exception:
                    log.exception("item failed")
                    failed.append(item)
            sub.ack(done)
            sub.nack(failed + [i for i in batch if i not in done])
        """
    assert swallowed(nacked) == []
    # Collected but only counted in a log line: still swallowed.
    counted = nacked.replace(
        "sub.nack(failed + [i for i in batch if i not in done])",
        'log.info("%d failed", len(failed))',
    )
    assert swallowed(counted) == [11]


def test_a_decorator_that_logs_and_returns_its_default_swallows_in_a_batch(
    tmp_path: Path,
) -> None:
    # ``@guarded(default=None)`` wraps each step: the batch entry sees only None, counts
    # it and exits 0. The swallowing handler is the decorator's, reached through it.
    pkg = tmp_path / "svc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "safety.py").write_text(
        textwrap.dedent(
            """
            import functools
            import logging

            log = logging.getLogger(__name__)


            def guarded(step, default=None):
                def wrap(fn):
                    @functools.wraps(fn)
                    def inner(*args, **kwargs):
                        try:
                            return fn(*args, **kwargs)
                        except Exception as exc:
                            log.error("%s failed: %s", step, exc)
                            return default
                    return inner
                return wrap
            """
        )
    )
    main = """
        import sys
        from svc.safety import guarded


        @guarded("render", default={default})
        def render(doc):
            return doc.upper()


        def main():
            empty = 0
            for doc in sys.argv[1:]:
                if not render(doc):
                    empty += 1
            print("empty", empty)
            return 0


        if __name__ == "__main__":
            sys.exit(main())
        """
    (tmp_path / "Dockerfile").write_text('FROM python:3.12\nCMD ["python", "-m", "svc.main"]\n')
    ctx = SourceContext(as_of=datetime(2026, 1, 1, tzinfo=UTC), root=str(tmp_path), deadline_s=30)

    def sites(default: str) -> list[str]:
        (pkg / "main.py").write_text(textwrap.dedent(main.format(default=default)))
        result = CodeSource(str(tmp_path)).collect(ctx)
        return [
            f"{s.where} {s.function}"
            for s in result.records
            if isinstance(s, CodeSite) and s.kind == "swallowed-exception"
        ]

    assert sites("None") == ["svc/safety.py:14 guarded.wrap.inner"]
    # A real fallback value (the step's output when it fails) is the author's choice.
    assert sites('"(not rendered)"') == []
