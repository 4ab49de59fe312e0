"""The desk greys out a loop step by the town's own rule, as the service
judges it: 回访 waits for 签字确认 unless the town has relaxed that."""

from __future__ import annotations

from typing import Any

from deskui.domain.matter_flow import Step
from deskui.services.matters.card_view import get_matter
from deskui.services.matters.cards import open_matter, step
from deskui.services.town.settings import update_loop_rules
from deskui.tui.tabs.matters.step import step_allowed


def test_return_visit_waits_for_the_signature_unless_relaxed() -> None:
    assert not step_allowed("已办结", Step.RETURN_VISIT, signed=False)
    assert step_allowed("已办结", Step.RETURN_VISIT, signed=True)
    assert step_allowed("已办结", Step.RETURN_VISIT, signed=False, sign_before_visit=False)


def test_the_card_carries_the_towns_rule(desk_ctx: Any) -> None:
    ctx = desk_ctx
    card = open_matter(
        ctx, village="桃园村", name="张三", content="咨询", level="村", first_receiver="陈干事"
    )
    step(ctx, card.number, "办结", note="已答复")
    assert get_matter(ctx, card.number).sign_before_visit is True
    update_loop_rules(ctx, sign_before_visit=False)
    assert get_matter(ctx, card.number).sign_before_visit is False
