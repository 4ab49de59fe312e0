"""Messages ``phone.*`` (zh_CN)."""

MESSAGES: dict[str, str] = {
    "phone.letters": "电话号码只能包含数字",
    "phone.mobile_length": "手机号码应为 11 位，现在输入了 {count} 位",
    "phone.mobile_prefix": "手机号码应以 13–19 开头，“{number}”不对",
    "phone.landline_length": "固定电话应为区号加 7–8 位号码，例如 0915-3212345（现在共 {count} 位数字）",
    "phone.no_area_code": "固定电话请加区号，例如 0915-3212345",
    "phone.bad_length": "电话号码位数不对：输入了 {count} 位数字；手机号应为 11 位，固定电话应为区号加 7–8 位号码",
}
