"""Local stand-ins for the remote APIs opsdoc reads: real protocols, real client libraries.

gRPC fakes register generic handlers with the client libraries' own message types,
so the real google-cloud clients talk to them unmodified; the Anthropic fake is a
plain HTTP server answering like the real Models API.
"""
