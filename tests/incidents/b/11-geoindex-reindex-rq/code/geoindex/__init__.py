import logging

_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
_log = logging.getLogger("geoindex")
_log.addHandler(_handler)
_log.setLevel(logging.INFO)
_log.propagate = False
