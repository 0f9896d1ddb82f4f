"""Contracts and posts: a peer's employment beyond the casual shift, with its standing weekly shifts."""
