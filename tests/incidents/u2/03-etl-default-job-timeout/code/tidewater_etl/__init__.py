import logging
import sys

_handler = logging.StreamHandler(sys.stderr)
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
_pkg_log = logging.getLogger("tidewater_etl")
if not _pkg_log.handlers:
    _pkg_log.addHandler(_handler)
    _pkg_log.setLevel(logging.INFO)
    _pkg_log.propagate = False
