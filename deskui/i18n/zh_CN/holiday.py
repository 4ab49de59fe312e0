"""Messages ``holiday.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "holiday.new_year": "元旦",
    "holiday.spring": "春节",
    "holiday.tomb_sweeping": "清明节",
    "holiday.labour": "劳动节",
    "holiday.dragon_boat": "端午节",
    "holiday.mid_autumn": "中秋节",
    "holiday.national": "国庆节",
    "holiday.anti_fascist": "抗战胜利纪念日",
}
