from rq.utils import import_attribute


def test_task_paths_resolve():
    for path in ("app.tasks.render_invoice", "app.tasks.sync_to_ledger", "app.tasks.send_receipt_email"):
        assert callable(import_attribute(path))
