from pythonjsonlogger.json import JsonFormatter


class CloudRunFormatter(JsonFormatter):
    """JSON lines that Cloud Logging turns into jsonPayload with the right severity."""

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record["severity"] = record.levelname
        log_record["logger"] = record.name
        log_record.pop("levelname", None)
        log_record.pop("name", None)
