"""The one worker helper: a service call off the UI thread, its result or
its refusal back as a dataclass message."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App

from deskui.domain.errors import DomainError, ValidationError
from deskui.services.town.towns import is_empty
from deskui.tui.worker import ServiceDone, call_service, run_service


def refuse(ctx: Any) -> None:
    raise ValidationError("不行", field="name")


def test_call_service_wraps_the_result_or_the_refusal(town_ctx: Any) -> None:
    done = call_service(is_empty, town_ctx)
    assert isinstance(done, ServiceDone) and done.result is False and done.error is None
    refused = call_service(refuse, town_ctx)
    assert isinstance(refused, ServiceDone) and refused.result is None
    assert isinstance(refused.error, DomainError) and refused.error.field == "name"
    assert refused.error_text == "不行"


@dataclass
class Tagged(ServiceDone):
    tag: str = ""


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Tagged] = []

    def on_tagged(self, message: Tagged) -> None:
        self.seen.append(message)


async def test_run_service_posts_its_message_to_the_node(town_ctx: Any) -> None:
    app = Host()
    async with app.run_test() as pilot:
        run_service(app, is_empty, group="a", done=partial(Tagged, tag="a"), ctx=town_ctx)
        run_service(app, refuse, group="b", done=partial(Tagged, tag="b"), ctx=town_ctx)
        await app.workers.wait_for_complete()
        await pilot.pause()
        by_tag = {m.tag: m for m in app.seen}
        assert by_tag["a"].result is False and by_tag["a"].error is None
        assert by_tag["b"].error_text == "不行"
