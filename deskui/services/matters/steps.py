"""What each loop step writes on the card and in its event.

:func:`apply_step` runs inside the step's transaction, after
:func:`deskui.domain.matter_flow.check_step` allowed the step; it validates
the step's own inputs (a result for 办结, a reason and a later date for 延期 …)
and returns the card's changes and the event's fields. Nothing is written
here, so a refusal leaves the card untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from deskui.domain.errors import NotFound, ValidationError
from deskui.domain.matter_flow import Step, check_extension, check_step_date
from deskui.i18n import t
from deskui.services import audit
from deskui.services.context import ServiceContext
from deskui.store.models import Matter, MatterEvent, Official

Changes = dict[str, Any]

# Steps dated against the completion they follow.
_AFTER_FINISH = (Step.SIGN, Step.RETURN_VISIT, Step.REDO, Step.CLOSE)


def _official_named(ctx: ServiceContext, name: str) -> Official | None:
    if not name:
        return None
    return (
        Official.select()
        .where((Official.town == ctx.town_id) & (Official.name == name))
        .order_by(Official.archived, Official.id)
        .first()
    )


def _transfer(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    """转办: to an official (handler) or a unit (承办单位); the first receiver stays."""
    if not i["to"]:
        raise ValidationError(t("matter.transfer_to_required"), field="to")
    target = _official_named(ctx, i["to"])
    if target is not None:
        changes: Changes = {"handler": target.id, "handler_unit": target.unit}
    else:
        changes = {"handler_unit": i["to"]}
    return changes, {"official": target.id if target else None, "to_whom": i["to"]}


def _progress(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    if not i["note"]:
        raise ValidationError(t("matter.progress_required"), field="note")
    return {"progress": i["note"]}, {}


def _extend(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    check_extension(i["note"], i["new_due"], m.due_on)
    changes = {"due_on": i["new_due"], "due_provisional": False, "extensions": m.extensions + 1}
    return changes, {"new_due": i["new_due"]}


def _finish(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    if not i["note"]:
        raise ValidationError(t("matter.result_required"), field="note")
    changes: Changes = {
        "finished_on": i["on"],
        "result": i["note"],
        "demand_met": i["demand_met"],
        "feedback": i["feedback"],
    }
    return changes, {}


def _sign(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    return {"signed": True, "signed_on": i["on"]}, {}


def _return_visit(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    visitor_id = ctx.actor.official_id
    if i["to"]:
        visitor = _official_named(ctx, i["to"])
        if visitor is None:
            raise NotFound(t("town.unknown_official", name=i["to"]), field="to")
        visitor_id = visitor.id
    satisfaction = i["satisfaction"].value
    changes: Changes = {
        "return_visit_on": i["on"],
        "return_visitor": visitor_id,
        "satisfaction": satisfaction,
    }
    return changes, {"official": visitor_id, "satisfaction": satisfaction, "to_whom": i["to"]}


def _redo(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    """重办 clears the completion and its return visit; the history stays in
    the events and the audit log."""
    changes: Changes = {
        "finished_on": None,
        "result": "",
        "demand_met": None,
        "feedback": "",
        "signed": False,
        "signed_on": None,
        "return_visit_on": None,
        "return_visitor": None,
        "satisfaction": "",
        "reopened": m.reopened + 1,
    }
    new_due: dt.date | None = i["new_due"]
    if new_due is not None:
        if new_due < i["on"]:
            raise ValidationError(
                t("matter.redo_due_before", new=new_due.isoformat(), on=i["on"].isoformat()),
                field="new_due",
            )
        changes["due_on"] = new_due
        changes["due_provisional"] = False
    return changes, {"new_due": new_due}


def _close(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    return {"closed_on": i["on"]}, {}


def _event_only(ctx: ServiceContext, m: Matter, i: dict[str, Any]) -> tuple[Changes, Changes]:
    """督办 / 催办: recorded on the timeline, the card itself unchanged."""
    return {}, {"to_whom": i["to"]}


_HANDLERS: dict[
    Step, Callable[[ServiceContext, Matter, dict[str, Any]], tuple[Changes, Changes]]
] = {
    Step.TRANSFER: _transfer,
    Step.SUPERVISE: _event_only,
    Step.REMIND: _event_only,
    Step.PROGRESS: _progress,
    Step.EXTEND: _extend,
    Step.FINISH: _finish,
    Step.SIGN: _sign,
    Step.RETURN_VISIT: _return_visit,
    Step.REDO: _redo,
    Step.CLOSE: _close,
}


def create_event(ctx: ServiceContext, *, audit_note: str, **values: Any) -> MatterEvent:
    """Insert a loop event, audited."""
    return audit.create(ctx, MatterEvent, audit_note=audit_note, **values)


def apply_step(
    ctx: ServiceContext, matter: Matter, step: Step, inputs: dict[str, Any]
) -> tuple[Changes, Changes]:
    """(card changes, event fields) for an allowed ``step``; validates its inputs."""
    check_step_date(
        inputs["on"],
        accepted_on=matter.accepted_on,
        today=ctx.today(),
        finished_on=matter.finished_on if step in _AFTER_FINISH else None,
    )
    changes, event = _HANDLERS[step](ctx, matter, inputs)
    event.setdefault("official", ctx.actor.official_id)
    event["note"] = inputs["note"] or inputs["feedback"]
    return changes, event
