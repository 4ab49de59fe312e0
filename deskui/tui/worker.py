"""The one way the desk runs a service call: in a worker thread, under
:func:`deskui.services.context.reading` (its own connection), the result or
the refusal posted back as a :class:`ServiceDone` message.

A caller that needs to tell its calls apart, or to carry something along
(a serial number, the page it asked for), passes ``done``: a ServiceDone
subclass (a dataclass, so its extra fields come after ``result`` and
``error``) or any function of ``(result, error)`` returning one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual.message import Message

from deskui.domain.errors import DomainError
from deskui.services.context import reading

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from deskui.services.context import ServiceContext
    from deskui.tui.app import DeskApp

ServiceCall = Callable[["ServiceContext"], Any]
Done = Callable[[Any, DomainError | None], Message]


@dataclass
class ServiceDone(Message):
    """A service call came back: its ``result``, or the refusal in ``error``
    (then ``result`` is None). Only a :class:`DomainError` is a refusal; any
    other exception is a bug and stops the desk, as a worker's would."""

    result: Any
    error: DomainError | None = None

    @property
    def error_text(self) -> str:
        return "" if self.error is None else str(self.error)


def call_service(fn: ServiceCall, ctx: ServiceContext, done: Done = ServiceDone) -> Message:
    """Run ``fn(ctx)`` here and now and wrap what it gave (the worker's body;
    also called on the UI thread for a tab's very first page)."""
    try:
        with reading(ctx):
            result = fn(ctx)
    except DomainError as exc:
        return done(None, exc)
    return done(result, None)


def run_service(
    node: DOMNode,
    fn: ServiceCall,
    *,
    group: str,
    done: Done = ServiceDone,
    ctx: ServiceContext | None = None,
) -> Worker[None]:
    """Run ``fn(ctx)`` in a thread and post its :class:`ServiceDone` to
    ``node``. A newer call of the same ``group`` on the same node cancels the
    older one (``exclusive``); ``ctx`` defaults to the desk's context."""
    context = ctx if ctx is not None else cast("DeskApp", node.app).ctx

    def work() -> None:
        node.post_message(call_service(fn, context, done))

    return node.run_worker(work, name=group, group=group, thread=True, exclusive=True)
