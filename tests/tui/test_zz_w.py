from deskui.tui.app import DeskApp
import sys; sys.path.insert(0, "/work/main/tests/tui")
from test_desk import settle, sign_in

async def test_w(desk_ctx):
    app = DeskApp(desk_ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        t = app.query_one("#matters-table")
        svg = app.export_screenshot(); print("FULL" if "XH2026-0001" in svg else "CLIPPED")
        print(repr(t.get_row_at(0)[0]))
