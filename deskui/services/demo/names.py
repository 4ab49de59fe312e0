"""Corpora for the demo data: surnames, given-name characters, places,
posts, categories and the phrases matters, visits and contacts are made of.

Every person is generated from these lists (never a real person): common
surnames are weighted roughly by their frequency in southern Shaanxi, and
the heteronym surnames (曾 单 仇 解 查 朴 区 盖 覃) are always present so
pinyin-initials search can be tried on them. Place names are ordinary
village-name patterns; the towns are the county's town names.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

# "surname weight" pairs: common surnames first, then the heteronym surnames.
_SURNAME_TEXT = """
王70 李68 张62 刘55 陈52 杨45 黄25 赵24 吴22 周22 徐18 孙16 马15 朱14 胡14 郭13 何13
高12 林10 罗11 郑10 梁9 谢9 宋9 唐9 许8 韩8 冯8 邓8 曹8 彭7 肖7 田7 董7 袁6 潘6 蒋6
蔡6 余6 杜6 叶5 程5 苏5 魏5 吕5 丁5 任5 沈5 姚5 卢5 姜4 崔4 钟4 谭4 陆4 汪4 范4 石4
廖4 贾4 夏4 付4 方4 邹3 熊3 秦3 邱3 江3 尹3 段3 雷3 侯3 龙3 史3 陶3 贺3 毛3 龚3 万3
向3 柯3 储2 鲁2 饶2 燕2 曾6 单3 仇2 解2 查2 朴1 区1 盖2 覃2
"""
SURNAMES: tuple[tuple[str, int], ...] = tuple(
    (word[0], int(word[1:])) for word in _SURNAME_TEXT.split()
)
HETERONYM_SURNAMES = ("曾", "单", "仇", "解", "查", "朴", "区", "盖", "覃")

MALE_CHARS = (
    "国建明华军伟强平峰涛斌勇刚志文俊杰海波超辉鹏林宏德福贵成兴旺学永红春生发忠良富安庆祥宝山"
)
FEMALE_CHARS = "秀英芳兰玲琴霞燕丽梅娟敏静婷雪萍慧莉桂香凤珍翠云艳红琳颖佳倩蓉晓月"
COMMON_CHARS = "小新家正天玉金长光书荣仁立志明华文春秋清晨子思宇"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _rows(text: str) -> tuple[tuple[str, ...], ...]:
    """Lines of ``a|b|c`` fields (blank lines skipped)."""
    return tuple(tuple(line.split("|")) for line in text.strip().splitlines() if line.strip())


TOWN_NAMES = _words("""
县河镇 关庙镇 张滩镇 瀛湖镇 五里镇 吉河镇 流水镇 大竹园镇 洪山镇 叶坪镇 中原镇 沈坝镇
双龙镇 早阳镇 紫荆镇 茨沟镇 谭坝镇 坝河镇 恒口镇 新城街道办
""")
COUNTY = "汉滨区"
AREA_CODE = "610902"  # 汉滨区
OLD_AREA_CODE = "612401"  # 安康县 (before 2000): old cards stay valid
NEIGHBOUR_AREA_CODES = ("610921", "610925", "610929")  # 汉阴 岚皋 白河: married in
PHONE_AREA = "0915"

# The demo town's 29 villages (县河镇).
TOWN_VILLAGES = _words("""
县河社区 桃园村 李家湾村 石门村 双河村 青山村 黄岭村 长沟村 白岩村 花园村 枫树村 柳林村
新庄村 关庙村 红星村 团结村 金星村 太平村 中坝村 梨树湾村 张家坪村 白庙村 龙王村 茶园村
马鞍村 天池村 竹园村 三官村 五星村
""")
PLACE_HEADS = _words("""
张家 王家 李家 刘家 陈家 杨家 黄 白 石 青 柳 桃 枫 竹 茶 梨 龙 凤 马 牛 双 三 五 新 红
金 太平 长 高 中 东 西 南 北 大 小 柏 松 花
""")
PLACE_TAILS = _words("村 湾村 沟村 坪村 河村 岭村 坝村 庄村 垭村 山村 园村")
OFFICES = _words("村委会办公楼一楼 村活动室 村便民服务室 村委会二楼会议室 社区服务中心")

# Town leadership (班子成员) and the units the other officials work in.
LEADER_POSTS = _words("""
党委书记 镇长 党委副书记 人大主席 副镇长 副镇长 副镇长 纪委书记 组织委员 武装部长
宣传委员 政法委员
""")
STAFF_UNITS = _words("""
党政办 经济发展办 社会事务办 民政办 农业综合服务站 林业站 国土资源所 司法所 财政所 社保所
综治办 卫计办 水利站 安监站 文化站 扶贫办
""")
STAFF_POSTS = _words("干部 干事 站长 所长 主任 副主任 专干")
VILLAGE_CADRE_POSTS = _words("村党支部书记 村委会主任 村委会副主任 村文书 村监委会主任")
HELPER_KINDS = _words("大学生村官 法律顾问 志愿者")
DUTIES = _words("""
宣传政策，接待群众来访，代办群众事项，跟踪办理进度并及时反馈
包联户走访，收集民情民意，调处矛盾纠纷，协调解决群众困难
负责驻村服务日组织协调，督促事项办理，审核办结销号
""")

CATEGORIES = _words("""
政策咨询 证照代办 民政救助 生产发展 基础设施 矛盾纠纷 土地林权与宅基地 信访诉求 干部作风 意见建议
""")
CATEGORY_WEIGHTS = (20, 16, 18, 10, 12, 6, 8, 4, 2, 4)

# category|what is asked|materials|unit it is passed to|result
_MATTER_ROWS = _rows("""
政策咨询|咨询城乡居民养老保险补缴政策|身份证复印件|镇社保所|已告知补缴标准和办理流程
政策咨询|咨询农村危房改造补助申请条件|房屋照片|镇规划建设办|已讲解政策并登记需求
证照代办|代办第二代残疾人证换证|身份证、户口本、照片2张|区残联|新证已领取并送达本人
证照代办|代办生育服务登记|夫妻双方身份证、结婚证|镇卫计办|已办结登记，证明送达
证照代办|代办身份证补领|户口本|区公安分局户政科|新身份证已送达
证照代办|代办老年人优待证|身份证、照片1张|镇民政办|优待证已办好交本人
民政救助|申请农村最低生活保障|身份证、户口本、收入证明|镇民政办|已纳入低保，按月发放
民政救助|申请临时救助（家人住院）|住院发票、诊断证明|镇民政办|临时救助金已发放
民政救助|申请高龄补贴|身份证、户口本|镇民政办|已审核通过，次月起发放
民政救助|新农合医疗费用报销|发票、清单、出院证明|区医保中心|报销款已到账
生产发展|申请产业发展贴息贷款|身份证、产业计划|区农商银行|贷款已审批发放
生产发展|请求提供茶叶种植技术指导||镇农业综合服务站|技术员已上门指导
生产发展|申请生猪养殖补贴|养殖场照片、存栏登记|区农业农村局|补贴已兑现
生产发展|魔芋种苗采购协调||镇经济发展办|已联系种苗企业送苗
基础设施|组道路面塌陷需修补|现场照片|镇规划建设办|已组织修补，通行恢复
基础设施|自来水管道破裂停水||镇水利站|管道已抢修，恢复供水
基础设施|请求加装路灯||镇规划建设办|已纳入亮化工程并安装
基础设施|台区电压低，电器无法使用||镇供电所|已更换变压器，电压正常
矛盾纠纷|与邻居因排水沟走向发生纠纷||镇司法所|经调解双方达成协议
矛盾纠纷|与承包方工钱结算纠纷|务工记录|镇综治办|工钱已结清
土地林权与宅基地|申请宅基地审批|身份证、户口本、申请书|镇国土资源所|宅基地审批已通过
土地林权与宅基地|林权证信息变更|林权证、身份证|区林业局|变更登记已完成
土地林权与宅基地|土地承包经营权确权信息有误|承包合同|镇农业综合服务站|信息已更正
信访诉求|反映征地补偿款未足额发放|补偿协议|镇党政办|已核实并补发差额
信访诉求|反映养殖场异味影响生活||镇安监站|已督促整改，加装除臭设施
干部作风|反映村干部办事拖拉||镇纪委|已约谈提醒，事项当周办结
意见建议|建议在村口设置公交招呼站||镇党政办|已与公交公司协调设站
意见建议|建议增加文化广场健身器材||镇文化站|器材已安装
""")
MATTERS: dict[str, tuple[tuple[str, ...], ...]] = {
    name: tuple(row[1:] for row in _MATTER_ROWS if row[0] == name) for name in CATEGORIES
}

# what was asked|the answer given
ANSWERS = _rows("""
咨询养老保险缴费档次|已讲解缴费档次与补贴标准
咨询医保年度缴费时间|已告知缴费时间和渠道
咨询退耕还林补助发放时间|已查询并告知发放时间
咨询子女上学教育资助|已讲解资助政策和申请时间
咨询外出务工就业培训|已告知培训报名方式
询问农资补贴到账情况|已现场查询，补贴已到账
咨询残疾人两项补贴|已讲解申请条件
咨询产业奖补政策|已讲解奖补标准
""")
REFUSALS = _rows("""
要求将已分户的子女纳入低保|家庭收入超出低保标准，已宣传解释政策
要求在基本农田上建房|违反耕地保护规定，已解释并引导另行选址
要求报销不在目录内的药费|不在医保报销范围，已解释
""")
DISPUTES = _rows("""
与邻居因宅基地界线争执|双方现场确认界桩，握手言和
兄弟间赡养老人费用分摊纠纷|达成每月分摊协议
因牛羊啃食庄稼引发纠纷|赔偿损失，达成谅解
山林边界不清发生争吵|约定请林业站现场勘界
""")
PROGRESS = _words("已转相关单位办理 材料已报送，等待审批 已上门核实情况 正在协调处理")
ABSENCES = _words("参加区上会议 病假 下乡处理突发事件 参加培训 事假")
CONTACT_NOTES = _words("""
了解家庭生产生活情况 宣传医保缴费政策 询问老人身体状况 了解外出务工人员情况
查看房屋安全情况 宣传防汛避险知识 了解产业发展需求 走访慰问 电话询问近况
""")
EVENT_KINDS = _words("突发事件 邻里纠纷 婚丧嫁娶")

# tag|share of households|problem noted on the household
_TAG_ROWS = _rows("""
低保户|0.05|家庭收入低，生活困难
五保户|0.01|无劳动能力，无赡养人
残疾人|0.04|家中有残疾人，需要照护
留守老人|0.08|子女外出务工，老人无人照料
留守儿童|0.05|父母外出务工，孩子由祖辈照看
独居老人|0.03|独自居住，身体较差
产业发展大户|0.02|扩大规模缺少资金
防汛防滑重点户|0.03|房屋后有滑坡隐患，汛期需转移
矛盾纠纷重点户|0.01|与邻里存在土地纠纷
""")
TAG_SHARES: tuple[tuple[str, float], ...] = tuple((r[0], float(r[1])) for r in _TAG_ROWS)
TAG_PROBLEMS: dict[str, str] = {r[0]: r[2] for r in _TAG_ROWS}
DISABILITIES = _words("残疾（肢体三级） 残疾（视力二级） 残疾（听力四级） 残疾（智力三级）")
CHRONIC = _words("高血压 糖尿病 慢性支气管炎 风湿病")
ECONOMY: tuple[tuple[str, int], ...] = (
    ("种植", 30), ("务工", 30), ("种植、务工", 20), ("养殖", 8), ("经商", 6), ("其他", 6)
)  # fmt: skip
SCHOOLS = _words("汉滨区第二中学 安康职业技术学院")  # beside the town's own schools
MOBILE_PREFIXES = _words("""
130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 177 180
181 182 183 186 187 188 189 191 199
""")


class NamePicker:
    """Draws surnames and given names from the weighted corpora."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._cum: list[int] = []
        total = 0
        for _, weight in SURNAMES:
            total += weight
            self._cum.append(total)

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._cum)[0]

    def given(self, male: bool, born: int) -> str:
        rng = self.rng
        pool = MALE_CHARS if male else FEMALE_CHARS
        if rng.random() < (0.45 if born < 1970 else 0.2):
            return rng.choice(pool)
        first = rng.choice(COMMON_CHARS) if rng.random() < 0.3 else rng.choice(pool)
        return first + rng.choice(pool)

    def full(self, male: bool, born: int, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(male, born)


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([w for w, _ in weighted], weights=[n for _, n in weighted])[0]


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    return f"{PHONE_AREA}-{rng.randrange(2, 9)}{rng.randrange(10**6):06d}"


def area_code(rng: random.Random, born: dt.date) -> str:
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(NEIGHBOUR_AREA_CODES)
    if born.year < 1995 and roll < 0.18:
        return OLD_AREA_CODE
    return AREA_CODE


def village_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct plausible village names (the county's towns)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names
