bind = "127.0.0.1:8010"
workers = 3
timeout = 60
graceful_timeout = 20
accesslog = "/var/log/ticketdesk/access.log"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s'
errorlog = "-"
