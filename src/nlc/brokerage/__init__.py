"""The brokerage assistant's core: explained suggestions of ties, members and affiliations.

Framework-free: never imports Django. The web app ``nlc.web.brokerage`` and the CLI's
``nlc suggest`` both call it. Every suggestion carries the reasons it was made, in plain
sentences, so an officer can judge it before acting.
"""

from nlc.brokerage.suggestion import Suggestion

__all__ = ["Suggestion"]
