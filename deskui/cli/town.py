"""``deskui town …``: create the town (first run) and its phones on the forms."""

from __future__ import annotations

import argparse

from deskui.cli.runtime import Runtime, console, print_json
from deskui.domain.errors import ValidationError
from deskui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("town", help=t("towncli.help"), description=t("towncli.help"))
    actions = p.add_subparsers(
        dest="town_command", metavar=t("towncli.command_metavar"), required=True
    )
    setup = actions.add_parser(
        "setup", help=t("towncli.setup_help"), description=t("towncli.setup_help")
    )
    setup.add_argument("name", help=t("towncli.name_help"))
    setup.add_argument(
        "--village",
        action="append",
        default=[],
        metavar="村名:组数",
        help=t("towncli.village_help"),
    )
    setup.add_argument("--code", default="", help=t("towncli.code_help"))
    setup.add_argument("--county", default="", help=t("towncli.county_help"))
    setup.set_defaults(handler=run_setup)

    show = actions.add_parser(
        "show", help=t("towncli.show_help"), description=t("towncli.show_help")
    )
    show.add_argument("--json", action="store_true", help=t("cli.json_help"))
    show.set_defaults(handler=run_show)

    phones = actions.add_parser(
        "phones", help=t("townlist.phones_help"), description=t("townlist.phones_help")
    )
    phones.add_argument("--service", help=t("townlist.service_help"))
    phones.add_argument("--supervision", help=t("townlist.supervision_help"))
    phones.add_argument("--liaison", help=t("townlist.liaison_help"))
    phones.add_argument("--liaison-phone", help=t("townlist.liaison_phone_help"))
    phones.set_defaults(handler=run_phones)


def village_spec(text: str) -> tuple[str, int]:
    """``桃园村:6`` (or 桃园村：6, or just 桃园村 for one group)."""
    name, sep, groups = text.replace("：", ":").partition(":")
    if not sep:
        return name.strip(), 1
    if not groups.strip().isdigit():
        raise ValidationError(t("towncli.bad_village", value=text), field="village")
    return name.strip(), int(groups.strip())


def run_setup(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.towns import is_empty, setup_town

    ctx = runtime.context()
    if not is_empty(ctx):
        raise ValidationError(t("towncli.exists"))
    villages = [village_spec(v) for v in args.village]
    setup_town(ctx, args.name, villages, code=args.code, county=args.county)
    console.print(t("towncli.created", name=args.name, count=len(villages)))
    return 0


def run_show(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.towns import town_info

    info = town_info(runtime.context())
    if info is None:
        raise ValidationError(t("towncli.none"))
    if args.json:
        print_json(info)
        return 0
    console.print(
        t(
            "towncli.info",
            name=info.name,
            code=info.code,
            service=info.service_phone or t("common.dash"),
            supervision=info.supervision_phone or t("common.dash"),
        )
    )
    return 0


def run_phones(args: argparse.Namespace, runtime: Runtime) -> int:
    from deskui.services.town.town_lists import set_phones

    info = set_phones(
        runtime.context(),
        service=args.service,
        supervision=args.supervision,
        liaison_name=args.liaison,
        liaison_phone=args.liaison_phone,
    )
    dash = t("common.dash")
    console.print(
        t(
            "townlist.phones_set",
            service=info.service_phone or dash,
            supervision=info.supervision_phone or dash,
            liaison=info.liaison_name or dash,
            liaison_phone=info.liaison_phone,
        )
    )
    return 0
