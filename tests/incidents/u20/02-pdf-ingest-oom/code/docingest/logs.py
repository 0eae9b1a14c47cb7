import logging
import sys

from pythonjsonlogger.json import JsonFormatter


class CloudRunFormatter(JsonFormatter):
    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record["severity"] = record.levelname
        log_record["logger"] = record.name
        log_record.pop("levelname", None)
        log_record.pop("name", None)


def setup() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudRunFormatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
