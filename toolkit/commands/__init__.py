"""Entry points behind ``opsdoc <command>``: one module per command.

The core model (evidence, findings, engine, report, plugin) lives one level
up and knows nothing of these; each command module imports only what it
needs, so ``opsdoc --help`` stays fast.
"""
